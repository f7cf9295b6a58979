namespace TwoFactor.Sweeps;

/// <summary>
/// One simulation of a sweep. <see cref="CellId"/> hashes the protocol and the canonical resolved
/// <see cref="Parameters"/> (long, double, bool, string, string[]), so the same cell has the same id in
/// every sweep. <see cref="Index"/> is its position in the sweep's deterministic expansion order.
/// </summary>
public sealed record Cell(
    string CellId,
    int Index,
    string Protocol,
    IReadOnlyDictionary<string, object?> Parameters,
    double EstimatedCost)
{
    /// <summary>The sweep this cell was planned in (rows carry it); empty for a cell built by hand.</summary>
    public string SweepId { get; init; } = "";

    /// <summary>The name of the sweep this cell was planned in; empty for a cell built by hand.</summary>
    public string SweepName { get; init; } = "";
}
