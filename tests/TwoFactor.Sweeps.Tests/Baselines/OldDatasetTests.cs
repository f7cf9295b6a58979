namespace TwoFactor.Sweeps.Tests.Baselines;

/// <summary>A static dataset written before `model` and the baseline parameters existed stays readable.</summary>
public sealed class OldDatasetTests : IDisposable
{
    private static readonly string[] NewParameters =
        ["model", "sign", "deletion", "prune_fraction", "target_density", "threshold", "degradation_dimension",
         "degradation_scale", "weight_cap", "regulation_steps", "l1_lambda", "kappa"];

    private readonly TempFolder _temp = new();

    public void Dispose() => _temp.Dispose();

    /// <summary>The static protocol as it was: the same, without the new parameter columns.</summary>
    private sealed class OldStatic(IProtocol current) : IProtocol
    {
        public string Name => current.Name;
        public string Description => current.Description;
        public IReadOnlyList<ParameterDefinition> Parameters { get; } = current.Parameters.Where(p => !NewParameters.Contains(p.Name)).ToList();
        public IReadOnlyList<OutputColumn> OutputColumns => current.OutputColumns;
        public IReadOnlyList<Core.Parameters.ParameterError> Validate(IReadOnlyDictionary<string, object?> specified) => current.Validate(specified);
        public IReadOnlyDictionary<string, object?> Resolve(IReadOnlyDictionary<string, object?> specified) => current.Resolve(specified);
        public double EstimateCost(IReadOnlyDictionary<string, object?> resolved) => current.EstimateCost(resolved);
        public ResultRow Execute(Cell cell, ExecutionOptions options, CancellationToken ct) => current.Execute(cell, options, ct);
    }

    [Fact]
    public void Old_parts_read_back_next_to_new_ones_with_null_model_columns()
    {
        var protocol = ProtocolCatalog.Get("static");
        var plan = Sweeps.Plan("base: {N: 30, tests: none}\naxes: {seeds: 2, model: {two-factor: null, hebbian: null}}");
        var store = new ResultStore(_temp.Path, plan.SweepId);
        var oldCell = plan.Cells.First(c => (string)c.Parameters["model"]! == "two-factor");
        store.CommitPart(0, [Sweeps.SyntheticRow(oldCell, protocol, 1)], new OldStatic(protocol));
        store.CommitPart(1, plan.Cells.Skip(1).Select((c, i) => Sweeps.SyntheticRow(c, protocol, i + 2)).ToList(), protocol);

        var rows = store.ReadAll();
        Assert.Equal(plan.Cells.Count, rows.Count);
        var old = Assert.Single(rows, r => r.CellId == oldCell.CellId && r.Parameters["model"] is null);
        Assert.Equal(30L, old.Parameters["N"]);
        Assert.Contains(rows, r => (string?)r.Parameters["model"] == "hebbian");

        string glob = DuckDb.PartsGlob(store.Directory);
        Assert.Equal(1L, Convert.ToInt64(DuckDb.Scalar($"SELECT count(*) FROM read_parquet('{glob}', union_by_name = true) WHERE model IS NULL")));
    }
}
