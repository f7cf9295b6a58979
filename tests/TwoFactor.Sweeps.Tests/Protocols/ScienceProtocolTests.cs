using TwoFactor.Core.WakeSleep;

namespace TwoFactor.Sweeps.Tests.Protocols;

/// <summary>
/// The wake-sleep and synaptic-noise protocols: presets, validation, execution into Parquet read by DuckDB.
/// Wake-sleep needs N = 200 and f = 0.1 to replay any pattern at all (smaller networks keep no fixed point after wake).
/// </summary>
public sealed class ScienceProtocolTests : IDisposable
{
    private readonly TempFolder _temp = new();

    public void Dispose() => _temp.Dispose();

    private static string Preset(string name)
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var path = Path.Combine(dir.FullName, "configs", name);
            if (File.Exists(path)) return path;
        }
        throw new FileNotFoundException(name);
    }

    [Theory]
    [InlineData("wake-sleep.yaml", "wake-sleep", 2)]
    [InlineData("wake-sleep-small.yaml", "wake-sleep", 4)]
    [InlineData("syn-noise.yaml", "synaptic-noise", 7)]
    public void Presets_plan_into_the_stated_cells(string file, string protocol, int cells)
    {
        var result = SweepLoader.Load(Preset(file), []);
        Assert.True(result.Ok, string.Join("\n", result.Errors));
        var plan = SweepPlanner.Plan(result.Spec!);
        Assert.Equal(protocol, plan.Protocol);
        Assert.Equal(cells, plan.Cells.Count);
        Assert.Equal(cells, plan.Cells.Select(c => c.CellId).Distinct().Count());
    }

    [Fact]
    public void Bad_values_are_reported_with_their_lines()
    {
        var wake = Sweeps.Load("name: w\nprotocol: wake-sleep\nbase:\n  N: 100\n  z: 0\n  sleep_epoch: 10\n");
        Assert.False(wake.Ok);
        Assert.Contains(wake.Errors, e => e.Line == 5 && e.KeyPath == "base.z");
        Assert.Contains(wake.Errors, e => e.Line == 6 && e.Reason.Contains("sleep_epochs"));

        var noise = Sweeps.Load("name: s\nprotocol: synaptic-noise\nbase:\n  model: kestn\n");
        Assert.False(noise.Ok);
        Assert.Contains(noise.Errors, e => e.Line == 4 && e.Reason.Contains("kesten"));
    }

    [Fact]
    public void Wake_sleep_cells_store_the_runner_results_in_Parquet()
    {
        var plan = Sweeps.Plan("""
            name: ws
            protocol: wake-sleep
            base: {N: 200, f: 0.1, alpha: 0.3, sleep_epochs: 200, record_interval: 50, recall_levels: 3, n_tests: 2, recall_steps: 10}
            axes:
              seed: [1, 2]
            """);
        var protocol = ProtocolCatalog.Get("wake-sleep");
        var rows = plan.Cells.Select(c => protocol.Execute(c, new ExecutionOptions(), CancellationToken.None)).ToList();
        Assert.All(rows, r => Assert.True(r.Status == CellStatus.Completed, r.ErrorMessage));

        var direct = WakeSleepRunner.Run(new WakeSleepParameters
        {
            N = 200, F = 0.1, Alpha = 0.3, SleepEpochs = 200, RecordInterval = 50, RecallLevels = 3, RecallRepetitions = 2,
            RecallSteps = 10, Seed = 2,
        });
        foreach (var (name, value) in direct.Scalars().Where(kv => !kv.Key.Contains("seconds", StringComparison.Ordinal)))
            Assert.Equal(value, rows[1].Scalars[name]);

        var store = new ResultStore(_temp.Path, plan.SweepId);
        store.CommitPart(0, rows, protocol);
        string glob = DuckDb.PartsGlob(store.Directory);
        var table = DuckDb.Query($"SELECT seed, density_before, density_after, min_margin_before, min_margin_after, radius_change_correlation FROM read_parquet('{glob}') ORDER BY seed");
        Assert.Equal(2, table.Count);
        Assert.Equal((double)direct.Scalars().First(kv => kv.Key == "density_after").Value!, Convert.ToDouble(table[1][2]), 12);
        Assert.All(table, r => Assert.True(Convert.ToDouble(r[2]) < Convert.ToDouble(r[1]), "sleep prunes"));
    }

    [Fact]
    public void Synaptic_noise_cells_store_q_min_and_the_cv_curve()
    {
        var plan = Sweeps.Plan("""
            name: sn
            protocol: synaptic-noise
            base: {synapses: 60, duration: 150, window: 60, bootstrap: 5}
            axes:
              model:
                values: [z-factor, kesten]
                zip:
                  z: [2, 2]
            """);
        var protocol = ProtocolCatalog.Get("synaptic-noise");
        var rows = plan.Cells.Select(c => protocol.Execute(c, new ExecutionOptions(), CancellationToken.None)).ToList();
        Assert.All(rows, r => Assert.True(r.Status == CellStatus.Completed, r.ErrorMessage));
        var again = protocol.Execute(plan.Cells[0], new ExecutionOptions(), CancellationToken.None);
        Assert.Equal(rows[0].Scalars["q_min"], again.Scalars["q_min"]); // deterministic

        var store = new ResultStore(_temp.Path, plan.SweepId);
        store.CommitPart(0, rows, protocol);
        string glob = DuckDb.PartsGlob(store.Directory);
        var table = DuckDb.Query($"SELECT model, q_min, len(cv), len(q), data_q_min FROM read_parquet('{glob}') ORDER BY model");
        Assert.Equal(["kesten", "z-factor"], table.Select(r => (string)r[0]!));
        Assert.All(table, r => Assert.InRange(Convert.ToDouble(r[1]), 0.1, 4.4));
        Assert.All(table, r => Assert.Equal(44L, Convert.ToInt64(r[2])));
        Assert.All(table, r => Assert.InRange(Convert.ToDouble(r[4]), 0.1, 4.4)); // the Kaufman data's q_min
    }
}
