namespace TwoFactor.Reports;

/// <summary>
/// Mean and sample standard deviation (divides by n - 1, as DuckDB's stddev and pandas' std) of the values behind
/// one plotted point, e.g. one cell's metric over seeds. Std is NaN for a single value: no error bar.
/// </summary>
public readonly record struct SampleStats(double Mean, double Std, int Count)
{
    public static SampleStats Of(IReadOnlyCollection<double> values)
    {
        int n = values.Count;
        if (n == 0) return new SampleStats(double.NaN, double.NaN, 0);
        double mean = values.Sum() / n;
        double std = n > 1 ? Math.Sqrt(values.Sum(v => (v - mean) * (v - mean)) / (n - 1)) : double.NaN;
        return new SampleStats(mean, std, n);
    }
}
