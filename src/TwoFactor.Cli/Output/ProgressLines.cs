using System.Globalization;
using TwoFactor.Cluster.Messages;
using TwoFactor.Cluster.Progress;

namespace TwoFactor.Cli.Output;

/// <summary>
/// The text of progress where there is no terminal (batch jobs, SLURM logs) and of `status`: one summary line
/// (done/failed/total, rate, ETA, running cells), then one line per running cell with its worker's latest
/// report (stage and epoch, density, training error, how long it has run).
/// </summary>
public static class ProgressLines
{
    /// <summary>Running cells listed one per line at most; the rest are counted.</summary>
    public const int MaxRunningLines = 16;

    public static string Summary(ProgressReport r, double cellsPerSecond, TimeSpan? eta) =>
        string.Create(CultureInfo.InvariantCulture,
            $"progress: {r.Done}/{r.Total} done, {r.Failed} failed, {cellsPerSecond:F2} cells/s, " +
            $"ETA {(eta is { } e ? Duration(e) : "-")}, {r.Running.Length} running");

    public static IEnumerable<string> Running(IReadOnlyList<RunningCell> running, DateTimeOffset now)
    {
        foreach (var cell in running.Take(MaxRunningLines)) yield return "  " + Describe(cell, now);
        if (running.Count > MaxRunningLines) yield return $"  ... and {running.Count - MaxRunningLines} more running";
    }

    /// <summary>"10.0.0.5:4053/slot-2 cell 3f2a...: epoch 4000/20000, density 0.412, error 0.0125, running 00:01:05".</summary>
    public static string Describe(RunningCell c, DateTimeOffset now)
    {
        var parts = new List<string>
        {
            c.Stage switch
            {
                "start" => "starting",
                "train" => $"epoch {c.Step}/{c.Steps}",
                _ when c.Steps == 100 => $"{c.Stage} {c.Step}%",
                _ => $"{c.Stage} {c.Step}/{c.Steps}",
            },
        };
        if (c.Density is { } density) parts.Add(string.Create(CultureInfo.InvariantCulture, $"density {density:G4}"));
        if (c.Error is { } error) parts.Add(string.Create(CultureInfo.InvariantCulture, $"error {error:G4}"));
        parts.Add($"running {Duration(now - c.StartedAt)}");
        return $"{ShortWorker(c.Worker)} cell {c.CellId}: {string.Join(", ", parts)}";
    }

    /// <summary>hh:mm:ss, with days when longer ("1.02:03:04").</summary>
    public static string Duration(TimeSpan t) =>
        (t < TimeSpan.Zero ? TimeSpan.Zero : t).ToString(t.TotalDays >= 1 ? @"d\.hh\:mm\:ss" : @"hh\:mm\:ss", CultureInfo.InvariantCulture);

    /// <summary>"akka.tcp://twofactor@10.0.0.5:4053/slot-2" -> "10.0.0.5:4053/slot-2".</summary>
    public static string ShortWorker(string worker)
    {
        int at = worker.LastIndexOf('@');
        return at >= 0 ? worker[(at + 1)..] : worker;
    }
}
