namespace TwoFactor.Core.Recall;

/// <summary>The noise level at which the recall rate crosses 0.5 (MODEL.md section 6).</summary>
public static class ToleranceFinder
{
    public const double Threshold = 0.5;

    /// <summary>
    /// First crossing from at-or-above 0.5 to below it, interpolated linearly between the two grid points.
    /// 0 when the rate starts below 0.5; the last level, censored, when it never falls below 0.5.
    /// </summary>
    public static (double Tolerance, bool Censored) Find(IReadOnlyList<double> levels, IReadOnlyList<double> rates)
    {
        if (levels.Count == 0) return (double.NaN, true);
        if (rates[0] < Threshold) return (levels[0], false);
        for (int k = 1; k < levels.Count; k++)
        {
            if (rates[k] >= Threshold) continue;
            double fraction = (rates[k - 1] - Threshold) / (rates[k - 1] - rates[k]);
            return (levels[k - 1] + fraction * (levels[k] - levels[k - 1]), false);
        }
        return (levels[^1], true);
    }
}
