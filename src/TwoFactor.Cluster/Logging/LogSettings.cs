using Akka.Configuration;
using TwoFactor.Cluster.Hosting;

namespace TwoFactor.Cluster.Logging;

/// <summary>
/// Where Akka's log goes: a file (results/&lt;sweep_id&gt;/twofactor.log for `run` and `coordinator`, a path of
/// the user's choice for workers), never the console unless <see cref="Verbose"/>; users see one-line errors
/// and progress only. The level is checked on construction (and on `with`).
/// </summary>
/// <param name="File">Log file (appended to); null: no file.</param>
/// <param name="Level">Akka log level: OFF, ERROR, WARNING, INFO or DEBUG (any case; kept in upper case).</param>
/// <param name="Verbose">Also write every log line to stderr.</param>
/// <exception cref="ArgumentException">The level is not one of <see cref="Levels"/>.</exception>
public sealed record LogSettings(string? File = null, string Level = LogSettings.DefaultLevel, bool Verbose = false)
{
    public const string DefaultLevel = "INFO";

    public static readonly string[] Levels = ["OFF", "ERROR", "WARNING", "INFO", "DEBUG"];

    public const string FileName = "twofactor.log";

    public string Level { get; init => field = CheckLevel(value); } = CheckLevel(Level);

    /// <summary>This with the file set when none was chosen.</summary>
    public LogSettings WithDefaultFile(string path) => File is null ? this with { File = path } : this;

    /// <summary>The logging layer of an actor system's config (goes first in the stack: it wins).</summary>
    public Config ToConfig()
    {
        bool silent = File is null && !Verbose;
        return AkkaConfig.Stack(
            AkkaConfig.Value("akka.loggers", [$"{typeof(FileLogger).FullName}, {typeof(FileLogger).Assembly.GetName().Name}"]),
            AkkaConfig.Value("akka.loglevel", silent ? "OFF" : Level),
            // Nothing on stdout, not even while the system starts: progress owns the console.
            AkkaConfig.Value("akka.stdout-loglevel", "OFF"),
            AkkaConfig.Value("akka.stdout-logger-class", $"{typeof(SilentStdoutLogger).FullName}, {typeof(SilentStdoutLogger).Assembly.GetName().Name}"),
            AkkaConfig.Value("akka.logger-startup-timeout", "10s"),
            AkkaConfig.Value("twofactor.log.file", File ?? ""),
            AkkaConfig.Value("twofactor.log.stderr", Verbose));
    }

    private static string CheckLevel(string level) =>
        level is not null && Levels.Contains(level.ToUpperInvariant())
            ? level.ToUpperInvariant()
            : throw new ArgumentException($"--log-level: '{level}' is not one of {string.Join(", ", Levels)}");
}
