using TwoFactor.Cluster.Progress;
using TwoFactor.Sweeps;
using Xunit.Abstractions;

namespace TwoFactor.Cluster.Tests;

/// <summary>
/// A large sweep's plan and progress state stay small per cell (issue 15: 10^6 cells under 1 GB, 10^7 possible):
/// the live managed heap they hold after full collections, not a time.
/// </summary>
[Collection(MemoryMeasurement.Name)]
public class PlanMemoryTests(ITestOutputHelper output)
{
    private const int Cells = 200_000;

    /// <summary>
    /// 500 seeds x 400 epoch limits: the spec's own axis values (900) are negligible, so what is measured is
    /// what grows with the cell count. (A single axis of 10^6 seeds adds the spec's ~60 bytes per value: BENCHMARKS.md, Scale.)
    /// </summary>
    private const string Grid = """
        name: memory
        base: {N: 12, tests: none, trajectory_interval: 0}
        axes:
          seeds: 500
          max_epochs: {range: [50, 449, 1]}
        """;

    /// <summary>
    /// Stated bound per cell for plan + state, everything recorded. Measured 45-50 bytes (ids and costs 16, the
    /// id index 12, state 1, lease 8, part 4 + 4); the 5 KB of the dictionary-per-cell plan it replaced would fail at once.
    /// </summary>
    private const double MaxBytesPerCell = 100;

    private static readonly DateTimeOffset T0 = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private static long LiveHeap()
    {
        for (int k = 0; k < 3; k++)
        {
            GC.Collect();
            GC.WaitForPendingFinalizers();
        }
        return GC.GetTotalMemory(forceFullCollection: true);
    }

    private static SweepSpec Spec(string yaml)
    {
        var loaded = SweepLoader.LoadText(yaml, "memory.yaml", []);
        Assert.True(loaded.Ok, string.Join("\n", loaded.Errors));
        return loaded.Spec!;
    }

    [Fact]
    public void A_200k_cell_sweep_holds_under_100_bytes_per_cell_in_plan_and_progress_state()
    {
        var spec = Spec(Grid);
        Assert.Equal(Cells, spec.CellCount);
        SweepPlanner.Plan(Spec("name: warm-up\nbase: {N: 12, tests: none}\naxes:\n  seeds: 10\n")); // one-time statics and code
        long before = LiveHeap();
        var plan = SweepPlanner.Plan(spec);
        var state = new SweepProgressState(plan, Partitioner.ForPlan(plan));

        // Run the whole sweep through the state as the coordinator does: every cell leased, reported, recorded.
        // The ids the journal events carry are strings; the state must not keep them.
        int part = 0;
        while (state.Lease("w1", T0, TimeSpan.FromMinutes(1)) is LeaseOutcome.Granted granted)
        {
            var ids = granted.Lease.Cells.Select(plan.CellIdAt).ToList();
            Assert.Equal(ids, state.AcceptResult(granted.Lease.LeaseId, "w1", ids));
            state.Apply(new PartRecordedV1($"part-{part:D5}.parquet", part, ids, [], T0));
            part++;
        }
        Assert.True(state.IsFinished);
        Assert.Equal(Cells, state.Counts.Completed);
        Assert.Equal(CellState.Completed, state.StateOf(plan.CellIdAt(Cells - 1)));
        long after = LiveHeap();

        double perCell = (after - before) / (double)Cells;
        output.WriteLine($"{Cells} cells: {(after - before) / 1e6:F1} MB live, {perCell:F1} bytes per cell");
        Assert.True(perCell < MaxBytesPerCell,
            $"plan and progress state of {Cells} cells hold {(after - before) / 1e6:F1} MB live ({perCell:F0} bytes per cell)");
        GC.KeepAlive(spec);
        GC.KeepAlive(plan);
        GC.KeepAlive(state);
    }
}
