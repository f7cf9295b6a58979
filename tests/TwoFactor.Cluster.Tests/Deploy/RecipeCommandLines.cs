using System.Text.RegularExpressions;
using YamlDotNet.RepresentationModel;

namespace TwoFactor.Cluster.Tests.Deploy;

/// <summary>One container's `twofactor` command line and the environment a recipe gives it.</summary>
public sealed record RecipeCommand(string Source, IReadOnlyList<string> Args, IReadOnlyDictionary<string, string> Environment)
{
    public override string ToString() => $"{Source}: twofactor {string.Join(' ', Args)}";
}

/// <summary>
/// Reads the command lines out of the deployment recipes: every container of every Kubernetes manifest under
/// deploy/k8s/ and every twofactor service of docker-compose.yml, with the values Kubernetes and compose would
/// give their environment (fieldRef, secretKeyRef and resourceFieldRef get realistic stand-ins; $(VAR) and
/// ${VAR:-default} are expanded; env_file is read from its committed .example).
/// </summary>
public static partial class RecipeCommandLines
{
    /// <summary>Stand-ins for what the cluster fills in at run time.</summary>
    private static readonly Dictionary<string, string> FieldValues = new()
    {
        ["metadata.name"] = "twofactor-coordinator-0",
        ["status.podIP"] = "10.244.1.7",
    };

    public const string SecretStandIn = "Host=twofactor-postgres;Port=5432;Username=twofactor;Password=stand-in;Database=twofactor";

    public static IReadOnlyList<RecipeCommand> Kubernetes(string root)
    {
        var commands = new List<RecipeCommand>();
        foreach (var file in Directory.GetFiles(System.IO.Path.Combine(root, "deploy", "k8s"), "*.yaml").Order())
        {
            var stream = new YamlStream();
            using (var reader = File.OpenText(file)) stream.Load(reader);
            foreach (var document in stream.Documents)
            {
                var manifest = (YamlMappingNode)document.RootNode;
                var podSpec = Node(manifest, "spec", "template", "spec") as YamlMappingNode;
                if (podSpec is null) continue;
                foreach (YamlMappingNode container in (YamlSequenceNode)podSpec.Children[new YamlScalarNode("containers")])
                {
                    if (Scalar(container, "image") is not { } image || !image.StartsWith("twofactor", StringComparison.Ordinal)) continue;
                    if (container.Children.ContainsKey(new YamlScalarNode("command")))
                        throw new InvalidOperationException($"{file}: a twofactor container overrides the image's entrypoint");
                    var env = new Dictionary<string, string>();
                    if (Node(container, "env") is YamlSequenceNode variables)
                        foreach (YamlMappingNode variable in variables)
                            env[Scalar(variable, "name")!] = EnvValue(variable, env, file);
                    var args = ((YamlSequenceNode)container.Children[new YamlScalarNode("args")])
                        .Select(a => ExpandKubernetes(((YamlScalarNode)a).Value!, env)).ToList();
                    commands.Add(new RecipeCommand($"{System.IO.Path.GetFileName(file)} ({Scalar(manifest, "kind")} {Scalar((YamlMappingNode)manifest.Children[new YamlScalarNode("metadata")], "name")})", args, env));
                }
            }
        }
        return commands;
    }

    public static IReadOnlyList<RecipeCommand> Compose(string root)
    {
        var stream = new YamlStream();
        using (var reader = File.OpenText(System.IO.Path.Combine(root, "docker-compose.yml"))) stream.Load(reader);
        var services = (YamlMappingNode)((YamlMappingNode)stream.Documents[0].RootNode).Children[new YamlScalarNode("services")];
        var commands = new List<RecipeCommand>();
        foreach (var (name, node) in services.Children)
        {
            var service = (YamlMappingNode)node;
            if (Node(service, "build") is null) continue; // postgres: not ours
            if (service.Children.ContainsKey(new YamlScalarNode("entrypoint")))
                throw new InvalidOperationException($"docker-compose.yml: service {name} overrides the image's entrypoint");
            var env = new Dictionary<string, string>();
            if (Node(service, "env_file") is YamlSequenceNode files)
                foreach (YamlScalarNode file in files)
                    foreach (var (k, v) in ReadEnvFile(System.IO.Path.Combine(root, file.Value! + ".example"))) env[k] = v;
            if (Node(service, "environment") is YamlMappingNode environment)
                foreach (var (k, v) in environment.Children) env[((YamlScalarNode)k).Value!] = ExpandCompose(((YamlScalarNode)v).Value!);
            var args = ((YamlSequenceNode)service.Children[new YamlScalarNode("command")]).Select(a => ExpandCompose(((YamlScalarNode)a).Value!)).ToList();
            commands.Add(new RecipeCommand($"docker-compose.yml (service {name})", args, env));
        }
        return commands;
    }

    /// <summary>KEY=VALUE lines (compose's env_file format); # comments and blank lines skipped.</summary>
    public static IEnumerable<(string Key, string Value)> ReadEnvFile(string path) =>
        File.ReadAllLines(path)
            .Where(l => l.Trim() is { Length: > 0 } t && !t.StartsWith('#'))
            .Select(l => (l[..l.IndexOf('=')].Trim(), l[(l.IndexOf('=') + 1)..]));

    private static string EnvValue(YamlMappingNode variable, IReadOnlyDictionary<string, string> earlier, string file)
    {
        if (Scalar(variable, "value") is { } value) return ExpandKubernetes(value, earlier);
        var from = (YamlMappingNode)variable.Children[new YamlScalarNode("valueFrom")];
        if (Node(from, "fieldRef", "fieldPath") is YamlScalarNode field)
            return FieldValues.TryGetValue(field.Value!, out var v) ? v : throw new InvalidOperationException($"{file}: no stand-in for fieldRef {field.Value}");
        if (Node(from, "secretKeyRef") is not null) return SecretStandIn;
        if (Node(from, "resourceFieldRef") is not null) return "4";
        throw new InvalidOperationException($"{file}: unsupported valueFrom in {Scalar(variable, "name")}");
    }

    /// <summary>Kubernetes expands $(VAR) from variables defined earlier in the list.</summary>
    private static string ExpandKubernetes(string value, IReadOnlyDictionary<string, string> env) =>
        KubernetesReference().Replace(value, m => env.TryGetValue(m.Groups[1].Value, out var v) ? v : m.Value);

    /// <summary>Compose interpolation with nothing set in the shell: ${VAR:-default} is the default.</summary>
    private static string ExpandCompose(string value) => ComposeReference().Replace(value, m => m.Groups[2].Value);

    private static YamlNode? Node(YamlMappingNode node, params string[] keys)
    {
        YamlNode current = node;
        foreach (var key in keys)
        {
            if (current is not YamlMappingNode map || !map.Children.TryGetValue(new YamlScalarNode(key), out var next)) return null;
            current = next;
        }
        return current;
    }

    private static string? Scalar(YamlMappingNode node, string key) => (Node(node, key) as YamlScalarNode)?.Value;

    [GeneratedRegex(@"\$\(([A-Za-z_][A-Za-z0-9_]*)\)")]
    private static partial Regex KubernetesReference();

    [GeneratedRegex(@"\$\{([A-Za-z_][A-Za-z0-9_]*)(?::-([^}]*))?\}")]
    private static partial Regex ComposeReference();
}
