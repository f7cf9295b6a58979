namespace TwoFactor.Reports;

/// <summary>
/// Which parameters tell a figure's series apart. A parameter joins the key when it varies among the rows and is not
/// already fixed by the plotted axes and the key so far (M follows from alpha and N, a zipped eta from z), so a series
/// is exactly "the same cell up to its seed" and its points are averaged over seeds only. Seeds never join the key.
/// </summary>
public sealed class SeriesKey
{
    /// <summary>Parameters tried first, in this order, so labels read "z=2, N=100" rather than by schema order.</summary>
    private static readonly string[] Preferred = ["model", "synapse", "z", "N", "f", "alpha", "patterns", "memory"];

    private SeriesKey(IReadOnlyList<string> parameters) => Parameters = parameters;

    public IReadOnlyList<string> Parameters { get; }

    /// <param name="axes">Parameters the figure already shows (its x axis, its panels): never part of the key.</param>
    public static SeriesKey Choose(IReadOnlyList<ResultRow> rows, params string[] axes)
    {
        var names = rows.SelectMany(r => r.Parameters.Keys).Distinct().ToList();
        var candidates = Preferred.Where(names.Contains).Concat(names.Where(n => !Preferred.Contains(n)))
            .Where(n => n != "seed" && !axes.Contains(n)).ToList();
        var key = new List<string>();
        foreach (var name in candidates)
        {
            var fixedBy = axes.Concat(key).ToList();
            bool varies = rows.GroupBy(r => Signature(r, fixedBy)).Any(g => g.Select(r => r.Text(name)).Distinct().Count() > 1);
            if (varies) key.Add(name);
        }
        return new SeriesKey(key);
    }

    /// <summary>The key written out, e.g. "z=2, N=100"; <paramref name="whenEmpty"/> when nothing varies.</summary>
    public string Label(ResultRow row, string whenEmpty = "all cells") =>
        Parameters.Count == 0 ? whenEmpty : string.Join(", ", Parameters.Select(p => $"{p}={row.Text(p) ?? "null"}"));

    /// <summary>Rows grouped by key, groups in ascending key order (numbers numerically).</summary>
    public IReadOnlyList<IGrouping<string, ResultRow>> Groups(IEnumerable<ResultRow> rows) =>
        rows.GroupBy(r => Label(r)).OrderBy(g => g.First(), Comparer<ResultRow>.Create(Compare)).ToList();

    private int Compare(ResultRow a, ResultRow b)
    {
        foreach (var p in Parameters)
        {
            int c = (a.Number(p), b.Number(p)) is ({ } x, { } y) ? x.CompareTo(y) : string.CompareOrdinal(a.Text(p), b.Text(p));
            if (c != 0) return c;
        }
        return 0;
    }

    private static string Signature(ResultRow row, IReadOnlyList<string> parameters) =>
        string.Join("\u001f", parameters.Select(p => row.Text(p) ?? "null"));
}
