namespace TwoFactor.Sweeps;

/// <summary>The outcome of loading a sweep file: the spec, or every error found (never both).</summary>
public sealed record SweepLoadResult(SweepSpec? Spec, IReadOnlyList<SpecError> Errors)
{
    public bool Ok => Spec is not null && Errors.Count == 0;

    /// <summary>
    /// The loader's pass over every cell (ids, costs), handed to the planner so it is not repeated; set whenever
    /// <see cref="Ok"/> (a grid too large to survey is an error).
    /// </summary>
    internal CellSurvey? Survey { get; init; }
}
