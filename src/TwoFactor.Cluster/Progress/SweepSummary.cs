namespace TwoFactor.Cluster.Progress;

/// <summary>The lines of results/&lt;sweep_id&gt;/summary.txt: the human-readable end of a sweep (the journal stays the truth).</summary>
public static class SweepSummary
{
    public static IReadOnlyList<string> Lines(SweepRegisteredV1 sweep, SweepProgressState state, DateTimeOffset finishedAt)
    {
        var c = state.Counts;
        var lines = new List<string>
        {
            $"sweep: {sweep.SweepId}",
            $"name: {sweep.Name}",
            $"protocol: {sweep.Protocol}",
            $"cells: {c.Total}",
            $"completed: {c.Completed}",
            $"failed: {c.Failed}",
            $"parts: {c.Parts}",
            $"finished_at: {finishedAt:u}",
        };
        lines.AddRange(state.FailedCells.Select(f => $"failed_cell: {f.CellId}: {f.Error}"));
        return lines;
    }
}
