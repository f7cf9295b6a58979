using TwoFactor.Sweeps;

namespace TwoFactor.Cluster.Hosting;

/// <summary>A sweep file loaded, validated and planned; or every problem with it (file:line: key: reason).</summary>
public sealed record SweepInput(SweepPlan? Plan, IReadOnlyList<string> Errors)
{
    public static SweepInput Load(string path, IReadOnlyList<string> overrides)
    {
        if (!File.Exists(path)) return new SweepInput(null, [$"{path}: file not found"]);
        var loaded = SweepLoader.Load(path, overrides);
        if (!loaded.Ok || loaded.Spec is null) return new SweepInput(null, loaded.Errors.Select(e => e.ToString()).ToList());
        try
        {
            return new SweepInput(SweepPlanner.Plan(loaded.Spec), []);
        }
        catch (ArgumentException e)
        {
            return new SweepInput(null, [$"{path}: {e.Message}"]);
        }
    }
}
