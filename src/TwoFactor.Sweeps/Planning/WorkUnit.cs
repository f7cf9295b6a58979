namespace TwoFactor.Sweeps;

/// <summary>
/// Cells leased and run together: a batch of cheap cells or one expensive cell. Units are consecutive in plan
/// order, so a unit is the slice [<see cref="Start"/>, <see cref="Start"/> + <see cref="Count"/>) of the plan.
/// </summary>
public sealed record WorkUnit(int UnitId, int Start, int Count)
{
    public double EstimatedCost { get; init; }

    public int End => Start + Count;
}
