using Akka.Configuration;

namespace TwoFactor.Cluster.Hosting;

/// <summary>Reads the HOCON files of configs/akka/ (embedded in this assembly) and stacks them with WithFallback.</summary>
public static class AkkaConfig
{
    public static Config Load(string fileName)
    {
        using var stream = typeof(AkkaConfig).Assembly.GetManifestResourceStream($"akka/{fileName}")
            ?? throw new InvalidOperationException($"configs/akka/{fileName} is not embedded in {typeof(AkkaConfig).Assembly.GetName().Name}");
        using var reader = new StreamReader(stream);
        return ConfigurationFactory.ParseString(reader.ReadToEnd());
    }

    /// <summary>HOCON string literal (quotes and backslashes escaped) for values spliced into generated config.</summary>
    public static string Quote(string value) => "\"" + value.Replace("\\", "\\\\").Replace("\"", "\\\"") + "\"";

    /// <summary>The first config wins; later ones fill what it leaves unset.</summary>
    public static Config Stack(params Config[] configs) =>
        configs.Aggregate(Config.Empty, (acc, next) => acc.IsEmpty ? next : acc.WithFallback(next));
}
