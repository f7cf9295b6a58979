using TwoFactor.Core.Simulation;
using TwoFactor.Engines;

namespace TwoFactor.Sweeps.Tests;

public sealed class StaticProtocolTests : IDisposable
{
    private readonly TempFolder _temp = new();
    private readonly IProtocol _protocol = ProtocolCatalog.Get("static");

    public void Dispose() => _temp.Dispose();

    private static SweepPlan TinyPlan() => Sweeps.Plan("""
        name: tiny
        base: {N: 30, f: 0.5, max_epochs: 300, convergence_interval: 100, trajectory_interval: 100,
               tests: [cue-isotropic, syn-first-alive], noise_levels: 3, n_tests: 2, recall_steps: 10}
        axes:
          alpha: [0.1, 0.2]
          z: [1, 2]
        """);

    [Fact]
    public void Executed_cells_match_a_direct_simulation_and_land_in_Parquet()
    {
        var plan = TinyPlan();
        var rows = plan.Cells.Select(c => _protocol.Execute(c, new ExecutionOptions("reference", 1), CancellationToken.None)).ToList();
        Assert.All(rows, r => Assert.Equal(CellStatus.Completed, r.Status));
        Assert.All(rows, r => Assert.Equal(plan.SweepId, r.SweepId));

        // The row holds exactly what SimulationRunner gives for the same parameters (timings aside).
        var cell = plan.Cells[3];
        var direct = SimulationRunner.Run(StaticParameters.ToModel(cell.Parameters), EngineFactory.Create("reference", 1));
        foreach (var (name, value) in direct.Scalars().Where(kv => !kv.Key.EndsWith("seconds", StringComparison.Ordinal)))
            Assert.Equal(value, rows[3].Scalars[name]);
        foreach (var (name, value) in direct.Lists()) Assert.Equal(value, rows[3].Lists[name]);
        Assert.Equal(3, rows[3].Lists["recall_cue_isotropic"].Length);
        Assert.Empty(rows[3].Lists["recall_cue_balanced"]);
        Assert.Null(rows[3].Scalars["tolerance_cue_balanced"]);

        var store = new ResultStore(_temp.Path, plan.SweepId);
        store.WriteSpecSnapshot(plan.CanonicalYaml);
        store.CommitPart(0, rows, _protocol);
        string glob = DuckDb.PartsGlob(store.Directory);
        var byZ = DuckDb.Query($"SELECT z, count(*), avg(density), CAST(sum(len(noise_cue_isotropic)) AS BIGINT) FROM read_parquet('{glob}') GROUP BY z ORDER BY z");
        Assert.Equal([1L, 2L], byZ.Select(r => Convert.ToInt64(r[0])));
        Assert.All(byZ, r => Assert.Equal(2L, Convert.ToInt64(r[1])));
        for (int z = 1; z <= 2; z++)
        {
            double expected = rows.Where(r => (long)r.Parameters["z"]! == z).Average(r => (double)r.Scalars["density"]!);
            Assert.Equal(expected, Convert.ToDouble(byZ[z - 1][2]), 12);
            Assert.Equal(6L, Convert.ToInt64(byZ[z - 1][3]));
        }
    }

    [Fact]
    public void A_cell_that_throws_becomes_a_failed_row_with_the_message()
    {
        var cell = TinyPlan().Cells[0];
        var row = _protocol.Execute(cell, new ExecutionOptions("no-such-engine"), CancellationToken.None);
        Assert.Equal(CellStatus.Failed, row.Status);
        Assert.Contains("no-such-engine", row.ErrorMessage);
        Assert.All(row.Scalars.Values, Assert.Null);
        Assert.Equal(_protocol.OutputColumns.Count, row.Scalars.Count + row.Lists.Count);

        var store = new ResultStore(_temp.Path, cell.SweepId);
        store.CommitPart(0, [row], _protocol);
        var back = Assert.Single(store.ReadAll());
        Assert.Equal(CellStatus.Failed, back.Status);
        Assert.Equal(row.ErrorMessage, back.ErrorMessage);
    }

    [Fact]
    public void Cancellation_is_not_a_result()
    {
        var cell = TinyPlan().Cells[0];
        using var cancelled = new CancellationTokenSource();
        cancelled.Cancel();
        Assert.ThrowsAny<OperationCanceledException>(() => _protocol.Execute(cell, new ExecutionOptions(), cancelled.Token));
    }

    [Fact]
    public void Results_schema_has_one_typed_column_per_parameter_and_output()
    {
        var schema = ResultSchema.For(_protocol);
        var names = schema.Fields.Select(f => f.Name).ToList();
        Assert.Equal(names.Count, names.Distinct(StringComparer.OrdinalIgnoreCase).Count());
        int leading = ResultSchema.LeadingColumns.Length;
        Assert.Equal(ResultSchema.LeadingColumns, names.Take(leading));
        Assert.Equal(ResultSchema.TrailingColumns, names.TakeLast(6));
        Assert.Equal(leading + _protocol.Parameters.Count + _protocol.OutputColumns.Count + 6, names.Count);
        Assert.Equal(SimulationResult.ScalarColumns.Count + SimulationResult.ListColumns.Count, _protocol.OutputColumns.Count);
    }
}
