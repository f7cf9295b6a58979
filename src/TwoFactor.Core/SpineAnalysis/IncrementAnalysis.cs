namespace TwoFactor.Core.SpineAnalysis;

/// <summary>Power-law fits of the size increments.</summary>
/// <param name="Growth">Fit of the growth increments at the shortest lag (one sampling interval): the headline exponent.</param>
/// <param name="Shrink">Same for shrinkage.</param>
/// <param name="GrowthPooled">Fit of all growth pairs of all lags together.</param>
/// <param name="ShrinkPooled">Same for shrinkage.</param>
public sealed record IncrementResult(
    PowerLawFit Growth,
    PowerLawFit Shrink,
    PowerLawFit GrowthPooled,
    PowerLawFit ShrinkPooled,
    int[] Lags,
    double[] GrowthExponentByLag,
    double[] ShrinkExponentByLag);

/// <summary>
/// How the size change scales with size (MODEL.md section 8): for every lag L and every start offset, the pairs
/// (w_t, w_{t+L} - w_t) of each trace; taken together these are all pairs (t, t+L) with both ends observed.
/// Growth (dw > 0) and shrinkage (dw < 0) are fitted separately with |dw| = a w^b (least squares in log-log).
/// Pairs with w = 0 (nothing to scale) or dw = 0 are skipped. Only surviving synapses (as in
/// <see cref="NormStability.Survivors"/>) are used: the slide of an eliminated synapse towards 0 is elimination, not
/// the fluctuation of a persistent synapse (in the z >= 4 simulations those slides pushed the exponents up by
/// about 0.1). Per-lag exponents are NaN where a lag has fewer
/// than <see cref="MinPairsPerLag"/> pairs of a sign (the reference analysis skips those lags too).
/// <para>
/// The headline exponent is the fit at the shortest lag, as the reference fits each lag separately: at longer lags
/// the increments are dominated by mean reversion (homeostasis, each synapse's own set point), which lowers the
/// growth exponent and raises the shrinkage exponent of a pooled fit (regression to the mean: large synapses
/// tend to shrink, small ones to grow). The pooled fit is reported as well.
/// </para>
/// </summary>
public static class IncrementAnalysis
{
    public const int MinPairsPerLag = 50;

    public static IncrementResult Analyze(TraceMatrix traces)
    {
        int lagsCount = Math.Max(0, traces.TimePoints - 1);
        var growth = new LogLogSums[lagsCount];
        var shrink = new LogLogSums[lagsCount];
        var logW = new double[traces.TimePoints];

        foreach (int i in NormStability.Survivors(traces))
        {
            var row = traces.Row(i);
            for (int t = 0; t < row.Length; t++) logW[t] = row[t] > 0 ? Math.Log(row[t]) : double.NaN;
            for (int t = 0; t < row.Length - 1; t++)
            {
                double w = row[t];
                if (!(w > 0)) continue; // NaN or zero
                double x = logW[t];
                for (int lag = 1; t + lag < row.Length; lag++)
                {
                    double dw = row[t + lag] - w;
                    if (dw > 0) growth[lag - 1].Add(x, Math.Log(dw));
                    else if (dw < 0) shrink[lag - 1].Add(x, Math.Log(-dw));
                    // dw == 0 or NaN: no information about the scaling
                }
            }
        }

        var pooledGrowth = new LogLogSums();
        var pooledShrink = new LogLogSums();
        var lags = new int[lagsCount];
        var growthByLag = new double[lagsCount];
        var shrinkByLag = new double[lagsCount];
        for (int l = 0; l < lagsCount; l++)
        {
            pooledGrowth.Add(growth[l]);
            pooledShrink.Add(shrink[l]);
            lags[l] = l + 1;
            growthByLag[l] = growth[l].N >= MinPairsPerLag ? growth[l].Fit().Exponent : double.NaN;
            shrinkByLag[l] = shrink[l].N >= MinPairsPerLag ? shrink[l].Fit().Exponent : double.NaN;
        }
        var shortestGrowth = lagsCount > 0 ? growth[0].Fit() : new PowerLawFit(double.NaN, double.NaN, 0);
        var shortestShrink = lagsCount > 0 ? shrink[0].Fit() : new PowerLawFit(double.NaN, double.NaN, 0);
        return new IncrementResult(shortestGrowth, shortestShrink, pooledGrowth.Fit(), pooledShrink.Fit(), lags, growthByLag, shrinkByLag);
    }
}
