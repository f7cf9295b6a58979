using TwoFactor.Sweeps;

namespace TwoFactor.Cluster.Hosting;

/// <summary>How much work one lease carries.</summary>
public static class UnitSizing
{
    /// <summary>
    /// Units of about 1/(16 slots) of the sweep's estimated cost, at least one cell: small enough that slots
    /// finish together and a crash loses little, large enough that leasing traffic stays negligible.
    /// </summary>
    public static IReadOnlyList<WorkUnit> Partition(SweepPlan plan, int slotsHint)
    {
        if (plan.Cells.Count == 0) return [];
        double total = plan.Cells.Sum(c => Math.Max(c.EstimatedCost, 0));
        double largest = plan.Cells.Max(c => Math.Max(c.EstimatedCost, 0));
        double target = Math.Max(largest, total / (Math.Max(1, slotsHint) * 16.0));
        if (target <= 0) target = 1;
        return Partitioner.Partition(plan, target);
    }
}
