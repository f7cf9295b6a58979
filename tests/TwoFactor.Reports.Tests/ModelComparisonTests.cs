namespace TwoFactor.Reports.Tests;

/// <summary>
/// The comparison figure against the baselines' contract (MODEL.md section 9): a VARCHAR model column and nullable
/// model-specific parameters. Real two-factor rows of the static sweep, plus copies relabelled as a baseline (as the
/// baselines' rows will look), go through the builder in process; without a model column every row is two-factor.
/// </summary>
[Collection(ReportSweepsCollection.Name)]
public sealed class ModelComparisonTests(ReportSweeps sweeps)
{
    private SweepResults Results(IReadOnlyList<ResultRow> rows)
    {
        var loaded = SweepLoader.Load(Path.Combine(sweeps.Static, "sweep.yaml"), []);
        return new SweepResults(sweeps.Static, loaded.Spec!, SweepPlanner.Plan(loaded.Spec!), [], rows);
    }

    private static ResultRow With(ResultRow row, string model, double? pruneFraction) => row with
    {
        CellId = row.CellId + (model == ModelComparisonFigure.TwoFactor ? "" : "-b"),
        Parameters = new Dictionary<string, object?>(row.Parameters) { ["model"] = model, ["prune_fraction"] = pruneFraction },
    };

    private static Figure? Comparison(SweepResults results)
    {
        var set = new FigureSet();
        new ModelComparisonFigure().Build(results, Theory.Load(), set);
        return set.Figures.SingleOrDefault(f => f.Id == "model-comparison");
    }

    [Fact]
    public void Without_a_model_column_the_two_factor_family_is_one_line_per_load()
    {
        // A dataset written before the baseline models had no model column: drop it from real rows.
        var rows = new ResultStore(sweeps.Results, Path.GetFileName(sweeps.Static)).ReadAll()
            .Select(r => r with { Parameters = r.Parameters.Where(kv => kv.Key != "model").ToDictionary(kv => kv.Key, kv => kv.Value) })
            .ToList();
        var figure = Comparison(Results(rows))!;
        Assert.Equal(["alpha = 0.1", "alpha = 0.2"], figure.Panels.Select(p => p.Title));
        foreach (var panel in figure.Panels)
        {
            var line = Assert.Single(panel.Series);
            Assert.Equal(SeriesKind.LineMarkers, line.Kind);
            Assert.Equal("two-factor family, z = 1, 2", line.Label);
        }
    }

    [Fact]
    public void Baselines_are_markers_labelled_by_model_and_the_parameters_that_vary()
    {
        var real = new ResultStore(sweeps.Results, Path.GetFileName(sweeps.Static)).ReadAll();
        var willshaw = real.Where(r => r.Number("z") == 1).Select(r => r with
        {
            CellId = r.CellId + "-w",
            Parameters = new Dictionary<string, object?>(r.Parameters) { ["model"] = "willshaw", ["threshold"] = "margin-optimal" },
        });
        var rows = real.Select(r => With(r, ModelComparisonFigure.TwoFactor, null))
            .Concat(real.Where(r => r.Number("z") == 1).Select(r => With(r, "hebbian-pruned", 0.5)))
            .Concat(real.Where(r => r.Number("z") == 2).Select(r => With(r, "hebbian-pruned", 0.25)))
            .Concat(willshaw).ToList();
        var figure = Comparison(Results(rows))!;
        Assert.Contains("prune_fraction", figure.Columns);
        foreach (var panel in figure.Panels)
        {
            Assert.Equal(4, panel.Series.Count);
            var family = Assert.Single(panel.Series, s => s.Kind == SeriesKind.LineMarkers);
            var markers = panel.Series.Where(s => s.Kind == SeriesKind.Markers).ToList();
            // prune_fraction differs between the hebbian-pruned markers, so it labels them; willshaw's one threshold does not.
            Assert.Equal(["hebbian-pruned (prune_fraction=0.25)", "hebbian-pruned (prune_fraction=0.5)", "willshaw"], markers.Select(m => m.Label).Order(StringComparer.Ordinal));
            // The copies hold the z = 1 and z = 2 rows: their markers sit on the family's points.
            var half = Assert.Single(markers, m => m.Label == "hebbian-pruned (prune_fraction=0.5)");
            var quarter = Assert.Single(markers, m => m.Label == "hebbian-pruned (prune_fraction=0.25)");
            Assert.Equal(family.X[0], half.X[0], 12);
            Assert.Equal(family.Y[0], half.Y[0], 12);
            Assert.Equal(family.X[1], quarter.X[0], 12);
            Assert.Equal(family.Y[1], quarter.Y[0], 12);
        }
        // The table lists every parameter of a baseline, varying or not.
        Assert.Equal(2 * 5, figure.Table!.Rows.Count);
        Assert.Equal(2, figure.Table.Rows.Count(r => r[1] == "hebbian-pruned" && r[2] == "hebbian-pruned (prune_fraction=0.5)"));
        Assert.Equal(2, figure.Table.Rows.Count(r => r[1] == "willshaw" && r[2] == "willshaw (threshold=margin-optimal)"));
    }

    [Fact]
    public void One_model_and_one_z_draw_no_comparison()
    {
        var real = new ResultStore(sweeps.Results, Path.GetFileName(sweeps.Static)).ReadAll();
        Assert.Null(Comparison(Results(real.Where(r => r.Number("z") == 2).ToList())));
    }
}
