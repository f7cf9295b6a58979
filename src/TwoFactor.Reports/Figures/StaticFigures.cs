namespace TwoFactor.Reports;

/// <summary>
/// Static consolidation (MODEL.md sections 4-6, paper Figure 2): density and min margin against the load with the
/// mean-field theory, recall curves per test, tolerance against z, training trajectories and convergence epochs.
/// Every point is the mean over seeds of completed cells, error bars +- the sample std where there are several seeds.
/// </summary>
public sealed class StaticFigures : IFigureBuilder
{
    /// <summary>Robustness tests (sweep-file names) and the column suffix of their outputs.</summary>
    private static readonly string[] Tests = ["cue-isotropic", "cue-balanced", "cue-exact", "syn-all", "syn-first", "syn-first-alive"];

    /// <summary>Keeps the recall panels readable: above this many series only the smallest and largest load are drawn.</summary>
    private const int MaxCurves = 12;

    public IReadOnlyList<string> Columns { get; } =
    [
        "alpha", "z", "f", "seed", "tests", "density", "min_margin_mean", "converged", "convergence_epoch", "epochs",
        "trajectory_epoch", "trajectory_density", "trajectory_min_margin", "trajectory_error",
        .. Tests.SelectMany(t => new[] { $"tolerance_{Suffix(t)}", $"noise_{Suffix(t)}", $"recall_{Suffix(t)}" }),
    ];

    public static string Suffix(string test) => test.Replace('-', '_');

    public void Build(SweepResults results, Theory theory, FigureSet output)
    {
        var rows = results.Completed;
        if (rows.Count == 0)
        {
            output.Note("no completed cell yet: no figures");
            return;
        }
        var load = LoadAxis.Of(rows, theory);
        if (rows.Select(r => r.Number("alpha")).Distinct().Count() > 1)
        {
            output.Add(DensityVsAlpha(rows, load, theory));
            output.Add(MarginVsAlpha(rows, load, theory));
            ConvergenceVsAlpha(rows, load, output);
        }
        else output.Note("one load (alpha) only: no figures against alpha (density, min margin, convergence epoch)");
        RecallCurves(rows, output);
        if (rows.Select(r => r.Number("z")).Distinct().Count() > 1) ToleranceVsZ(rows, output);
        else output.Note("one z only: no tolerance-vs-z figure");
        Trajectories(rows, output);
    }

    private static Figure DensityVsAlpha(IReadOnlyList<ResultRow> rows, LoadAxis load, Theory theory)
    {
        var key = SeriesKey.Choose(rows, "alpha");
        var series = Aggregate.ByKey(rows, key, load.X, r => r.Number("density"), SeriesKind.LineMarkers).ToList();
        var theoryNotes = new List<string>();
        foreach (double f in Captions.Distinct(rows, "f"))
        {
            if (theory.L1Density(f) is { } l1 && rows.Any(r => r.Number("z") == 2))
            {
                series.Add(load.Curve($"L1 theory (z = 2, f = {RowValues.Short(f)})", f, l1.Alpha, l1.Value));
                theoryNotes.Add($"the L1 theory curve ({Theory.L1File}, density) for z = 2");
            }
            if (f == 0.5 && rows.Any(r => r.Number("z") == 1))
            {
                var (lo, hi) = (series.Min(s => s.X.Min()), series.Max(s => s.X.Max()));
                series.Add(new Series("L2 theory: 0.5 (z = 1, f = 0.5)", [lo, hi], [0.5, 0.5], SeriesKind.Reference));
                theoryNotes.Add("the L2 solution's density 0.5 for z = 1 at f = 0.5");
            }
        }
        return new Figure("density-vs-alpha", "Connection density against load",
            $"Fraction of alive connections (column density, after the evaluation rescale) against the load {load.Description}, " +
            $"one line per {Captions.KeyText(key)}; {Captions.MeanText(series)}" + (theoryNotes.Count > 0 ? $" Dashed: {string.Join("; ", theoryNotes.Distinct())}." : ""),
            ["density", "alpha", "z", "f"],
            [new Panel("", load.Label, "density (fraction of alive connections)", series)]);
    }

    private static Figure MarginVsAlpha(IReadOnlyList<ResultRow> rows, LoadAxis load, Theory theory)
    {
        var key = SeriesKey.Choose(rows, "alpha");
        var series = Aggregate.ByKey(rows, key, load.X, r => r.Number("min_margin_mean"), SeriesKind.LineMarkers).ToList();
        bool withTheory = false;
        foreach (double f in Captions.Distinct(rows, "f"))
        {
            if (theory.L2Kappa(f) is not { } l2 || !rows.Any(r => r.Number("z") == 1)) continue;
            series.Add(load.Curve($"L2 theory kappa (z = 1, f = {RowValues.Short(f)})", f, l2.Alpha, l2.Value));
            withTheory = true;
        }
        return new Figure("min-margin-vs-alpha", "Minimum margin against load",
            $"Mean over neurons of the minimum margin min_mu y h / ||w||_2 (column min_margin_mean) against the load {load.Description}, " +
            $"one line per {Captions.KeyText(key)}; {Captions.MeanText(series)}" + (withTheory ? $" Dashed: the L2 theory kappa ({Theory.L2File}) for z = 1." : ""),
            ["min_margin_mean", "alpha", "z", "f"],
            [new Panel("", load.Label, "min margin kappa (units of ||w||_2)", series)]);
    }

    private static void ConvergenceVsAlpha(IReadOnlyList<ResultRow> rows, LoadAxis load, FigureSet output)
    {
        var converged = rows.Where(r => r.Number("convergence_epoch") is not null).ToList();
        if (converged.Count == 0)
        {
            output.Note("no cell converged within its epoch cap (column converged): no convergence-epoch figure");
            return;
        }
        var key = SeriesKey.Choose(rows, "alpha");
        var series = Aggregate.ByKey(converged, key, load.X, r => r.Number("convergence_epoch"), SeriesKind.LineMarkers);
        int unconverged = rows.Count - converged.Count;
        output.Add(new Figure("convergence-vs-alpha", "Convergence epoch against load",
            $"Epoch at which the convergence rule (MODEL.md section 4) fired (column convergence_epoch) against the load {load.Description}, " +
            $"one line per {Captions.KeyText(key)}; {Captions.MeanText(series)}" +
            (unconverged > 0 ? $" {unconverged} of {rows.Count} completed cells did not converge within their epoch cap (column converged) and are left out." : ""),
            ["convergence_epoch", "converged", "alpha", "z"],
            [new Panel("", load.Label, "convergence epoch (epochs)", series)]));
    }

    private static void RecallCurves(IReadOnlyList<ResultRow> rows, FigureSet output)
    {
        var tests = Tests.Where(t => rows.Any(r => r.List($"recall_{Suffix(t)}").Length > 0)).ToList();
        if (tests.Count == 0)
        {
            output.Note("no robustness test was run (column tests): no recall figures");
            return;
        }
        var shown = rows;
        var key = SeriesKey.Choose(shown);
        string restriction = "";
        if (key.Groups(shown).Count > MaxCurves && Captions.Distinct(rows, "alpha").Count > 2)
        {
            var alphas = Captions.Distinct(rows, "alpha");
            shown = rows.Where(r => r.Number("alpha") == alphas[0] || r.Number("alpha") == alphas[^1]).ToList();
            key = SeriesKey.Choose(shown);
            restriction = $" Only the smallest and largest load (alpha = {RowValues.Short(alphas[0])}, {RowValues.Short(alphas[^1])}) are drawn, to keep the panels readable.";
        }
        var panels = tests.Select(t => new Panel(t, NoiseLabel(t), "recall rate (fraction of patterns)",
            key.Groups(shown).Select(g => Aggregate.MeanCurve(g.ToList(), $"noise_{Suffix(t)}", $"recall_{Suffix(t)}", SeriesKind.LineMarkers, g.Key))
                .Where(s => s is not null).Select(s => s!).ToList())).ToList();
        output.Add(new Figure("recall-vs-noise", "Recall rate against noise",
            $"Fraction of patterns recalled (columns recall_<test>) against the noise level (columns noise_<test>), one panel per robustness test " +
            $"(MODEL.md section 6), one line per {Captions.KeyText(key)}; {Captions.MeanText(panels.SelectMany(p => p.Series))}{restriction} " +
            "The tolerance is where a curve crosses 0.5.",
            [.. tests.SelectMany(t => new[] { $"recall_{Suffix(t)}", $"noise_{Suffix(t)}" })], panels));
    }

    private static void ToleranceVsZ(IReadOnlyList<ResultRow> rows, FigureSet output)
    {
        var tests = Tests.Where(t => rows.Any(r => r.Number($"tolerance_{Suffix(t)}") is not null)).ToList();
        if (tests.Count == 0)
        {
            output.Note("no tolerance was measured (no robustness test crossed 0.5): no tolerance-vs-z figure");
            return;
        }
        var key = SeriesKey.Choose(rows, "z");
        var panels = tests.Select(t => new Panel(t, "z (factors per synapse)", $"tolerance ({NoiseLabel(t)})",
            Aggregate.ByKey(rows, key, r => r.Number("z"), r => r.Number($"tolerance_{Suffix(t)}"), SeriesKind.LineMarkers))).ToList();
        output.Add(new Figure("tolerance-vs-z", "Noise tolerance against the number of factors",
            $"Noise level at which the recall rate crosses 0.5 (columns tolerance_<test>) against z, one panel per test, one line per {Captions.KeyText(key)}; " +
            $"{Captions.MeanText(panels.SelectMany(p => p.Series))} A cell whose recall never crosses 0.5 on the grid has no tolerance and is left out.",
            [.. tests.Select(t => $"tolerance_{Suffix(t)}"), "z"], panels));
    }

    private static void Trajectories(IReadOnlyList<ResultRow> rows, FigureSet output)
    {
        var withTrajectory = rows.Where(r => r.List("trajectory_epoch").Length > 0).ToList();
        if (withTrajectory.Count == 0)
        {
            output.Note("no trajectories recorded (trajectory_interval = 0): no trajectory figure");
            return;
        }
        output.Add(TrajectoryFigure.Build("trajectories", "Training trajectories", withTrajectory,
            [("trajectory_density", "density"), ("trajectory_min_margin", "min margin kappa"), ("trajectory_error", "error rate")],
            "epoch", "Training trajectories of every completed cell (columns trajectory_epoch against trajectory_density, trajectory_min_margin " +
                     "and trajectory_error), one thin line per cell, coloured by"));
    }

    private static string NoiseLabel(string test) => test.StartsWith("cue", StringComparison.Ordinal)
        ? "cue noise p (flip probability)"
        : "synaptic noise level p (sigma proportional to p)";
}
