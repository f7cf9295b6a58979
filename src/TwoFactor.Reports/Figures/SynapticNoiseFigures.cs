using System.Globalization;

namespace TwoFactor.Reports;

/// <summary>
/// Intrinsic synaptic noise (MODEL.md section 8, paper Figures 5-6): rescaled CV of the Lq norm against q per model
/// beside the spine data's curve, q_min against z with the data's q_min, R^2 of each model's curve against the data's,
/// and the increment exponents. Models: the z-factor process per z and the Kesten and multiplicative baselines.
/// </summary>
public sealed class SynapticNoiseFigures : IFigureBuilder
{
    /// <summary>Published values (MODEL.md section 8) shown as references: Kaufman data q_min and R^2 per z.</summary>
    public const double PublishedQMin = 1.085, PublishedQMinSpread = 0.43;

    public static readonly IReadOnlyDictionary<int, double> PublishedRSquared = new Dictionary<int, double>
    {
        [1] = -0.93, [2] = 0.667, [3] = 0.642, [4] = 0.447, [5] = 0.250,
    };

    public IReadOnlyList<string> Columns { get; } =
        ["model", "z", "seed", "q_min", "q_min_std", "exponent_growth", "exponent_shrink", "r_squared", "data_q_min", "q", "cv", "cv_std", "data_cv"];

    /// <summary>"z=2" for the z-factor process, the process's name for the baselines.</summary>
    public static string ModelLabel(ResultRow row) =>
        row.Text("model") == "z-factor" ? $"z={row.Text("z")}" : row.Text("model") ?? "?";

    public void Build(SweepResults results, Theory theory, FigureSet output)
    {
        var rows = results.Completed;
        if (rows.Count == 0)
        {
            output.Note("no completed cell yet: no figures");
            return;
        }
        // Models in sweep order: z-factor by z, then the baselines.
        var models = rows.GroupBy(ModelLabel).OrderBy(g => g.First().Text("model") == "z-factor" ? 0 : 1)
            .ThenBy(g => g.First().Number("z")).ThenBy(g => g.Key, StringComparer.Ordinal).ToList();
        output.Add(CvCurves(models));
        QMinVsZ(rows, output);
        output.Add(Categorical("r-squared", "Fit of each model's norm-stability curve to the data",
            "R^2 of each model's rescaled CV curve against the spine data's (column r_squared), mean over seeds. Open markers: the published " +
            "values for the z-factor model (Iatropoulos et al. 2025; MODEL.md section 8).",
            ["r_squared"], "R^2 against the data's CV curve", models,
            [("r_squared", "this sweep")],
            g => g.First().Text("model") == "z-factor" && (int?)g.First().Number("z") is { } z && PublishedRSquared.TryGetValue(z, out var r2) ? r2 : null,
            "published"));
        output.Add(Categorical("increment-exponents", "Increment exponents",
            "Exponent b of the power-law fit |dw| = a w^b of the increments over all lags, for growth (column exponent_growth) and shrinkage " +
            "(column exponent_shrink), mean over seeds. Open markers: the z-factor model's expectation 1 - 1/z (MODEL.md section 8; the data give about 0.6).",
            ["exponent_growth", "exponent_shrink"], "exponent b of |dw| = a w^b", models,
            [("exponent_growth", "growth (dw > 0)"), ("exponent_shrink", "shrinkage (dw < 0)")],
            g => g.First().Text("model") == "z-factor" && g.First().Number("z") is { } z ? 1 - 1 / z : null,
            "1 - 1/z"));
    }

    private static Figure CvCurves(IReadOnlyList<IGrouping<string, ResultRow>> models)
    {
        var series = new List<Series>();
        int group = 0;
        foreach (var model in models)
        {
            var rows = model.ToList();
            var curve = Aggregate.MeanCurve(rows, "q", "cv", SeriesKind.Band, model.Key);
            if (curve is null) continue;
            // One seed: the band is the bootstrap std over synapses (column cv_std); several: the std over seeds.
            if (rows.Count == 1 && rows[0].List("cv_std").Length == curve.X.Length) curve = curve with { YErr = rows[0].List("cv_std") };
            series.Add(curve with { Group = group++ });
        }
        var data = models.SelectMany(m => m).FirstOrDefault(r => r.List("data_cv").Length == r.List("q").Length && r.List("q").Length > 0);
        if (data is not null) series.Add(new Series("spine data (Kaufman et al. 2012)", data.List("q"), data.List("data_cv"), SeriesKind.Reference));
        return new Figure("cv-vs-q", "Stability of the Lq norm",
            "Coefficient of variation over time of the Lq norm of the surviving synapses, rescaled to [0, 1] across q (column cv against " +
            "column q), one line per model; the band is +- the bootstrap std (column cv_std) for a single seed, the std over seeds otherwise. " +
            "Dashed: the spine data's curve (column data_cv; the rows hold its bootstrap mean only, so it has no band). The minimum is the most stable norm.",
            ["q", "cv", "cv_std", "data_cv"],
            [new Panel("", "q (exponent of the Lq norm)", "rescaled CV of the Lq norm", series)]);
    }

    private static void QMinVsZ(IReadOnlyList<ResultRow> rows, FigureSet output)
    {
        var zFactor = rows.Where(r => r.Text("model") == "z-factor").ToList();
        if (zFactor.Count == 0)
        {
            output.Note("no z-factor cell: no q_min-vs-z figure");
            return;
        }
        var points = zFactor.GroupBy(r => r.Number("z")).Where(g => g.Key is not null).OrderBy(g => g.Key).Select(g =>
        {
            var list = g.ToList();
            var stats = SampleStats.Of(list.Select(r => r.Number("q_min")).Where(v => v is not null).Select(v => v!.Value).ToList());
            double spread = list.Count == 1 ? list[0].Number("q_min_std") ?? double.NaN : stats.Std;
            return (Z: g.Key!.Value, stats.Mean, Spread: spread, stats.Count);
        }).Where(p => p.Count > 0).ToList();
        var series = new List<Series>
        {
            new("z-factor model", [.. points.Select(p => p.Z)], [.. points.Select(p => p.Mean)], SeriesKind.LineMarkers)
            {
                YErr = [.. points.Select(p => p.Spread)], Count = [.. points.Select(p => p.Count)],
            },
        };
        double lo = points.Min(p => p.Z), hi = points.Max(p => p.Z);
        if (zFactor.Select(r => r.Number("data_q_min")).FirstOrDefault(v => v is not null) is { } dataQ)
            series.Add(new Series("spine data, this analysis (column data_q_min)", [lo, hi], [dataQ, dataQ], SeriesKind.Reference));
        series.Add(new Series($"spine data, published: {PublishedQMin.ToString(CultureInfo.InvariantCulture)} +- {PublishedQMinSpread.ToString(CultureInfo.InvariantCulture)}",
            [lo, hi], [PublishedQMin, PublishedQMin], SeriesKind.Reference) { YErr = [PublishedQMinSpread, PublishedQMinSpread] });
        output.Add(new Figure("q-min-vs-z", "Most stable norm against the number of factors",
            "q_min, the q of the most stable Lq norm (column q_min), for the z-factor process against z (column z); error bars: the bootstrap " +
            "spread (column q_min_std) for a single seed, the std over seeds otherwise. Dashed: the spine data's q_min from this analysis " +
            $"(column data_q_min; its spread is not stored in the rows) and the published {PublishedQMin} +- {PublishedQMinSpread} (band). " +
            "The theory expects q_min near 2/z.",
            ["q_min", "q_min_std", "data_q_min", "z"],
            [new Panel("", "z (factors per synapse)", "q_min", series)]));
    }

    /// <summary>One marker per model at categorical x positions, per quantity; plus reference markers where given.</summary>
    private static Figure Categorical(string id, string title, string caption, IReadOnlyList<string> columns, string yLabel,
        IReadOnlyList<IGrouping<string, ResultRow>> models, IReadOnlyList<(string Column, string Label)> quantities,
        Func<IGrouping<string, ResultRow>, double?> reference, string referenceLabel)
    {
        var ticks = models.Select((m, k) => ((double)k, m.Key)).ToList();
        var series = new List<Series>();
        foreach (var (column, label) in quantities)
        {
            var points = models.Select((m, k) => (X: (double)k, Stats: SampleStats.Of(m.Select(r => r.Number(column)).Where(v => v is not null).Select(v => v!.Value).ToList())))
                .Where(p => p.Stats.Count > 0).ToList();
            series.Add(new Series(label, [.. points.Select(p => p.X)], [.. points.Select(p => p.Stats.Mean)], SeriesKind.Markers)
            {
                YErr = points.Any(p => p.Stats.Count > 1) ? [.. points.Select(p => p.Stats.Std)] : null,
                Count = [.. points.Select(p => p.Stats.Count)],
            });
        }
        var refs = models.Select((m, k) => (X: (double)k, Y: reference(m))).Where(p => p.Y is not null).ToList();
        if (refs.Count > 0)
            series.Add(new Series(referenceLabel, [.. refs.Select(p => p.X)], [.. refs.Select(p => p.Y!.Value)], SeriesKind.Markers) { Group = 99 });
        var table = models.Select(m => (IReadOnlyList<string>)[m.Key, .. quantities.Select(q =>
            RowValues.Short(SampleStats.Of(m.Select(r => r.Number(q.Column)).Where(v => v is not null).Select(v => v!.Value).ToList()).Mean))]).ToList();
        return new Figure(id, title, caption, columns, [new Panel("", "model (z=k: the z-factor process with k factors)", yLabel, series) { XTicks = ticks }])
        {
            Table = new DataTable(["model", .. quantities.Select(q => q.Column)], table),
        };
    }
}
