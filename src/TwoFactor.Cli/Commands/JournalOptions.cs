using System.CommandLine;

namespace TwoFactor.Cli.Commands;

/// <summary>
/// Where a PostgreSQL journal's connection string comes from, first found wins: `--journal`, `--journal-file`
/// (a file holding it, e.g. a mounted secret), TWOFACTOR_JOURNAL, TWOFACTOR_JOURNAL_FILE. The file and the
/// environment keep the password off the command line (where `ps` shows it to every user of the machine).
/// </summary>
internal sealed class JournalOptions(string description)
{
    public Option<string?> Journal { get; } = new("--journal") { Description = $"{description} (env TWOFACTOR_JOURNAL; prefer it or --journal-file for passwords)" };
    public Option<string?> File { get; } = new("--journal-file") { Description = "File holding the PostgreSQL connection string (env TWOFACTOR_JOURNAL_FILE)" };

    public void AddTo(Command command)
    {
        command.Options.Add(Journal);
        command.Options.Add(File);
    }

    /// <summary>The connection string (null: none given) or the error line.</summary>
    public (string? Value, string? Error) Resolve(ParseResult result)
    {
        if (NonEmpty(result.GetValue(Journal)) is { } given) return (given, null);
        if (result.GetValue(File) is { } file) return Read(file, "--journal-file");
        if (NodeOptions.Env("TWOFACTOR_JOURNAL") is { } env) return (NonEmpty(env), null);
        if (NodeOptions.Env("TWOFACTOR_JOURNAL_FILE") is { } envFile) return Read(envFile, "TWOFACTOR_JOURNAL_FILE");
        return (null, null);
    }

    private static (string? Value, string? Error) Read(string path, string source)
    {
        try
        {
            return NonEmpty(System.IO.File.ReadAllText(path)) is { } value ? (value, null) : (null, $"{source}: {path} is empty");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            return (null, $"{source}: cannot read {path}: {e.Message}");
        }
    }

    private static string? NonEmpty(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
