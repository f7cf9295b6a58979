namespace TwoFactor.Core.Evaluation;

/// <summary>Small descriptive statistics used by the metrics.</summary>
public static class Statistics
{
    public static double Mean(ReadOnlySpan<double> x)
    {
        double s = 0;
        foreach (double v in x) s += v;
        return x.Length == 0 ? double.NaN : s / x.Length;
    }

    /// <summary>Population standard deviation (divides by n), as numpy's default.</summary>
    public static double Std(ReadOnlySpan<double> x)
    {
        double mean = Mean(x), s = 0;
        foreach (double v in x) s += (v - mean) * (v - mean);
        return x.Length == 0 ? double.NaN : Math.Sqrt(s / x.Length);
    }

    /// <summary>Pearson correlation; NaN when fewer than two points or a constant series.</summary>
    public static double Pearson(IReadOnlyList<double> x, IReadOnlyList<double> y)
    {
        int n = x.Count;
        if (n < 2) return double.NaN;
        double mx = 0, my = 0;
        for (int k = 0; k < n; k++)
        {
            mx += x[k];
            my += y[k];
        }
        mx /= n;
        my /= n;
        double sxy = 0, sxx = 0, syy = 0;
        for (int k = 0; k < n; k++)
        {
            sxy += (x[k] - mx) * (y[k] - my);
            sxx += (x[k] - mx) * (x[k] - mx);
            syy += (y[k] - my) * (y[k] - my);
        }
        return sxx == 0 || syy == 0 ? double.NaN : sxy / Math.Sqrt(sxx * syy);
    }

    /// <summary>
    /// Treves-Rolls sparseness of non-negative responses r: A = (mean r)^2 / mean(r^2),
    /// sparseness = (1 - A) / (1 - 1/n). 0 when all responses are equal, 1 when one response carries all.
    /// </summary>
    public static double TrevesRollsSparseness(ReadOnlySpan<double> r)
    {
        int n = r.Length;
        if (n < 2) return double.NaN;
        double mean = 0, meanSquare = 0;
        foreach (double v in r)
        {
            mean += v;
            meanSquare += v * v;
        }
        mean /= n;
        meanSquare /= n;
        if (meanSquare == 0) return double.NaN;
        double a = mean * mean / meanSquare;
        return (1 - a) / (1 - 1.0 / n);
    }
}
