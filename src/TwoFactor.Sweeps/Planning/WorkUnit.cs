namespace TwoFactor.Sweeps;

/// <summary>Cells leased and run together: a batch of cheap cells or one expensive cell.</summary>
public sealed record WorkUnit(int UnitId, IReadOnlyList<string> CellIds)
{
    public double EstimatedCost { get; init; }
}
