using TwoFactor.Sweeps;

namespace TwoFactor.Cluster.Actors;

/// <summary>Rows with status "failed" for cells that never produced a row of their own (lost leases, unknown protocol).</summary>
public static class FailedRows
{
    public static ResultRow For(string sweepId, Cell cell, string error, DateTimeOffset startedAt) => new(
        sweepId, cell.CellId, cell.Protocol, "failed", error, cell.Parameters,
        new Dictionary<string, object?>(), new Dictionary<string, double[]>(),
        "", Environment.MachineName, 0, typeof(FailedRows).Assembly.GetName().Version?.ToString() ?? "",
        startedAt, DateTimeOffset.UtcNow);
}
