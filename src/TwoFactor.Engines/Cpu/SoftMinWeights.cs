using System.Numerics.Tensors;

namespace TwoFactor.Engines.Cpu;

/// <summary>
/// Phase B's soft-min weights of one neuron (MODEL.md section 4), shared by the CPU engines of both precisions:
/// a^mu = exp(-beta (|h^mu| - min |h|) / m), g^mu = a^mu sign(h^mu) / sum a, keeping only the patterns whose
/// weight is at least <see cref="VectorTrainer.NegligibleSoftMinWeight"/> of the sum (the others change the
/// gradient by less than double rounding does).
/// </summary>
internal static class SoftMinWeights
{
    /// <summary>
    /// Lists the kept patterns and their g^mu in <paramref name="keptPatterns"/> and <paramref name="keptWeights"/>
    /// (<paramref name="kept"/> of them); returns sum_mu g^mu. <paramref name="meanAbsFieldPrevious"/> is m, the
    /// mean |h| of the previous epoch; <paramref name="softMin"/> is scratch of at least h.Length.
    /// </summary>
    public static double Compute(ReadOnlySpan<double> h, double meanAbsFieldPrevious, double beta, Span<double> softMin,
                                 Span<int> keptPatterns, Span<double> keptWeights, out int kept)
    {
        double scale = meanAbsFieldPrevious > 0 ? meanAbsFieldPrevious : 1.0;
        double minAbs = Math.Abs(TensorPrimitives.MinMagnitude(h));
        softMin = softMin[..h.Length];
        // a^mu = exp(-beta (|h^mu| - min |h|) / m): exponents first, then one vectorized exp.
        TensorPrimitives.Abs(h, softMin);
        TensorPrimitives.Subtract(softMin, minAbs, softMin);
        TensorPrimitives.Multiply(softMin, -beta / scale, softMin);
        TensorPrimitives.Exp(softMin, softMin);
        double sumA = TensorPrimitives.Sum(softMin);
        double sumG = 0, negligible = VectorTrainer.NegligibleSoftMinWeight * sumA;
        kept = 0;
        for (int mu = 0; mu < h.Length; mu++)
        {
            if (softMin[mu] < negligible || h[mu] == 0) continue; // sign(0) = 0
            double g = softMin[mu] / sumA;                        // a sign(h) / sum a, negated below
            if (h[mu] < 0) g = -g;
            if (g == 0) continue;
            sumG += g;
            keptPatterns[kept] = mu;
            keptWeights[kept++] = g;
        }
        return sumG;
    }
}
