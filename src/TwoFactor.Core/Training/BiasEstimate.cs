namespace TwoFactor.Core.Training;

/// <summary>
/// The threshold that puts a fraction f of random inputs above it (MODEL.md section 4):
/// theta = f sum_j w_j + sqrt(2 f (1-f) sum_j w_j^2) erfinv(1 - 2f).
/// </summary>
public static class BiasEstimate
{
    public static double Threshold(ReadOnlySpan<double> weights, double f)
    {
        double sum = 0, sumSquares = 0;
        foreach (double w in weights)
        {
            sum += w;
            sumSquares += w * w;
        }
        return f * sum + Math.Sqrt(2 * f * (1 - f) * sumSquares) * SpecialFunctions.ErfInv(1 - 2 * f);
    }
}
