using TwoFactor.Cluster.Progress;

namespace TwoFactor.Cluster.Tests;

public sealed class SnapshotScheduleTests
{
    /// <summary>Recorded-cell counts at each snapshot of a sweep recorded in equal parts, one event per part.</summary>
    private static List<long> Snapshots(SnapshotSchedule schedule, int parts, int cellsPerPart)
    {
        var taken = new List<long>();
        for (int part = 1; part <= parts; part++)
            if (schedule.AfterEvent((long)part * cellsPerPart)) taken.Add((long)part * cellsPerPart);
        return taken;
    }

    [Fact]
    public void Ten_million_cells_write_snapshots_that_add_up_to_at_most_twice_the_last_one()
    {
        // 10^7 cells in parts of 1,000: a snapshot every 100 events would write 100 snapshots, 5 * 10^8 ids in all.
        var taken = Snapshots(new SnapshotSchedule(100), parts: 10_000, cellsPerPart: 1_000);
        Assert.InRange(taken.Count, 5, 12);
        Assert.True(taken.Sum() <= 2 * taken[^1], $"snapshots wrote {taken.Sum()} ids, the last one {taken[^1]}");
        // Recovery replays the events after the last snapshot: no more cells than that snapshot holds.
        Assert.True(10_000_000 - taken[^1] <= taken[^1]);
    }

    [Fact]
    public void Snapshots_are_at_least_the_minimum_number_of_events_apart()
    {
        var schedule = new SnapshotSchedule(5);
        var eventsAt = new List<int>();
        for (int e = 1; e <= 1_000; e++)
            if (schedule.AfterEvent(e)) eventsAt.Add(e);
        Assert.Equal(5, eventsAt[0]);
        Assert.All(eventsAt.Zip(eventsAt.Skip(1)), pair => Assert.True(pair.Item2 - pair.Item1 >= 5));
        // Doubling: 5, 10, 20, ... 640.
        Assert.Equal([5, 10, 20, 40, 80, 160, 320, 640], eventsAt);
    }

    [Fact]
    public void After_recovery_the_next_snapshot_waits_for_the_recorded_cells_to_double()
    {
        var schedule = new SnapshotSchedule(2);
        schedule.Recovered(1_000);
        Assert.False(schedule.AfterEvent(1_500));
        Assert.False(schedule.AfterEvent(1_900));
        Assert.True(schedule.AfterEvent(2_000));
    }
}
