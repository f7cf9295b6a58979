using System.CommandLine;
using TwoFactor.Cluster.Logging;

namespace TwoFactor.Cli.Commands;

/// <summary>
/// `--log-level`, `--log-file`, `--verbose`: Akka's log goes to a file (default chosen by the verb: the sweep's
/// results folder for `run` and `coordinator`, none for `status`), stderr only with --verbose.
/// </summary>
internal sealed class LogOptions(bool withFile)
{
    public Option<string> Level { get; } = new("--log-level") { Description = $"Log level: {string.Join(" | ", LogSettings.Levels)} (env TWOFACTOR_LOG_LEVEL)", DefaultValueFactory = _ => NodeOptions.Env("TWOFACTOR_LOG_LEVEL") ?? LogSettings.DefaultLevel };
    public Option<string?> File { get; } = new("--log-file") { Description = "Log file, appended to (env TWOFACTOR_LOG_FILE)", DefaultValueFactory = _ => NodeOptions.Env("TWOFACTOR_LOG_FILE") };
    public Option<bool> Verbose { get; } = new("--verbose") { Description = "Also print the log on stderr" };

    public IEnumerable<Option> All() => withFile ? [Level, File, Verbose] : [Level, Verbose];

    public void AddTo(Command command)
    {
        foreach (var option in All()) command.Options.Add(option);
    }

    /// <summary>The settings, or the error line of a bad level (LogSettings checks it).</summary>
    public (LogSettings? Settings, string? Error) Bind(ParseResult result)
    {
        try
        {
            return (new LogSettings(withFile ? result.GetValue(File) : null, result.GetValue(Level)!, result.GetValue(Verbose)), null);
        }
        catch (ArgumentException e)
        {
            return (null, e.Message);
        }
    }
}
