using TwoFactor.Core.Randomness;
using TwoFactor.Core.SpineAnalysis;

namespace TwoFactor.Core.Tests.SpineAnalysis;

public class IncrementAnalysisTests
{
    /// <summary>Two time points, so only lag 1: |dw| = 0.05 w^0.5 on growth and 0.02 w^1.5 on shrinkage, exactly.</summary>
    [Fact]
    public void Recovers_the_exponents_of_an_exact_power_law()
    {
        var rng = new DeterministicRandom(7);
        int n = 400;
        var values = new double[n * 2];
        for (int i = 0; i < n; i++)
        {
            double w = rng.Uniform(0.2, 3.0);
            values[2 * i] = w;
            values[2 * i + 1] = i % 2 == 0 ? w + 0.05 * Math.Sqrt(w) : w - 0.02 * Math.Pow(w, 1.5);
        }
        var result = IncrementAnalysis.Analyze(new TraceMatrix(n, 2, values));
        Assert.Equal(0.5, result.Growth.Exponent, 9);
        Assert.Equal(0.05, result.Growth.Prefactor, 9);
        Assert.Equal(1.5, result.Shrink.Exponent, 9);
        Assert.Equal(0.02, result.Shrink.Prefactor, 9);
        Assert.Equal(n / 2, result.Growth.Pairs);
        Assert.Equal([1], result.Lags);
    }

    [Fact]
    public void Counts_every_pair_of_every_lag_of_the_survivors_and_skips_missing_and_unchanged_values()
    {
        // Row 0: 4 time points, all changes nonzero: 3 + 2 + 1 = 6 pairs. Row 1: the NaN removes the 3 pairs that
        // touch time 2, and the pair (0, 3) has dw = 0. Row 2 was eliminated (w = 0 once): not a survivor, no pairs.
        var traces = TraceCsvParser.Parse("1,2,4,8\n1,2,NaN,1\n0,1,2,3\n", "t");
        var result = IncrementAnalysis.Analyze(traces);
        Assert.Equal(6 + 2, result.GrowthPooled.Pairs + result.ShrinkPooled.Pairs);
        Assert.Equal(3 + 1, result.Growth.Pairs + result.Shrink.Pairs); // lag 1 only
        Assert.Equal([1, 2, 3], result.Lags);
    }
}
