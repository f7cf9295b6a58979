namespace TwoFactor.Core.SpineAnalysis;

/// <summary>
/// |dw| = a w^b fitted by ordinary least squares of log|dw| on log w. Exponent is NaN when fewer than two
/// pairs (or no spread in w) are available.
/// </summary>
public sealed record PowerLawFit(double Exponent, double Prefactor, long Pairs);

/// <summary>Running sums for a least-squares line through (log w, log |dw|), so pairs need not be stored.</summary>
internal struct LogLogSums
{
    public long N;
    public double Sx, Sy, Sxx, Sxy;

    public void Add(double x, double y)
    {
        N++;
        Sx += x;
        Sy += y;
        Sxx += x * x;
        Sxy += x * y;
    }

    public void Add(in LogLogSums other)
    {
        N += other.N;
        Sx += other.Sx;
        Sy += other.Sy;
        Sxx += other.Sxx;
        Sxy += other.Sxy;
    }

    public readonly PowerLawFit Fit()
    {
        if (N < 2) return new PowerLawFit(double.NaN, double.NaN, N);
        // Centred form: less cancellation than n*Sxx - Sx^2 with millions of pairs.
        double meanX = Sx / N, meanY = Sy / N;
        double varX = Sxx / N - meanX * meanX;
        double covXY = Sxy / N - meanX * meanY;
        if (varX <= 1e-300) return new PowerLawFit(double.NaN, double.NaN, N);
        double b = covXY / varX;
        return new PowerLawFit(b, Math.Exp(meanY - b * meanX), N);
    }
}
