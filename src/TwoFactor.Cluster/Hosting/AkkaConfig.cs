using System.Globalization;
using System.Text;
using Akka.Configuration;

namespace TwoFactor.Cluster.Hosting;

/// <summary>
/// Akka configuration as Config objects: the HOCON files of configs/akka/ (embedded in this assembly), and each
/// setting computed at run time as its own parsed one-key Config with its value quoted, stacked with
/// <see cref="Config.WithFallback"/>. No user value is ever spliced into a larger HOCON text, so a host name, path
/// or connection string holding quotes, braces, newlines or ${...} stays one string value.
/// </summary>
public static class AkkaConfig
{
    public static Config Load(string fileName)
    {
        using var stream = typeof(AkkaConfig).Assembly.GetManifestResourceStream($"akka/{fileName}")
            ?? throw new InvalidOperationException($"configs/akka/{fileName} is not embedded in {typeof(AkkaConfig).Assembly.GetName().Name}");
        using var reader = new StreamReader(stream);
        return ConfigurationFactory.ParseString(reader.ReadToEnd());
    }

    /// <summary>One setting: <paramref name="path"/> = the string, quoted.</summary>
    public static Config Value(string path, string value) => Parse(path, Quote(value));

    public static Config Value(string path, int value) => Parse(path, value.ToString(CultureInfo.InvariantCulture));

    public static Config Value(string path, bool value) => Parse(path, value ? "on" : "off");

    /// <summary>One setting whose value is a list of strings, each quoted.</summary>
    public static Config Value(string path, IEnumerable<string> values) => Parse(path, "[" + string.Join(", ", values.Select(Quote)) + "]");

    /// <summary>The first config wins; later ones fill what it leaves unset.</summary>
    public static Config Stack(params IEnumerable<Config> configs) =>
        configs.Aggregate(Config.Empty, (acc, next) => acc.IsEmpty ? next : acc.WithFallback(next));

    private static Config Parse(string path, string hoconValue)
    {
        // Paths are this program's constants (akka.remote.dot-netty.tcp.hostname, ...), never user input.
        if (path.Length == 0 || !path.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '-' or '_'))
            throw new InvalidOperationException($"'{path}' is not a plain HOCON path");
        return ConfigurationFactory.ParseString($"{path} = {hoconValue}");
    }

    /// <summary>A HOCON quoted string (JSON's escapes): quotes, backslashes and control characters escaped.</summary>
    private static string Quote(string value)
    {
        var quoted = new StringBuilder(value.Length + 2).Append('"');
        foreach (char c in value)
        {
            switch (c)
            {
                case '"': quoted.Append("\\\""); break;
                case '\\': quoted.Append("\\\\"); break;
                case '\n': quoted.Append("\\n"); break;
                case '\r': quoted.Append("\\r"); break;
                case '\t': quoted.Append("\\t"); break;
                case < ' ': quoted.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture)); break;
                default: quoted.Append(c); break;
            }
        }
        return quoted.Append('"').ToString();
    }
}
