using System.CommandLine;
using TwoFactor.Cli.Output;
using TwoFactor.Cluster.Hosting;

namespace TwoFactor.Cli.Commands;

/// <summary>
/// Where `status` and `sweeps` look for sweeps (--results, --journal, logging) and the listing both start from:
/// one definition, so the two commands find the same sweeps and report a bad journal the same way.
/// </summary>
internal sealed class KnownSweepOptions
{
    private readonly JournalOptions _journal = new("PostgreSQL connection string of a multi-node journal");
    private readonly LogOptions _log = new(withFile: false);

    public Option<string> Results { get; } = new("--results") { Description = "Results root holding <sweep_id>/journal.db", DefaultValueFactory = _ => "results" };

    public void AddTo(Command command)
    {
        command.Options.Add(Results);
        _journal.AddTo(command);
        _log.AddTo(command);
    }

    /// <summary>Every known sweep, or the exit code of the error already reported (bad option, unreadable journal).</summary>
    public async Task<(IReadOnlyList<KnownSweep>? Sweeps, int ExitCode)> ListAsync(ParseResult parseResult)
    {
        var (journalValue, journalError) = _journal.Resolve(parseResult);
        var (logSettings, logError) = _log.Bind(parseResult);
        if (journalError is not null || logError is not null) return (null, CliErrors.Report(new[] { journalError, logError }.OfType<string>()));
        try
        {
            return (await SweepStatusReader.ListAsync(parseResult.GetValue(Results)!, journalValue, logSettings), 0);
        }
        catch (SweepStartException e)
        {
            return (null, CliErrors.Report([e.Message]));
        }
    }
}
