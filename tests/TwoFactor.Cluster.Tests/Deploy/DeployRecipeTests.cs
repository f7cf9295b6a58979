using System.CommandLine;
using System.Text.RegularExpressions;
using TwoFactor.Cli.Commands;
using Xunit.Abstractions;

namespace TwoFactor.Cluster.Tests.Deploy;

/// <summary>
/// The container recipes cannot drift from the CLI: every command line of deploy/k8s/*.yaml and docker-compose.yml
/// goes through the CLI's own parser and option binding with the environment the recipe sets.
/// </summary>
public sealed partial class DeployRecipeTests(ITestOutputHelper output)
{
    [Fact]
    public void Every_recipe_command_line_is_accepted_by_the_cli()
    {
        var root = RepositoryFiles.Root;
        var commands = RecipeCommandLines.Kubernetes(root).Concat(RecipeCommandLines.Compose(root)).ToList();
        foreach (var command in commands) output.WriteLine(command.ToString());
        // coordinator, CPU and GPU workers in k8s; coordinator and worker in compose.
        Assert.Equal(5, commands.Count);
        foreach (var command in commands)
            Assert.True(Check(command) is [], $"{command}\n  {string.Join("\n  ", Check(command))}");

        // Workers reach the coordinator under the name and port it announces.
        foreach (var recipe in commands.GroupBy(c => c.Source.Split(' ')[0].StartsWith("docker") ? "compose" : "k8s"))
        {
            var coordinator = recipe.Single(c => c.Args[0] == "coordinator").Environment;
            var announced = $"{coordinator["TWOFACTOR_PUBLIC_HOSTNAME"]}:{coordinator["TWOFACTOR_PORT"]}";
            foreach (var worker in recipe.Where(c => c.Args[0] == "worker"))
                Assert.True(worker.Environment["TWOFACTOR_SEED_NODES"] == announced,
                    $"{worker.Source} joins {worker.Environment["TWOFACTOR_SEED_NODES"]}, the coordinator announces {announced}");
        }
        // No password in any recipe: compose reads deploy/compose.env, Kubernetes a Secret.
        foreach (var file in Directory.GetFiles(Path.Combine(root, "deploy", "k8s")).Append(Path.Combine(root, "docker-compose.yml")))
            Assert.False(Regex.IsMatch(File.ReadAllText(file), @"(?i)password(=|:\s*\S)"), $"{file} holds a password");
    }

    [Fact]
    public void The_checker_rejects_what_the_cli_rejects()
    {
        var empty = new Dictionary<string, string>();
        Assert.NotEmpty(Check(new("typo", ["worker", "--slot", "2"], empty)));
        Assert.NotEmpty(Check(new("bad seed", ["worker"], new Dictionary<string, string> { ["TWOFACTOR_SEED_NODES"] = "coordinator" })));
        Assert.NotEmpty(Check(new("bad int", ["worker", "--seed-nodes", "a:1"], new Dictionary<string, string> { ["TWOFACTOR_SLOTS"] = "2.5" })));
        Assert.NotEmpty(Check(new("unknown variable", ["worker", "--seed-nodes", "a:1"], new Dictionary<string, string> { ["TWOFACTOR_SLOT"] = "2" })));
        Assert.NotEmpty(Check(new("missing sweep", ["coordinator", "configs/nope.yaml"], empty)));
        Assert.Empty(Check(new("fine", ["worker", "--seed-nodes", "a:1"], new Dictionary<string, string> { ["TWOFACTOR_SLOTS"] = "2" })));
    }

    /// <summary>What the CLI says about a recipe's command line: parse errors, option binding errors, unknown or malformed variables.</summary>
    private static List<string> Check(RecipeCommand command)
    {
        var errors = new List<string>();
        var root = new RootCommand();
        foreach (var verb in CommandCatalog.All()) root.Subcommands.Add(verb);
        var verbCommand = root.Subcommands.FirstOrDefault(c => c.Name == command.Args.FirstOrDefault());
        if (verbCommand is null) return [$"'{command.Args.FirstOrDefault()}' is not a twofactor verb"];

        // Every TWOFACTOR_* variable must be one the verb reads (its options name them), integers must be integers:
        // the CLI falls back to the default for a malformed one, which a recipe must not rely on.
        var read = verbCommand.Options
            .SelectMany(o => EnvName().Matches(o.Description ?? "").Select(m => (Name: m.Value, o.ValueType)))
            .ToDictionary(x => x.Name, x => x.ValueType);
        foreach (var (name, value) in command.Environment.Where(e => e.Key.StartsWith("TWOFACTOR_", StringComparison.Ordinal)))
        {
            if (!read.TryGetValue(name, out var type)) errors.Add($"{name}: `twofactor {verbCommand.Name}` does not read this variable");
            else if (type == typeof(int) && !int.TryParse(value, out _)) errors.Add($"{name}: '{value}' is not an integer");
        }

        NodeOptions.EnvironmentOverride.Value = command.Environment;
        try
        {
            var parse = root.Parse(command.Args.ToArray());
            errors.AddRange(parse.Errors.Select(e => e.Message));
            if (errors.Count > 0) return errors;
            if (verbCommand.Name is "coordinator" or "worker")
            {
                var (_, _, bindErrors) = new NodeOptions(0).Bind(parse);
                errors.AddRange(bindErrors);
                if (verbCommand.Name == "worker" && string.IsNullOrEmpty(parse.GetValue<string?>("--seed-nodes")))
                    errors.Add("worker without --seed-nodes / TWOFACTOR_SEED_NODES");
            }
            if (verbCommand.Arguments.FirstOrDefault(a => a.Name == "FILE") is { } file)
            {
                // The image's working folder /work has configs/ (-> /app/configs, the repository's configs/).
                var path = parse.GetValue<string>(file.Name)!;
                if (!File.Exists(Path.Combine(RepositoryFiles.Root, path))) errors.Add($"FILE: {path} is not in the image");
            }
        }
        finally
        {
            NodeOptions.EnvironmentOverride.Value = null;
        }
        return errors;
    }

    [GeneratedRegex(@"TWOFACTOR_[A-Z_]+")]
    private static partial Regex EnvName();
}
