namespace TwoFactor.Reports;

/// <summary>Shared caption wording and the distinct values of a column, used by every protocol's figures.</summary>
public static class Captions
{
    public static IReadOnlyList<double> Distinct(IReadOnlyList<ResultRow> rows, string column) =>
        rows.Select(r => r.Number(column)).Where(v => v is not null).Select(v => v!.Value).Distinct().Order().ToList();

    public static string KeyText(SeriesKey key) => key.Parameters.Count == 0 ? "sweep (nothing else varies)" : string.Join(", ", key.Parameters);

    /// <summary>The caption's sentence on averaging: how many seeds are behind the points.</summary>
    public static string MeanText(IEnumerable<Series> series)
    {
        var counts = series.Where(s => s.Count is not null).SelectMany(s => s.Count!).ToList();
        if (counts.Count == 0) return "";
        int min = counts.Min(), max = counts.Max();
        string n = min == max ? $"{min}" : $"{min} to {max}";
        return max > 1
            ? $"mean over seeds ({n} per point), error bars +- sample std over seeds."
            : "one seed per point (no error bars).";
    }
}
