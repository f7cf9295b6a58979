namespace TwoFactor.Core.Training;

/// <summary>Special functions that .NET's Math lacks.</summary>
public static class SpecialFunctions
{
    /// <summary>
    /// Inverse error function for x in (-1, 1): Giles' polynomial approximation ("Approximating the erfinv
    /// function", GPU Computing Gems, 2011) followed by two Newton steps on erf, accurate to ~1e-12.
    /// </summary>
    public static double ErfInv(double x)
    {
        if (x <= -1) return double.NegativeInfinity;
        if (x >= 1) return double.PositiveInfinity;
        if (x == 0) return 0;
        double w = -Math.Log((1.0 - x) * (1.0 + x));
        double p;
        if (w < 5.0)
        {
            w -= 2.5;
            p = 2.81022636e-08;
            p = 3.43273939e-07 + p * w;
            p = -3.5233877e-06 + p * w;
            p = -4.39150654e-06 + p * w;
            p = 0.00021858087 + p * w;
            p = -0.00125372503 + p * w;
            p = -0.00417768164 + p * w;
            p = 0.246640727 + p * w;
            p = 1.50140941 + p * w;
        }
        else
        {
            w = Math.Sqrt(w) - 3.0;
            p = -0.000200214257;
            p = 0.000100950558 + p * w;
            p = 0.00134934322 + p * w;
            p = -0.00367342844 + p * w;
            p = 0.00573950773 + p * w;
            p = -0.0076224613 + p * w;
            p = 0.00943887047 + p * w;
            p = 1.00167406 + p * w;
            p = 2.83297682 + p * w;
        }
        double y = p * x;
        for (int step = 0; step < 2; step++)
        {
            double err = Erf(y) - x;
            y -= err / (2.0 / Math.Sqrt(Math.PI) * Math.Exp(-y * y));
        }
        return y;
    }

    /// <summary>
    /// Error function: Maclaurin series for |x| below 2.5, Lentz continued fraction of erfc above
    /// (both converge to double precision there).
    /// </summary>
    public static double Erf(double x)
    {
        if (x < 0) return -Erf(-x);
        if (x < 2.5)
        {
            // erf x = 2/sqrt(pi) * sum_n (-1)^n x^(2n+1) / (n! (2n+1))
            double term = x, sum = x, x2 = x * x;
            for (int n = 1; n < 200; n++)
            {
                term *= -x2 / n;
                double add = term / (2 * n + 1);
                sum += add;
                if (Math.Abs(add) < 1e-17 * Math.Abs(sum)) break;
            }
            return 2.0 / Math.Sqrt(Math.PI) * sum;
        }
        return 1.0 - Erfc(x);
    }

    private static double Erfc(double x)
    {
        // erfc x = exp(-x^2)/sqrt(pi) * 1/(x + 1/2 /(x + 1/(x + 3/2 /(x + 2/(x + ...)))))
        const double tiny = 1e-300;
        double f = x, c = x, d = 0;
        for (int n = 1; n < 500; n++)
        {
            double a = n / 2.0;
            d = x + a * d;
            d = Math.Abs(d) < tiny ? tiny : d;
            c = x + a / c;
            c = Math.Abs(c) < tiny ? tiny : c;
            d = 1 / d;
            double delta = c * d;
            f *= delta;
            if (Math.Abs(delta - 1) < 1e-16) break;
        }
        return Math.Exp(-x * x) / Math.Sqrt(Math.PI) / f;
    }
}
