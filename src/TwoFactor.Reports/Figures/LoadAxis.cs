namespace TwoFactor.Reports;

/// <summary>
/// The x axis of the figures against load: alpha / alpha_c (alpha_c from data/theory/theory_capacity.csv for each
/// row's f), or plain alpha when the capacity of some coding level is not tabulated.
/// </summary>
public sealed class LoadAxis
{
    private readonly Func<double, double?> _capacity;
    private readonly IReadOnlyList<ResultRow> _rows;

    private LoadAxis(IReadOnlyList<ResultRow> rows, Func<double, double?> capacity, bool relative)
    {
        _rows = rows;
        _capacity = capacity;
        Relative = relative;
    }

    public bool Relative { get; }

    public static LoadAxis Of(IReadOnlyList<ResultRow> rows, Theory theory)
    {
        var fs = Captions.Distinct(rows, "f");
        bool relative = fs.Count > 0 && fs.All(f => theory.Capacity(f) is not null);
        return new LoadAxis(rows, theory.Capacity, relative);
    }

    public string Label => Relative ? "alpha / alpha_c (load relative to capacity)" : "alpha (patterns per neuron, M / N)";

    public string Description
    {
        get
        {
            if (!Relative) return "alpha = M / N (column alpha)";
            var caps = Captions.Distinct(_rows, "f").Select(f => $"alpha_c = {RowValues.Short(_capacity(f)!.Value)} at f = {RowValues.Short(f)}");
            return $"alpha / alpha_c (column alpha; {string.Join(", ", caps)}, {Theory.CapacityFile})";
        }
    }

    public double? X(ResultRow row)
    {
        if (row.Number("alpha") is not { } alpha) return null;
        if (!Relative) return alpha;
        return row.Number("f") is { } f && _capacity(f) is { } c ? alpha / c : null;
    }

    /// <summary>A theory curve on this axis, clipped to the loads the data span (plus 5 %), so it does not set the scale.</summary>
    public Series Curve(string label, double f, double[] alpha, double[] value)
    {
        double scale = Relative && _capacity(f) is { } c ? c : 1;
        var xs = _rows.Select(X).Where(x => x is not null).Select(x => x!.Value).ToList();
        double lo = xs.Min() * 0.95, hi = xs.Max() * 1.05;
        var points = alpha.Select((a, k) => (X: a / scale, Y: value[k])).Where(p => p.X >= lo && p.X <= hi).ToList();
        return new Series(label, points.Select(p => p.X).ToArray(), points.Select(p => p.Y).ToArray(), SeriesKind.Reference);
    }
}
