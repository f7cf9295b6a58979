namespace TwoFactor.Sweeps;

/// <summary>
/// A sweep expanded into its cells. <see cref="CanonicalYaml"/> is the snapshot written next to the results
/// (the spec with overrides applied and every axis written out); loading it gives the same plan.
/// </summary>
public sealed record SweepPlan(
    string SweepId,
    string Name,
    string Protocol,
    IReadOnlyList<Cell> Cells,
    string CanonicalYaml)
{
    public double TotalCost => Cells.Sum(c => c.EstimatedCost);

    public Cell? Find(string cellId) => Cells.FirstOrDefault(c => c.CellId == cellId);
}
