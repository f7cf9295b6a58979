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
        if (plan.CellCount == 0) return [];
        double total = 0, largest = 0;
        for (int i = 0; i < plan.CellCount; i++)
        {
            double cost = Math.Max(plan.CostAt(i), 0);
            total += cost;
            largest = Math.Max(largest, cost);
        }
        double target = Math.Max(largest, Math.Min(DefaultTargetCost, total / UnitsPerSweep));
        return Partition(plan, target > 0 ? target : 1);
    }

    public static IReadOnlyList<WorkUnit> Partition(SweepPlan plan, double targetCost)
    {
        if (!(targetCost > 0)) throw new ArgumentOutOfRangeException(nameof(targetCost), targetCost, "the target cost must be > 0");
        var units = new List<WorkUnit>();
        int start = 0, count = 0;
        double batchCost = 0;

        void Close()
        {
            if (count == 0) return;
            units.Add(new WorkUnit(units.Count, start, count) { EstimatedCost = batchCost });
            start += count;
            count = 0;
            batchCost = 0;
        }

        for (int i = 0; i < plan.CellCount; i++)
        {
            double cost = plan.CostAt(i);
            if (cost >= targetCost)
            {
                Close();
                count = 1;
                batchCost = cost;
                Close();
                continue;
            }
            if (count > 0 && batchCost + cost > targetCost) Close();
            count++;
            batchCost += cost;
        }
        Close();
        return units;
    }
}
