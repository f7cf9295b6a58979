namespace TwoFactor.Sweeps;

/// <summary>
/// The one shape of a failed cell's row, whoever records it: the protocol (an exception of the model), a slot (an
/// exception that escaped the protocol) or the coordinator (a cell whose leases were lost too often). Every
/// output column of the protocol is present, scalars null and lists empty, so failed and completed rows share
/// one schema.
/// </summary>
public static class FailedRow
{
    /// <param name="sweepId">The sweep the row belongs to (given, not read from the cell: a cell built by hand has none).</param>
    /// <param name="engine">The engine that ran the cell, or "" when none did (lost leases).</param>
    /// <param name="wallSeconds">Time spent on the cell before it failed.</param>
    /// <param name="protocol">The cell's protocol; null: looked up by the cell's protocol name.</param>
    public static ResultRow For(string sweepId, Cell cell, string error, DateTimeOffset startedAt, string engine = "", double wallSeconds = 0,
        IProtocol? protocol = null)
    {
        protocol ??= ProtocolCatalog.TryGet(cell.Protocol, out var found) ? found : null;
        var columns = protocol?.OutputColumns ?? [];
        return new ResultRow(
            sweepId, cell.CellId, protocol?.Name ?? cell.Protocol, CellStatus.Failed, error, cell.Parameters,
            columns.Where(c => c.Kind == OutputKind.Scalar).ToDictionary(c => c.Name, _ => (object?)null),
            columns.Where(c => c.Kind == OutputKind.List).ToDictionary(c => c.Name, _ => Array.Empty<double>()),
            engine, Environment.MachineName, wallSeconds, CodeVersion.Current, startedAt, DateTimeOffset.UtcNow)
        {
            SweepName = cell.SweepName,
        };
    }

    /// <summary>The error a failed row records; "failed" when it carries none (rows of older parts).</summary>
    public static string ErrorOf(ResultRow row) => string.IsNullOrEmpty(row.ErrorMessage) ? "failed" : row.ErrorMessage!;
}
