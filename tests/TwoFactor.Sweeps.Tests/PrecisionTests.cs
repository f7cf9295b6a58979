namespace TwoFactor.Sweeps.Tests;

/// <summary>
/// The `precision` parameter of the static protocol: part of a cell's identity when it is float32, absent from
/// the canonical parameters when it is float64 (the default), so cells and sweeps planned before the key existed
/// keep their ids; the Parquet row always states it.
/// </summary>
public sealed class PrecisionTests : IDisposable
{
    private readonly TempFolder _temp = new();

    public void Dispose() => _temp.Dispose();

    private static SweepPlan Preset(string name, params string[] overrides)
    {
        var result = SweepLoader.Load(RepositoryFiles.Path("configs", name), overrides);
        Assert.True(result.Ok, string.Join("\n", result.Errors));
        return SweepPlanner.Plan(result.Spec!);
    }

    // Sweep ids and first cell ids of the presets as planned by the code before the precision key was added
    // (`twofactor plan configs/X.yaml --json` at commit c3dd18b).
    [Theory]
    [InlineData("fig2-small.yaml", "71765d1ab4a2430c", "e88a7328cb1a4f4f")]
    [InlineData("quickstart.yaml", "eb99a6592cc1eb88", "c56bff16e8855420")]
    [InlineData("fig2-f50.yaml", "f4edd11827f7b6b7", "a43e17ec853f3dab")]
    public void Presets_keep_their_sweep_and_cell_ids(string preset, string sweepId, string firstCellId)
    {
        var plan = Preset(preset);
        Assert.Equal(sweepId, plan.SweepId);
        Assert.Equal(firstCellId, plan.Cells[0].CellId);
        // The resolved parameters carry the default written out (rows store it); the ids leave it out.
        Assert.All(plan.Cells, c => Assert.Equal("float64", c.Parameters["precision"]));
    }

    [Fact]
    public void Float64_written_out_is_the_same_cell_and_float32_is_another()
    {
        var plain = Preset("quickstart.yaml");
        var written = Preset("quickstart.yaml", "base.precision=float64");
        var single = Preset("quickstart.yaml", "base.precision=float32");
        Assert.Equal(plain.SweepId, written.SweepId);
        Assert.Equal(plain.Cells.Select(c => c.CellId), written.Cells.Select(c => c.CellId));
        Assert.NotEqual(plain.SweepId, single.SweepId);
        Assert.Empty(plain.Cells.Select(c => c.CellId).Intersect(single.Cells.Select(c => c.CellId)));
        Assert.All(single.Cells, c => Assert.Equal("float32", c.Parameters["precision"]));
    }

    [Fact]
    public void An_unknown_precision_is_rejected_naming_the_key()
    {
        var result = Sweeps.Load("""
            name: bad
            base: {N: 20, precision: float16}
            """);
        Assert.False(result.Ok);
        var error = Assert.Single(result.Errors);
        Assert.Contains("precision", error.ToString());
        Assert.Contains("float16", error.ToString());
    }

    [Fact]
    public void Float32_needs_the_product_synapse()
    {
        var result = Sweeps.Load("""
            name: bad
            base: {N: 20, synapse: power, precision: float32}
            """);
        Assert.False(result.Ok);
        Assert.Contains(result.Errors, e => e.ToString().Contains("precision") && e.ToString().Contains("product"));
    }

    [Fact]
    public void The_Parquet_row_states_the_precision_of_both_kinds_of_cell()
    {
        var protocol = ProtocolCatalog.Get("static");
        var plan = Sweeps.Plan("""
            name: precision
            base: {N: 24, alpha: 0.2, max_epochs: 200, convergence_interval: 100, trajectory_interval: 0, tests: []}
            axes:
              precision: [float64, float32]
            """);
        var rows = plan.Cells.Select(c => protocol.Execute(c, new ExecutionOptions("simd", 1), CancellationToken.None)).ToList();
        Assert.All(rows, r => Assert.Equal(CellStatus.Completed, r.Status));
        Assert.Equal(["simd", "simd-float32"], rows.Select(r => r.Engine));
        var store = new ResultStore(_temp.Path, plan.SweepId);
        store.CommitPart(0, rows, protocol);
        string glob = DuckDb.PartsGlob(store.Directory);
        var back = DuckDb.Query($"SELECT precision, engine FROM read_parquet('{glob}') ORDER BY engine");
        Assert.Equal(["float64", "float32"], back.Select(r => r[0]!.ToString()));
    }

    [Fact]
    public void The_reference_engine_refuses_float32_in_a_failed_row()
    {
        var protocol = ProtocolCatalog.Get("static");
        var cell = Sweeps.Plan("""
            name: reference-float32
            base: {N: 16, max_epochs: 10, tests: [], precision: float32}
            """).Cells[0];
        var row = protocol.Execute(cell, new ExecutionOptions("reference", 1), CancellationToken.None);
        Assert.Equal(CellStatus.Failed, row.Status);
        Assert.Contains("float64 oracle", row.ErrorMessage);
    }
}
