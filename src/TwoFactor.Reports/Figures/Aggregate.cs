namespace TwoFactor.Reports;

/// <summary>Series from rows: one point per distinct x, mean +- sample std over the rows (seeds) at that x.</summary>
public static class Aggregate
{
    /// <summary>
    /// One series per key group; points where x or y is null (failed output, unconverged cell) are left out, and a
    /// group left without points gives no series.
    /// </summary>
    public static IReadOnlyList<Series> ByKey(IReadOnlyList<ResultRow> rows, SeriesKey key, Func<ResultRow, double?> x,
        Func<ResultRow, double?> y, SeriesKind kind, string? labelPrefix = null)
    {
        var series = new List<Series>();
        int group = 0;
        foreach (var g in key.Groups(rows))
        {
            var s = MeanOverSeeds(g.ToList(), x, y, kind, labelPrefix is null ? g.Key : key.Parameters.Count == 0 ? labelPrefix : $"{labelPrefix} ({g.Key})");
            if (s is not null) series.Add(s with { Group = group });
            group++;
        }
        return series;
    }

    public static Series? MeanOverSeeds(IReadOnlyList<ResultRow> rows, Func<ResultRow, double?> x, Func<ResultRow, double?> y,
        SeriesKind kind, string label)
    {
        var points = rows.Select(r => (X: x(r), Y: y(r))).Where(p => p.X is not null && p.Y is not null)
            .GroupBy(p => p.X!.Value).OrderBy(g => g.Key)
            .Select(g => (X: g.Key, Stats: SampleStats.Of(g.Select(p => p.Y!.Value).ToList()))).ToList();
        if (points.Count == 0) return null;
        return new Series(label, points.Select(p => p.X).ToArray(), points.Select(p => p.Stats.Mean).ToArray(), kind)
        {
            YErr = points.Any(p => p.Stats.Count > 1) ? points.Select(p => p.Stats.Std).ToArray() : null,
            Count = points.Select(p => p.Stats.Count).ToArray(),
        };
    }

    /// <summary>
    /// The element-wise mean +- std of a list column over rows whose x grids are equal (e.g. recall curves over seeds);
    /// rows with another grid or an empty list are left out.
    /// </summary>
    public static Series? MeanCurve(IReadOnlyList<ResultRow> rows, string xColumn, string yColumn, SeriesKind kind, string label)
    {
        var curves = rows.Select(r => (X: r.List(xColumn), Y: r.List(yColumn))).Where(c => c.X.Length > 0 && c.X.Length == c.Y.Length).ToList();
        if (curves.Count == 0) return null;
        var grid = curves[0].X;
        curves = curves.Where(c => c.X.SequenceEqual(grid)).ToList();
        var stats = Enumerable.Range(0, grid.Length).Select(k => SampleStats.Of(curves.Select(c => c.Y[k]).ToList())).ToList();
        return new Series(label, grid, stats.Select(s => s.Mean).ToArray(), kind)
        {
            YErr = curves.Count > 1 ? stats.Select(s => s.Std).ToArray() : null,
            Count = stats.Select(s => s.Count).ToArray(),
        };
    }
}
