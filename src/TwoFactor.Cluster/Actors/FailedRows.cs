using TwoFactor.Sweeps;

namespace TwoFactor.Cluster.Actors;

/// <summary>
/// Rows with status "failed" for cells that never produced a row of their own (lost leases, a protocol that
/// threw outside its own error handling). Same shape as the protocol's failed rows: every output column
/// present, null scalars, empty lists.
/// </summary>
public static class FailedRows
{
    public static ResultRow For(string sweepId, Cell cell, string error, DateTimeOffset startedAt)
    {
        var columns = ProtocolCatalog.TryGet(cell.Protocol, out var protocol) ? protocol.OutputColumns : [];
        return new ResultRow(
            sweepId, cell.CellId, cell.Protocol, CellStatus.Failed, error, cell.Parameters,
            columns.Where(c => c.Kind == OutputKind.Scalar).ToDictionary(c => c.Name, _ => (object?)null),
            columns.Where(c => c.Kind == OutputKind.List).ToDictionary(c => c.Name, _ => Array.Empty<double>()),
            "", Environment.MachineName, 0, CodeVersion.Current, startedAt, DateTimeOffset.UtcNow)
        {
            SweepName = cell.SweepName,
        };
    }
}
