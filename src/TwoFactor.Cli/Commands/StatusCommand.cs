using System.CommandLine;
using TwoFactor.Cli.Output;
using TwoFactor.Cluster.Hosting;

namespace TwoFactor.Cli.Commands;

/// <summary>
/// `twofactor status [SWEEP]`: progress of one sweep read from its journal, so it works while a run is going
/// (another process) and after a crash. SWEEP is a sweep id, a unique id prefix or a sweep name; without it,
/// the most recently changed sweep.
/// </summary>
public static class StatusCommand
{
    public static Command Create()
    {
        var sweep = new Argument<string?>("SWEEP") { Description = "Sweep id, id prefix or name (default: the most recent)", Arity = ArgumentArity.ZeroOrOne };
        var results = new Option<string>("--results") { Description = "Results root holding <sweep_id>/journal.db", DefaultValueFactory = _ => "results" };
        var journal = new Option<string?>("--journal") { Description = "PostgreSQL connection string of a multi-node journal (env TWOFACTOR_JOURNAL)" };

        var command = new Command("status", "Show a sweep's progress from its journal");
        command.Arguments.Add(sweep);
        command.Options.Add(results);
        command.Options.Add(journal);
        command.SetAction(async parseResult =>
        {
            IReadOnlyList<KnownSweep> known;
            try
            {
                known = await SweepStatusReader.ListAsync(parseResult.GetValue(results)!, JournalOption(parseResult.GetValue(journal)));
            }
            catch (SweepStartException e)
            {
                return CliErrors.Report([e.Message]);
            }
            var wanted = parseResult.GetValue(sweep);
            var matches = wanted is null
                ? known.OrderByDescending(k => k.Summary.LastChange).Take(1).ToList()
                : known.Where(k => k.SweepId == wanted).ToList() is { Count: > 0 } exact ? exact
                : known.Where(k => k.SweepId.StartsWith(wanted, StringComparison.Ordinal) || k.Summary.Sweep?.Name == wanted).ToList();
            if (matches.Count == 0)
                return CliErrors.Report([wanted is null ? "no sweeps found (run `twofactor run FILE` first, or pass --results / --journal)" : $"SWEEP: no sweep matches '{wanted}'; `twofactor sweeps` lists them"]);
            if (matches.Count > 1)
                return CliErrors.Report([$"SWEEP: '{wanted}' matches {matches.Count} sweeps ({string.Join(", ", matches.Select(m => m.SweepId))}); give more of the id"]);
            Print(matches[0]);
            return 0;
        });
        return command;
    }

    /// <summary>--journal, else TWOFACTOR_JOURNAL; only PostgreSQL connection strings (SQLite journals live under --results).</summary>
    internal static string? JournalOption(string? value)
    {
        var journal = value ?? NodeOptions.Env("TWOFACTOR_JOURNAL");
        return string.IsNullOrWhiteSpace(journal) ? null : journal;
    }

    private static void Print(KnownSweep sweep)
    {
        var s = sweep.Summary;
        Console.Out.WriteLine($"sweep {sweep.SweepId} ({s.Sweep?.Name ?? "?"}), protocol {s.Sweep?.Protocol ?? "?"}");
        Console.Out.WriteLine($"journal: {sweep.Journal}");
        Console.Out.WriteLine($"done: {s.Done}/{s.Total} ({s.Completed} completed, {s.Failed} failed), remaining {s.Total - s.Done}");
        Console.Out.WriteLine($"parts: {s.Parts}, leases lost: {s.LeasesLost}, last change: {s.LastChange?.ToString("u") ?? "-"}");
        Console.Out.WriteLine($"state: {(s.Finished ? "finished" : "unfinished (running elsewhere, or stopped: run it again to resume)")}");
        foreach (var (cell, error) in s.FailedCells.Take(10)) Console.Out.WriteLine($"failed {cell}: {error}");
        if (s.FailedCells.Count > 10) Console.Out.WriteLine($"... and {s.FailedCells.Count - 10} more failed cells");
    }
}
