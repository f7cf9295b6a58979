namespace TwoFactor.Reports;

/// <summary>
/// Wake-sleep consolidation (MODEL.md section 7, paper Figure 3): density, min margin and tolerances before and after
/// sleep; each pattern's radius before sleep against its change (weak memories gain most: a negative correlation);
/// pruning probability against the pre-sleep weight; trajectories over sleep.
/// </summary>
public sealed class WakeSleepFigures : IFigureBuilder
{
    private static readonly (string Column, string Label)[] BeforeAfter =
    [
        ("density", "density (fraction of alive connections)"),
        ("min_margin", "min margin kappa (units of ||w||_2)"),
        ("tolerance_cue_balanced", "tolerance, balanced cue noise p"),
        ("tolerance_syn_first", "tolerance, first-factor synaptic noise p"),
    ];

    public IReadOnlyList<string> Columns { get; } =
    [
        "alpha", "seed", .. BeforeAfter.SelectMany(m => new[] { $"{m.Column}_before", $"{m.Column}_after" }),
        "radius_before", "radius_after", "radius_change_correlation", "pruning_weight_bin", "pruning_probability",
        "trajectory_epoch", "trajectory_density", "trajectory_min_margin", "trajectory_error",
    ];

    public void Build(SweepResults results, Theory theory, FigureSet output)
    {
        var rows = results.Completed;
        if (rows.Count == 0)
        {
            output.Note("no completed cell yet: no figures");
            return;
        }
        output.Add(BeforeAfterFigure(rows));
        RadiusChange(rows, output);
        Pruning(rows, output);
        var withTrajectory = rows.Where(r => r.List("trajectory_epoch").Length > 0).ToList();
        if (withTrajectory.Count > 0)
        {
            output.Add(TrajectoryFigure.Build("sleep-trajectories", "Trajectories over sleep", withTrajectory,
                [("trajectory_density", "density"), ("trajectory_min_margin", "min margin kappa"), ("trajectory_error", "error rate")],
                "sleep epoch", "Network state during sleep (columns trajectory_epoch against trajectory_density, trajectory_min_margin and " +
                               "trajectory_error), one thin line per cell, coloured by"));
        }
        else output.Note("no sleep trajectory recorded (record_interval larger than sleep_epochs): no trajectory figure");
    }

    private static Figure BeforeAfterFigure(IReadOnlyList<ResultRow> rows)
    {
        var key = SeriesKey.Choose(rows, "alpha");
        // Own colour per series: "before" and "after" of one key must not share one.
        var panels = BeforeAfter.Select(m => new Panel(m.Column, "alpha (patterns per neuron, M / N)", m.Label,
        [
            .. Aggregate.ByKey(rows, key, r => r.Number("alpha"), r => r.Number($"{m.Column}_before"), SeriesKind.LineMarkers, "before sleep")
                .Select(s => s with { Group = -1 }),
            .. Aggregate.ByKey(rows, key, r => r.Number("alpha"), r => r.Number($"{m.Column}_after"), SeriesKind.LineMarkers, "after sleep")
                .Select(s => s with { Group = -1 }),
        ])).ToList();
        return new Figure("before-after-sleep", "Before and after sleep",
            $"Density, min margin and recall tolerances after wake (columns <metric>_before) and after sleep (<metric>_after) against the " +
            $"load (column alpha); {Captions.MeanText(panels.SelectMany(p => p.Series))} A tolerance is missing where the recall never " +
            "crosses 0.5 on the noise grid.",
            [.. BeforeAfter.SelectMany(m => new[] { $"{m.Column}_before", $"{m.Column}_after" }), "alpha"], panels);
    }

    private static void RadiusChange(IReadOnlyList<ResultRow> rows, FigureSet output)
    {
        var key = SeriesKey.Choose(rows);
        var series = new List<Series>();
        int group = 0;
        foreach (var g in key.Groups(rows))
        {
            var x = new List<double>();
            var y = new List<double>();
            foreach (var row in g)
            {
                var before = row.List("radius_before");
                var after = row.List("radius_after");
                if (before.Length == 0 || before.Length != after.Length) continue;
                x.AddRange(before);
                y.AddRange(after.Select((a, k) => a - before[k]));
            }
            if (x.Count == 0) continue;
            var r = SampleStats.Of(g.Select(row => row.Number("radius_change_correlation")).Where(v => v is not null).Select(v => v!.Value).ToList());
            series.Add(new Series($"{g.Key} (r = {RowValues.Short(r.Mean)})", [.. x], [.. y], SeriesKind.Markers) { Group = group });
            group++;
        }
        if (series.Count == 0)
        {
            output.Note("no pattern radii recorded: no radius-change figure");
            return;
        }
        output.Add(new Figure("radius-change", "Weak memories gain most",
            "Each replayed pattern's radius before sleep (column radius_before: min over neurons of y h / ||w_i||_2) against its change " +
            "during sleep (radius_after - radius_before), all seeds pooled; r in the legend is the mean over seeds of the Pearson correlation " +
            "between the two (column radius_change_correlation; the paper finds it negative).",
            ["radius_before", "radius_after", "radius_change_correlation"],
            [new Panel("", "radius before sleep (units of ||w||_2)", "radius change during sleep", series)]));
    }

    private static void Pruning(IReadOnlyList<ResultRow> rows, FigureSet output)
    {
        var key = SeriesKey.Choose(rows);
        var groups = key.Groups(rows);
        var series = new List<Series>();
        for (int g = 0; g < groups.Count; g++)
        {
            bool first = true;
            foreach (var row in groups[g])
            {
                var x = row.List("pruning_weight_bin");
                var y = row.List("pruning_probability");
                if (x.Length == 0 || x.Length != y.Length) continue;
                series.Add(new Series($"{groups[g].Key}, seed={row.Text("seed")}", x, y, SeriesKind.LineMarkers)
                {
                    Group = g, InLegend = first, Legend = groups[g].Key,
                });
                first = false;
            }
        }
        if (series.Count == 0)
        {
            output.Note("no pruning curve recorded: no pruning figure");
            return;
        }
        output.Add(new Figure("pruning-probability", "Pruning probability against initial weight",
            "Fraction of connections alive after wake that are pruned during sleep (column pruning_probability) against the mean weight " +
            "of their equal-count bin of pre-sleep weights (column pruning_weight_bin), one line per cell (seed), coloured by " +
            $"{Captions.KeyText(key)}.",
            ["pruning_weight_bin", "pruning_probability"],
            [new Panel("", "weight before sleep (bin mean)", "pruning probability", series)]));
    }
}
