using Akka.Configuration;
using TwoFactor.Cluster.Hosting;

namespace TwoFactor.Cluster.Logging;

/// <summary>
/// Where Akka's log goes: a file (results/&lt;sweep_id&gt;/twofactor.log for `run` and `coordinator`, a path of
/// the user's choice for workers), never the console unless <see cref="Verbose"/>; users see one-line errors
/// and progress only.
/// </summary>
/// <param name="File">Log file (appended to); null: no file.</param>
/// <param name="Level">Akka log level: OFF, ERROR, WARNING, INFO or DEBUG.</param>
/// <param name="Verbose">Also write every log line to stderr.</param>
public sealed record LogSettings(string? File = null, string Level = LogSettings.DefaultLevel, bool Verbose = false)
{
    public const string DefaultLevel = "INFO";

    public static readonly string[] Levels = ["OFF", "ERROR", "WARNING", "INFO", "DEBUG"];

    public const string FileName = "twofactor.log";

    /// <summary>Null when <paramref name="level"/> is one of <see cref="Levels"/> (any case); else the error line.</summary>
    public static string? CheckLevel(string level) =>
        Levels.Contains(level.ToUpperInvariant()) ? null : $"--log-level: '{level}' is not one of {string.Join(", ", Levels)}";

    /// <summary>This with the file set when none was chosen.</summary>
    public LogSettings WithDefaultFile(string path) => File is null ? this with { File = path } : this;

    /// <summary>The logging layer of an actor system's config (goes first in the stack: it wins).</summary>
    public Config ToConfig()
    {
        bool silent = File is null && !Verbose;
        var hocon = $$"""
            akka {
              loggers = ["{{typeof(FileLogger).FullName}}, {{typeof(FileLogger).Assembly.GetName().Name}}"]
              loglevel = {{(silent ? "OFF" : Level.ToUpperInvariant())}}
              # Nothing on stdout, not even while the system starts: progress owns the console.
              stdout-loglevel = OFF
              stdout-logger-class = "{{typeof(SilentStdoutLogger).FullName}}, {{typeof(SilentStdoutLogger).Assembly.GetName().Name}}"
              logger-startup-timeout = 10s
            }
            twofactor.log {
              file = {{AkkaConfig.Quote(File ?? "")}}
              stderr = {{(Verbose ? "on" : "off")}}
            }
            """;
        return ConfigurationFactory.ParseString(hocon);
    }
}
