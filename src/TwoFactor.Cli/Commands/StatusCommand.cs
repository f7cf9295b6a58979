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
        var where = new KnownSweepOptions();
        var json = new Option<bool>("--json") { Description = "Print one JSON object (counts, failed cells, running cells)" };

        var command = new Command("status", "Show a sweep's progress from its journal, and its running cells while it runs");
        command.Arguments.Add(sweep);
        where.AddTo(command);
        command.Options.Add(json);
        command.SetAction(async parseResult =>
        {
            var (known, exitCode) = await where.ListAsync(parseResult);
            if (known is null) return exitCode;
            var wanted = parseResult.GetValue(sweep);
            var matches = wanted is null
                ? known.OrderByDescending(k => k.Summary.LastChange).Take(1).ToList()
                : known.Where(k => k.SweepId == wanted).ToList() is { Count: > 0 } exact ? exact
                : known.Where(k => k.SweepId.StartsWith(wanted, StringComparison.Ordinal) || k.Summary.Sweep?.Name == wanted).ToList();
            if (matches.Count == 0)
                return CliErrors.Report([wanted is null ? "no sweeps found (run `twofactor run FILE` first, or pass --results / --journal)" : $"SWEEP: no sweep matches '{wanted}'; `twofactor sweeps` lists them"]);
            if (matches.Count > 1)
                return CliErrors.Report([$"SWEEP: '{wanted}' matches {matches.Count} sweeps ({string.Join(", ", matches.Select(m => m.SweepId))}); give more of the id"]);
            var found = matches[0];
            // Running cells come from the file the driving process (run, coordinator) rewrites every few seconds.
            var running = RunningCellsFile.Read(Path.Combine(parseResult.GetValue(where.Results)!, found.SweepId));
            bool live = running is not null && !found.Summary.Finished && DateTimeOffset.UtcNow - running.UpdatedAt < StaleAfter;
            if (parseResult.GetValue(json)) Console.Out.WriteLine(StatusJson.Status(found, running, live));
            else Print(found, running, live);
            return 0;
        });
        return command;
    }

    /// <summary>A running-cells file not rewritten for this long belongs to a run that stopped (killed, crashed).</summary>
    internal static readonly TimeSpan StaleAfter = TimeSpan.FromMinutes(1);

    private static void Print(KnownSweep sweep, RunningCellsFile.Snapshot? running, bool live)
    {
        var s = sweep.Summary;
        Console.Out.WriteLine($"sweep {sweep.SweepId} ({s.Sweep?.Name ?? "?"}), protocol {s.Sweep?.Protocol ?? "?"}");
        Console.Out.WriteLine($"journal: {sweep.Journal}");
        Console.Out.WriteLine($"done: {s.Done}/{s.Total} ({s.Completed} completed, {s.Failed} failed), remaining {s.Total - s.Done}");
        Console.Out.WriteLine($"parts: {s.Parts}, leases lost: {s.LeasesLost}, last change: {s.LastChange?.ToString("u") ?? "-"}");
        Console.Out.WriteLine($"state: {(s.Finished ? "finished" : "unfinished (running elsewhere, or stopped: run it again to resume)")}");
        foreach (var (cell, error) in s.FailedCells.Take(10)) Console.Out.WriteLine($"failed {cell}: {error}");
        if (s.FailedCells.Count > 10) Console.Out.WriteLine($"... and {Plural.Of(s.FailedCells.Count - 10, "more failed cell")}");
        if (running is null || s.Finished) return;
        var now = DateTimeOffset.UtcNow;
        Console.Out.WriteLine(live
            ? $"running: {running.Running.Count} (reported {ProgressLines.Duration(now - running.UpdatedAt)} ago)"
            : $"running: none known (the last report, {running.UpdatedAt:u}, is stale: the run has stopped)");
        if (live) foreach (var line in ProgressLines.Running(running.Running, now)) Console.Out.WriteLine(line);
    }
}
