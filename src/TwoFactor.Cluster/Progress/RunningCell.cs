namespace TwoFactor.Cluster.Progress;

/// <summary>
/// A cell a worker slot is computing now, as the slot last reported it: the protocol's stage and step
/// (epochs while training), the latest density and training error it measured (null until the first
/// trajectory point, and for protocols that do not measure them), when the cell started and when the slot
/// reported. Transient: never journaled, gone when the lease ends.
/// </summary>
public sealed record RunningCell(
    string Worker,
    string CellId,
    string Stage,
    long Step,
    long Steps,
    double? Density,
    double? Error,
    DateTimeOffset StartedAt,
    DateTimeOffset ReportedAt);
