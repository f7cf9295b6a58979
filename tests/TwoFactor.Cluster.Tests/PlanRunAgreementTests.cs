using System.Text.Json;
using System.Text.RegularExpressions;

namespace TwoFactor.Cluster.Tests;

/// <summary>
/// `plan` shows what `run` and `coordinator` execute: the same sweep id, the same cells and the same number of
/// work units, overrides included (all of them plan through SweepFile.Plan).
/// </summary>
public sealed partial class PlanRunAgreementTests : IDisposable
{
    private readonly TempFolder _temp = new();

    public void Dispose() => _temp.Dispose();

    private (string SweepId, HashSet<string> Cells, int Units) Plan(string spec, string[] overrides)
    {
        var plan = CliProcess.Run(_temp.Path, TimeSpan.FromSeconds(60), ["plan", spec, .. overrides, "--json"]);
        Assert.True(plan.ExitCode == 0, plan.Out + plan.Err);
        using var json = JsonDocument.Parse(plan.Out);
        var root = json.RootElement;
        var cells = root.GetProperty("cells").EnumerateArray().Select(c => c.GetProperty("cell_id").GetString()!).ToHashSet();
        return (root.GetProperty("sweep_id").GetString()!, cells, root.GetProperty("work_units").GetInt32());
    }

    [Fact]
    public void Run_computes_exactly_the_cells_plan_lists()
    {
        var spec = TestSweeps.Write(_temp.Path, "agree-run", seeds: 7);
        string[] overrides = ["base.max_epochs=30"];
        var planned = Plan(spec, overrides);
        // The override changes the cells: a plan that ignored it would not match the run below.
        Assert.NotEqual(planned.SweepId, Plan(spec, []).SweepId);

        var results = Path.Combine(_temp.Path, "results");
        var run = CliProcess.Run(_temp.Path, TimeSpan.FromSeconds(120), ["run", spec, .. overrides, "--results", results, "--workers", "2", "--engine", "reference"]);
        Assert.True(run.ExitCode == 0, run.Out + run.Err);
        Assert.Equal(planned.SweepId, SweepCli.SweepIdIn(run.Out));
        var directory = Path.Combine(results, planned.SweepId);
        TestSweeps.AssertExactlyOnce(directory, planned.Cells.Count);
        Assert.Equal(planned.Cells, TestSweeps.CellIds(directory));
    }

    [Fact]
    public void The_coordinator_leases_the_work_units_plan_reports()
    {
        // Cells of different cost (N): the partition groups the cheap ones, so units and cells differ in number.
        var spec = Path.Combine(_temp.Path, "agree-node.yaml");
        File.WriteAllText(spec, """
            name: agree-node
            base: {max_epochs: 40, tests: none, trajectory_interval: 0}
            axes:
              N: [12, 16, 20, 24]
              seeds: 3
            """);
        var planned = Plan(spec, []);
        var results = Path.Combine(_temp.Path, "results");
        var node = CliProcess.Run(_temp.Path, TimeSpan.FromSeconds(120), "coordinator", spec, "--port", "0", "--results", results, "--workers", "2", "--engine", "reference");
        Assert.True(node.ExitCode == 0, node.Out + node.Err);
        var line = UnitsLine().Match(node.Out);
        Assert.True(line.Success, node.Out);
        Assert.Equal((planned.SweepId, planned.Cells.Count, planned.Units),
            (line.Groups["id"].Value, int.Parse(line.Groups["cells"].Value), int.Parse(line.Groups["units"].Value)));
        Assert.Equal(planned.Cells, TestSweeps.CellIds(Path.Combine(results, planned.SweepId)));
    }

    [GeneratedRegex(@"for sweep (?<id>[0-9a-f]+) \([^)]*\): (?<cells>\d+) cells? in (?<units>\d+) work units?")]
    private static partial Regex UnitsLine();
}
