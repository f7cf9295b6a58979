namespace TwoFactor.Reports;

/// <summary>
/// Trajectories of every cell as thin lines (one panel per recorded quantity), coloured by series key so the legend
/// names each group once. Large sweeps are thinned to at most <see cref="MaxCells"/> cells, evenly over the rows.
/// </summary>
public static class TrajectoryFigure
{
    public const int MaxCells = 120;

    public static Figure Build(string id, string title, IReadOnlyList<ResultRow> rows, IReadOnlyList<(string Column, string Label)> quantities,
        string xLabel, string captionStart)
    {
        var key = SeriesKey.Choose(rows);
        int step = Math.Max(1, (int)Math.Ceiling(rows.Count / (double)MaxCells));
        var groups = key.Groups(rows);
        var panels = quantities.Select(q =>
        {
            var series = new List<Series>();
            for (int g = 0; g < groups.Count; g++)
            {
                bool first = true;
                foreach (var row in groups[g].Where((_, k) => k % step == 0))
                {
                    var x = row.List("trajectory_epoch");
                    var y = row.List(q.Column);
                    if (x.Length == 0 || x.Length != y.Length) continue;
                    series.Add(new Series($"{groups[g].Key}, seed={row.Text("seed")}, cell {row.CellId}", x, y, SeriesKind.Line)
                    {
                        Group = g, InLegend = first, Legend = groups[g].Key,
                    });
                    first = false;
                }
            }
            return new Panel(q.Label, xLabel, q.Label, series);
        }).ToList();
        string thinned = step > 1 ? $" Every {step}th cell of each group is drawn ({rows.Count} cells in all)." : "";
        return new Figure(id, title, $"{captionStart} {Captions.KeyText(key)}.{thinned}",
            ["trajectory_epoch", .. quantities.Select(q => q.Column)], panels);
    }
}
