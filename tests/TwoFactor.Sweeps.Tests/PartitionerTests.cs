namespace TwoFactor.Sweeps.Tests;

public sealed class PartitionerTests
{
    private static readonly SweepPlan Plan = Sweeps.Plan("""
        base: {tests: none, alpha: 0.2}
        axes:
          N: [20, 40, 400, 30]
          seeds: 3
        """);

    /// <summary>A unit's cell ids: the plan's slice it names.</summary>
    private static string[] Ids(SweepPlan plan, WorkUnit unit) => Enumerable.Range(unit.Start, unit.Count).Select(plan.CellIdAt).ToArray();

    [Fact]
    public void Small_cells_travel_in_batches_and_big_cells_alone()
    {
        var big = Plan.Cells.Where(c => (long)c.Parameters["N"]! == 400).ToList();
        double target = big.Min(c => c.EstimatedCost) / 2;
        Assert.True(Plan.Cells.Where(c => (long)c.Parameters["N"]! != 400).Sum(c => c.EstimatedCost) < target);
        var units = Partitioner.Partition(Plan, target);

        // Every cell exactly once, in plan order.
        Assert.Equal(Plan.Cells.Select(c => c.CellId), units.SelectMany(u => Ids(Plan, u)));
        Assert.Equal(Enumerable.Range(0, units.Count), units.Select(u => u.UnitId));
        foreach (var cell in big) Assert.Contains(units, u => u.Count == 1 && u.Start == cell.Index);
        // The six N=20/40 cells before the big ones share one unit; the three N=30 cells after them another.
        Assert.Equal(5, units.Count);
        Assert.Equal(6, units[0].Count);
        Assert.Equal(3, units[^1].Count);
        Assert.All(units.Where(u => u.Count > 1), u => Assert.True(u.EstimatedCost <= target));
        Assert.All(units, u => Assert.Equal(Enumerable.Range(u.Start, u.Count).Sum(Plan.CostAt), u.EstimatedCost, 1e-12));
    }

    [Fact]
    public void A_tiny_target_gives_one_cell_per_unit_and_partitioning_is_deterministic()
    {
        var units = Partitioner.Partition(Plan, 1e-12);
        Assert.Equal(Plan.CellCount, units.Count);
        Assert.Equal(units, Partitioner.Partition(Plan, 1e-12));
        Assert.Throws<ArgumentOutOfRangeException>(() => Partitioner.Partition(Plan, 0));
    }

    [Fact]
    public void The_units_of_a_sweep_depend_on_its_plan_alone()
    {
        // 200 cheap cells: about UnitsPerSweep units of equal cost; the big cells of Plan travel alone.
        var cheap = Sweeps.Plan("""
            base: {tests: none, N: 20, max_epochs: 50}
            axes:
              seeds: 200
            """);
        var units = Partitioner.ForPlan(cheap);
        Assert.Equal(cheap.Cells.Select(c => c.CellId), units.SelectMany(u => Ids(cheap, u)));
        Assert.InRange(units.Count, Partitioner.UnitsPerSweep / 2, Partitioner.UnitsPerSweep * 2);
        Assert.Equal(units, Partitioner.ForPlan(cheap));

        var mixed = Partitioner.ForPlan(Plan);
        var largest = Plan.Cells.MaxBy(c => c.EstimatedCost)!; // the target is never below it: it travels alone
        Assert.Contains(mixed, u => u.Start == largest.Index && u.Count == 1);
    }
}
