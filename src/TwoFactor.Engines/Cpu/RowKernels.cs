using System.Numerics.Tensors;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using TwoFactor.Core.Synapses;

namespace TwoFactor.Engines.Cpu;

/// <summary>
/// Vectorized passes over one neuron's inputs (weights, gradients, alive mask, clipping) that give exactly the
/// numbers of the per-connection methods of <see cref="SynapseModel"/>: same operations, same order.
/// </summary>
internal static class RowKernels
{
    /// <summary>
    /// A dead connection whose weight is still above this has not yet been set to the floor (it died this epoch,
    /// or is the diagonal before the first clip): clipping will change its weight, so fields must hear of it.
    /// Connections already at the floor weigh at most eps^z times the last normalization scale (about 1e-20).
    /// </summary>
    public const double UnflooredDeadWeight = 1e-18;

    /// <summary>Product synapses: w = u_1 ... u_z and dw/du_k = product of the others, multiplied in the reference's order.</summary>
    public static void ProductWeightsAndGradients(ReadOnlySpan<double> factors, int n, int z, Span<double> weights, Span<double> gradients)
    {
        factors[..n].CopyTo(weights);
        for (int k = 1; k < z; k++) TensorPrimitives.Multiply(weights[..n], factors.Slice(k * n, n), weights[..n]);
        for (int k = 0; k < z; k++)
        {
            var g = gradients.Slice(k * n, n);
            bool first = true;
            for (int l = 0; l < z; l++)
            {
                if (l == k) continue;
                if (first) factors.Slice(l * n, n).CopyTo(g);
                else TensorPrimitives.Multiply(g, factors.Slice(l * n, n), g);
                first = false;
            }
            if (first) g.Fill(1.0); // z = 1: dw/du = 1
        }
    }

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

    /// <summary>Product clip: every factor at least the floor, dead connections entirely at the floor.</summary>
    public static void ClipProduct(Span<double> row, ReadOnlySpan<double> alive)
    {
        int n = row.Length, j = 0;
        var floor = Vector256.Create(SynapseModel.Floor);
        ref double u = ref MemoryMarshal.GetReference(row);
        ref double a = ref MemoryMarshal.GetReference(alive);
        if (alive.Length < n) throw new ArgumentException("alive mask shorter than the row");
        for (; j <= n - Vector256<double>.Count; j += Vector256<double>.Count)
        {
            var uv = Vector256.LoadUnsafe(ref u, (nuint)j);
            var dead = Vector256.Equals(Vector256.LoadUnsafe(ref a, (nuint)j), Vector256<double>.Zero);
            var clipped = Vector256.ConditionalSelect(Vector256.LessThan(uv, floor), floor, uv);
            Vector256.ConditionalSelect(dead, floor, clipped).StoreUnsafe(ref u, (nuint)j);
        }
        for (; j < n; j++) row[j] = alive[j] == 0 || row[j] < SynapseModel.Floor ? SynapseModel.Floor : row[j];
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
