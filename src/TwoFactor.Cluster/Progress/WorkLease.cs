namespace TwoFactor.Cluster.Progress;

/// <summary>
/// Some of a unit's pending cells (at most the state's lease cap), handed to one worker slot until
/// <see cref="Deadline"/> (renewed by heartbeats). <see cref="Cells"/> are plan indices, in plan order.
/// </summary>
public sealed record WorkLease(long LeaseId, int UnitId, string Worker, IReadOnlyList<int> Cells, DateTimeOffset Deadline);

/// <summary>Answer of <see cref="SweepProgressState.Lease"/>.</summary>
public abstract record LeaseOutcome
{
    public sealed record Granted(WorkLease Lease) : LeaseOutcome;
    /// <summary>Every unfinished cell is leased or being committed right now: ask again later.</summary>
    public sealed record NothingNow : LeaseOutcome;
    /// <summary>Every planned cell is in a recorded part.</summary>
    public sealed record Finished : LeaseOutcome;
}

/// <summary>Where one planned cell stands. Completed and Failed are durable; the others live in memory only. One byte per cell.</summary>
public enum CellState : byte { Pending, Leased, Committing, Completed, Failed }

/// <summary>Counts for progress displays and `twofactor status`.</summary>
public sealed record ProgressCounts(int Total, int Completed, int Failed, int Leased, int Committing, int Parts)
{
    public int Done => Completed + Failed;
    public int Pending => Total - Done - Leased - Committing;
    public bool IsFinished => Total > 0 && Done == Total;
}
