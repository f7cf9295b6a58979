namespace TwoFactor.Sweeps;

/// <summary>A sweep file loaded, validated and planned: its spec, its cells and the work units they travel in.</summary>
public sealed record PlannedSweep(SweepSpec Spec, SweepPlan Plan, IReadOnlyList<WorkUnit> Units);

/// <summary>The planned sweep, or every problem with the file (file:line: key: reason); never both.</summary>
public sealed record SweepFileResult(PlannedSweep? Sweep, IReadOnlyList<string> Errors)
{
    public bool Ok => Sweep is not null;
}

/// <summary>
/// The one way from a sweep file to what runs: `plan`, `run`, `coordinator`, `repair` and `report` all call
/// <see cref="Plan"/>, so they agree on the sweep id, the cells and the work units (which the journal's
/// lost-lease accounting refers to by id).
/// </summary>
public static class SweepFile
{
    public static SweepFileResult Plan(string path, IReadOnlyList<string> overrides)
    {
        if (!File.Exists(path)) return new SweepFileResult(null, [$"{path}: file not found"]);
        return Planned(SweepLoader.Load(path, overrides), path);
    }

    /// <summary>As <see cref="Plan"/> for text in memory; <paramref name="fileName"/> names it in errors and is the default name.</summary>
    public static SweepFileResult PlanText(string text, string fileName, IReadOnlyList<string> overrides) =>
        Planned(SweepLoader.LoadText(text, fileName, overrides), fileName);

    private static SweepFileResult Planned(SweepLoadResult loaded, string path)
    {
        if (!loaded.Ok) return new SweepFileResult(null, loaded.Errors.Select(e => e.ToString()).ToList());
        try
        {
            var plan = SweepPlanner.Plan(loaded.Spec!, loaded.Survey!);
            return new SweepFileResult(new PlannedSweep(loaded.Spec!, plan, Partitioner.ForPlan(plan)), []);
        }
        catch (ArgumentException e)
        {
            // A plan-time limit the loader does not see (e.g. cells whose ids collide): still before any work.
            return new SweepFileResult(null, [$"{path}: {e.Message}"]);
        }
    }
}
