using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using TwoFactor.Core.Synapses;

namespace TwoFactor.Engines.Cpu;

/// <summary>
/// Vectorized passes over one neuron's inputs for the synapse forms that keep weight rows between epochs: the
/// alive mask (exactly <see cref="SynapseModel.IsAlive"/>) and the positions of non-zero steps.
/// </summary>
internal static class RowKernels
{
    /// <summary>
    /// A dead connection whose weight is still above this has not yet been set to the floor (it died this epoch,
    /// or is the diagonal before the first clip): clipping will change its weight, so fields must hear of it.
    /// Connections already at the floor weigh at most eps^z times the last normalization scale (about 1e-20).
    /// </summary>
    public const double UnflooredDeadWeight = 1e-18;

    /// <summary>
    /// alive[j] = 1 where the connection lives (w &gt; threshold, or |w| for signed weights), 0 elsewhere and on the
    /// diagonal; appends to <paramref name="unfloored"/> every dead input whose weight is not yet at the floor.
    /// </summary>
    public static void AliveMask(ReadOnlySpan<double> weights, int self, bool byMagnitude, Span<double> alive, List<int> unfloored)
    {
        int n = weights.Length, j = 0;
        var threshold = Vector256.Create(SynapseModel.AliveThreshold);
        var unflooredWeight = Vector256.Create(UnflooredDeadWeight);
        ref double w = ref MemoryMarshal.GetReference(weights);
        ref double a = ref MemoryMarshal.GetReference(alive);
        if (alive.Length < n) throw new ArgumentException("alive mask shorter than the row");
        for (; j <= n - Vector256<double>.Count; j += Vector256<double>.Count)
        {
            var wv = Vector256.LoadUnsafe(ref w, (nuint)j);
            var magnitude = byMagnitude ? Vector256.Abs(wv) : wv;
            var lives = Vector256.GreaterThan(magnitude, threshold);
            Vector256.ConditionalSelect(lives, Vector256<double>.One, Vector256<double>.Zero).StoreUnsafe(ref a, (nuint)j);
            if ((~lives & Vector256.GreaterThan(Vector256.Abs(wv), unflooredWeight)) != Vector256<double>.Zero)
                for (int t = j; t < j + Vector256<double>.Count; t++)
                    if (alive[t] == 0 && t != self && Math.Abs(weights[t]) > UnflooredDeadWeight) unfloored.Add(t);
        }
        for (; j < n; j++)
        {
            bool lives = (byMagnitude ? Math.Abs(weights[j]) : weights[j]) > SynapseModel.AliveThreshold;
            alive[j] = lives ? 1.0 : 0.0;
            if (!lives && j != self && Math.Abs(weights[j]) > UnflooredDeadWeight) unfloored.Add(j);
        }
        alive[self] = 0.0; // no self-connections: the diagonal is dead whatever its factors say
        if (Math.Abs(weights[self]) > UnflooredDeadWeight) unfloored.Add(self);
    }

    /// <summary>Writes the positions of the non-zero entries of <paramref name="values"/> to <paramref name="indices"/>; returns their count.</summary>
    public static int NonZeroIndices(ReadOnlySpan<double> values, Span<int> indices)
    {
        int n = values.Length, j = 0, count = 0;
        ref double v = ref MemoryMarshal.GetReference(values);
        for (; j <= n - Vector256<double>.Count; j += Vector256<double>.Count)
        {
            uint bits = Vector256.ExtractMostSignificantBits(~Vector256.Equals(Vector256.LoadUnsafe(ref v, (nuint)j), Vector256<double>.Zero));
            while (bits != 0)
            {
                indices[count++] = j + System.Numerics.BitOperations.TrailingZeroCount(bits);
                bits &= bits - 1;
            }
        }
        for (; j < n; j++) if (values[j] != 0) indices[count++] = j;
        return count;
    }
}
