namespace TwoFactor.Core.SpineAnalysis;

public static class CurveComparison
{
    /// <summary>
    /// Coefficient of determination of a model curve as a prediction of the data curve on the same grid:
    /// 1 - sum (data - model)^2 / sum (data - mean data)^2. Negative when the model does worse than the data's
    /// own mean (as the paper's z = 1). Grid points where either curve is NaN are left out.
    /// </summary>
    public static double RSquared(IReadOnlyList<double> data, IReadOnlyList<double> model)
    {
        if (data.Count != model.Count) throw new ArgumentException("curves must share the grid", nameof(model));
        var pairs = Enumerable.Range(0, data.Count).Where(j => !double.IsNaN(data[j]) && !double.IsNaN(model[j])).ToList();
        if (pairs.Count < 2) return double.NaN;
        double mean = pairs.Average(j => data[j]);
        double residual = pairs.Sum(j => (data[j] - model[j]) * (data[j] - model[j]));
        double total = pairs.Sum(j => (data[j] - mean) * (data[j] - mean));
        return total > 0 ? 1 - residual / total : double.NaN;
    }
}
