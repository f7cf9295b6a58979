namespace TwoFactor.Reports;

/// <summary>
/// The model comparison (MODEL.md section 9): at each load, cue-noise tolerance against connection density for every
/// storage rule. The two-factor family (model two-factor, or rows without a model column: datasets from before the
/// baselines) is drawn as lines over z, each baseline as a marker labelled by its model and the model-specific
/// parameters that vary among its cells (the table lists all of them). Drawn when the sweep has more than one model or more than one z; a table gives the numbers.
/// </summary>
public sealed class ModelComparisonFigure : IFigureBuilder
{
    public const string TwoFactor = "two-factor";

    /// <summary>Cue tolerances in order of preference: the first one the sweep measured is plotted.</summary>
    private static readonly string[] ToleranceColumns = ["tolerance_cue_isotropic", "tolerance_cue_balanced", "tolerance_cue_exact"];

    /// <summary>Parameters that never label a baseline (they are the comparison's axes or shared by every rule).</summary>
    private static readonly string[] Shared = ["alpha", "seed", "M", "N", "f", "z", "model"];

    // "model" is optional: rows written before the baselines have none and are all two-factor.
    public IReadOnlyList<string> Columns { get; } = ["alpha", "z", "seed", "density"];

    public static string Model(ResultRow row) => row.Text("model") ?? TwoFactor;

    public void Build(SweepResults results, Theory theory, FigureSet output)
    {
        var rows = results.Completed;
        var models = rows.Select(Model).Distinct().ToList();
        var family = rows.Where(r => Model(r) == TwoFactor).ToList();
        if (models.Count < 2 && Captions.Distinct(family, "z").Count < 2) return;
        string? tolerance = ToleranceColumns.FirstOrDefault(c => rows.Any(r => r.Number(c) is not null));
        if (tolerance is null)
        {
            output.Note("model comparison: no cue-noise tolerance measured (run cue-isotropic, cue-balanced or cue-exact): no comparison figure");
            return;
        }
        var specific = ModelSpecificParameters(rows);
        // Legends name only what tells a model's markers apart (a full list of every rule's settings crowds the axes
        // out); the table lists them all.
        var varying = specific.Where(n => rows.Where(r => Model(r) != TwoFactor && r.Parameters.GetValueOrDefault(n) is not null)
            .GroupBy(Model).Any(g => g.Select(r => r.Text(n)).Distinct().Count() > 1)).ToList();
        var lineKey = SeriesKey.Choose(family, ["alpha", "z", "model", .. specific]);
        var panels = new List<Panel>();
        var table = new List<IReadOnlyList<string>>();
        foreach (double alpha in Captions.Distinct(rows, "alpha"))
        {
            var atLoad = rows.Where(r => r.Number("alpha") == alpha).ToList();
            var series = new List<Series>();
            int group = 0;
            foreach (var line in lineKey.Groups(atLoad.Where(r => Model(r) == TwoFactor)))
            {
                var points = line.GroupBy(r => r.Number("z")).Where(g => g.Key is not null).OrderBy(g => g.Key)
                    .Select(g => Point(g.ToList(), tolerance)).Where(p => p is not null).Select(p => p!.Value).ToList();
                if (points.Count == 0) continue;
                string label = lineKey.Parameters.Count == 0 ? "two-factor family" : $"two-factor ({line.Key})";
                string zs = string.Join(", ", points.Select(p => RowValues.Short(p.Z)));
                series.Add(Series($"{label}, z = {zs}", points, SeriesKind.LineMarkers) with
                {
                    Group = group++, PointLabels = [.. points.Select(p => $"z={RowValues.Short(p.Z)}")],
                });
                table.AddRange(points.Select(p => Row(alpha, TwoFactor, $"z={RowValues.Short(p.Z)}{(lineKey.Parameters.Count == 0 ? "" : ", " + line.Key)}", p)));
            }
            foreach (var baseline in atLoad.Where(r => Model(r) != TwoFactor).GroupBy(r => BaselineLabel(r, specific)).OrderBy(g => g.Key, StringComparer.Ordinal))
            {
                if (Point(baseline.ToList(), tolerance) is not { } p) continue;
                series.Add(Series(BaselineLabel(baseline.First(), varying), [p], SeriesKind.Markers) with { Group = group++ });
                table.Add(Row(alpha, Model(baseline.First()), baseline.Key, p));
            }
            if (series.Count > 0) panels.Add(new Panel($"alpha = {RowValues.Short(alpha)}", "density (fraction of alive connections)", $"tolerance ({tolerance})", series));
        }
        output.Add(new Figure("model-comparison", "Noise tolerance against density per storage rule",
            $"Cue-noise tolerance (column {tolerance}) against connection density (column density), one panel per load (column alpha). " +
            "The two-factor family (column model = two-factor, or no model column) is drawn as lines through its z values (column z), " +
            "baselines as markers labelled by model and the parameters that vary among its cells (the table lists all of them). Each point: mean over seeds; error bars +- sample std of the " +
            "tolerance over seeds where there are several. The table lists the same numbers.",
            [tolerance, "density", "alpha", "z", "model", .. specific], panels)
        {
            Table = new DataTable(["alpha", "model", "parameters", "density", "density std", "tolerance", "tolerance std", "seeds"], table),
        });
    }

    /// <summary>Parameters null in some rows and set in others: the ones that apply to some models only.</summary>
    private static List<string> ModelSpecificParameters(IReadOnlyList<ResultRow> rows)
    {
        var names = rows.SelectMany(r => r.Parameters.Keys).Distinct().Where(n => !Shared.Contains(n));
        return names.Where(n => rows.Any(r => r.Parameters.GetValueOrDefault(n) is null) && rows.Any(r => r.Parameters.GetValueOrDefault(n) is not null)).ToList();
    }

    private static string BaselineLabel(ResultRow row, IReadOnlyList<string> specific)
    {
        var set = specific.Where(n => row.Parameters.GetValueOrDefault(n) is not null).Select(n => $"{n}={row.Text(n)}").ToList();
        return set.Count == 0 ? Model(row) : $"{Model(row)} ({string.Join(", ", set)})";
    }

    private readonly record struct ComparisonPoint(double Z, SampleStats Density, SampleStats Tolerance);

    private static ComparisonPoint? Point(IReadOnlyList<ResultRow> rows, string tolerance)
    {
        var both = rows.Where(r => r.Number("density") is not null && r.Number(tolerance) is not null).ToList();
        if (both.Count == 0) return null;
        return new ComparisonPoint(both[0].Number("z") ?? double.NaN, SampleStats.Of(both.Select(r => r.Number("density")!.Value).ToList()),
            SampleStats.Of(both.Select(r => r.Number(tolerance)!.Value).ToList()));
    }

    private static Series Series(string label, IReadOnlyList<ComparisonPoint> points, SeriesKind kind) =>
        new(label, points.Select(p => p.Density.Mean).ToArray(), points.Select(p => p.Tolerance.Mean).ToArray(), kind)
        {
            YErr = points.Any(p => p.Tolerance.Count > 1) ? points.Select(p => p.Tolerance.Std).ToArray() : null,
            Count = points.Select(p => p.Tolerance.Count).ToArray(),
        };

    private static IReadOnlyList<string> Row(double alpha, string model, string parameters, ComparisonPoint p) =>
    [
        RowValues.Short(alpha), model, parameters, RowValues.Short(p.Density.Mean), RowValues.Short(p.Density.Std),
        RowValues.Short(p.Tolerance.Mean), RowValues.Short(p.Tolerance.Std), p.Tolerance.Count.ToString(System.Globalization.CultureInfo.InvariantCulture),
    ];
}
