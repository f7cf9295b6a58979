namespace TwoFactor.Cluster.Progress;

/// <summary>
/// When the coordinator snapshots its journal. A snapshot names every recorded cell, so snapshotting every fixed
/// number of events writes a quadratic amount in all: a sweep of 10^7 cells in parts of 1,000 took 100 snapshots
/// of up to 10^7 ids each. Here a snapshot also waits until the recorded cells have doubled since the last one, so the
/// snapshots of a sweep add up to at most twice its final one, and recovery replays at most about as many events as
/// its snapshot covers. <paramref name="minimumEvents"/> keeps small sweeps as they were (a snapshot every that many
/// events while they are small).
/// </summary>
public sealed class SnapshotSchedule(int minimumEvents)
{
    private int _eventsSince;
    private long _recordedAtLast;

    /// <summary>Call after each persisted event with the cells recorded so far; true when a snapshot is due now.</summary>
    public bool AfterEvent(long recordedCells)
    {
        if (++_eventsSince < minimumEvents || recordedCells - _recordedAtLast < _recordedAtLast) return false;
        _eventsSince = 0;
        _recordedAtLast = recordedCells;
        return true;
    }

    /// <summary>After recovery: the journal already holds this many recorded cells (the next snapshot waits for them to double).</summary>
    public void Recovered(long recordedCells) => _recordedAtLast = recordedCells;
}
