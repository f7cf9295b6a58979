namespace TwoFactor.Sweeps;

/// <summary>
/// Groups cells into work units in plan order: cheap cells travel in batches that add up to about
/// <c>targetCost</c>, a cell that alone reaches the target travels alone. Deterministic, so a resumed sweep
/// sees the same units.
/// </summary>
public static class Partitioner
{
    /// <summary>Default work per unit (cost units of <see cref="IProtocol.EstimateCost"/>: 10^9 synapse operations for static).</summary>
    public const double DefaultTargetCost = 50;

    /// <summary>About this many units per sweep when its cells are cheap, so slots finish together.</summary>
    public const int UnitsPerSweep = 64;

    /// <summary>
    /// The sweep's work units: a function of the plan alone (never of --workers or the host's cores), because
    /// the journal charges lost leases to unit ids and a resumed run, another worker count or a singleton on
    /// another host must mean the same cells by the same id. Used by `plan`, `run` and `coordinator`.
    /// Target: 1/<see cref="UnitsPerSweep"/> of the sweep's cost, capped at <see cref="DefaultTargetCost"/>
    /// (a lost lease loses little), never below the largest cell (which then travels alone).
    /// Existing journals depend on this function: changing it changes what their unit ids mean, so a change
    /// must come with a new registration record that stores the partition (or its version).
    /// </summary>
    public static IReadOnlyList<WorkUnit> ForPlan(SweepPlan plan)
    {
        if (plan.Cells.Count == 0) return [];
        double total = plan.Cells.Sum(c => Math.Max(c.EstimatedCost, 0));
        double largest = plan.Cells.Max(c => Math.Max(c.EstimatedCost, 0));
        double target = Math.Max(largest, Math.Min(DefaultTargetCost, total / UnitsPerSweep));
        return Partition(plan.Cells, target > 0 ? target : 1);
    }

    public static IReadOnlyList<WorkUnit> Partition(SweepPlan plan, double targetCost) => Partition(plan.Cells, targetCost);

    public static IReadOnlyList<WorkUnit> Partition(IEnumerable<Cell> cells, double targetCost)
    {
        if (!(targetCost > 0)) throw new ArgumentOutOfRangeException(nameof(targetCost), targetCost, "the target cost must be > 0");
        var units = new List<WorkUnit>();
        var batch = new List<string>();
        double batchCost = 0;

        void Close()
        {
            if (batch.Count == 0) return;
            units.Add(new WorkUnit(units.Count, batch.ToArray()) { EstimatedCost = batchCost });
            batch.Clear();
            batchCost = 0;
        }

        foreach (var cell in cells)
        {
            if (cell.EstimatedCost >= targetCost)
            {
                Close();
                batch.Add(cell.CellId);
                batchCost = cell.EstimatedCost;
                Close();
                continue;
            }
            if (batch.Count > 0 && batchCost + cell.EstimatedCost > targetCost) Close();
            batch.Add(cell.CellId);
            batchCost += cell.EstimatedCost;
        }
        Close();
        return units;
    }
}
