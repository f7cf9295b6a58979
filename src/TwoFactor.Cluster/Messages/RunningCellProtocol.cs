using TwoFactor.Cluster.Progress;

namespace TwoFactor.Cluster.Messages;

/// <summary>
/// Slot to coordinator, every few seconds while a cell of the lease runs and its progress changed: what
/// `run` and `status` show for running cells. Losing one is harmless (the next replaces it).
/// </summary>
public sealed record CellProgressReport(long LeaseId, RunningCell Cell);
