using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using TwoFactor.Core.Synapses;

namespace TwoFactor.Engines.Cpu;

/// <summary>
/// One neuron's plasticity step for product synapses (the paper's model) in a single pass over its factors:
/// weight, alive flag and dw/du are formed in registers from the factors of each group of inputs, the factors
/// are stepped and clipped, and their squares summed for the normalization. Nothing per input is stored but the
/// factors themselves, so an epoch moves each factor through memory twice (this pass and the scaling) instead
/// of the many passes over weight, gradient and mask rows that separate operations need; at N = 1000 a neuron's
/// rows do not fit in the first-level cache, so that traffic is what bounds sparse coding.
/// Numbers are those of <see cref="ProductSynapse"/> and the reference's update: the same products in the same
/// order, one fused multiply-add per factor.
/// </summary>
internal static class ProductRowStep
{
    /// <summary>
    /// u_k += (eta drive_j [alive_j]) dw/du_k, then clip; returns the sum of squares of the new factors. Writes to
    /// <paramref name="changed"/> the inputs whose weight this step changes (driven alive inputs, and dead inputs
    /// not yet at the floor) with their weights before the step in <paramref name="weightsBefore"/>, and to
    /// <paramref name="aliveList"/> the inputs alive at the start of the step (for <see cref="ProductAliveListStep"/>).
    /// </summary>
    public static double Apply(Span<double> factors, int n, int z, int self, ReadOnlySpan<double> drive, double eta,
                               Span<int> changed, Span<double> weightsBefore, out int changedCount, Span<int> aliveList, out int aliveCount)
    {
        if (factors.Length < z * n || drive.Length < n || changed.Length < n || weightsBefore.Length < n || aliveList.Length < n)
            throw new ArgumentException("row buffers shorter than the neuron's inputs");
        Span<Vector256<double>> u = stackalloc Vector256<double>[z];
        ref double factor = ref MemoryMarshal.GetReference(factors);
        ref double driveRef = ref MemoryMarshal.GetReference(drive);
        var floor = Vector256.Create(SynapseModel.Floor);
        var aliveThreshold = Vector256.Create(SynapseModel.AliveThreshold);
        var unfloored = Vector256.Create(RowKernels.UnflooredDeadWeight);
        var etaVector = Vector256.Create(eta);
        var lane = Vector256.Create(0L, 1L, 2L, 3L);
        var selfVector = Vector256.Create((long)self);
        var sumSquares = Vector256<double>.Zero;
        int count = 0, alives = 0, j = 0;
        bool two = z == 2; // the paper's model, written out: dw/du_1 = u_2, dw/du_2 = u_1
        for (; j <= n - 4; j += 4)
        {
            Vector256<double> w, u0 = default, u1 = default;
            if (two)
            {
                u0 = Vector256.LoadUnsafe(ref factor, (nuint)j);
                u1 = Vector256.LoadUnsafe(ref factor, (nuint)(n + j));
                w = u0 * u1;
            }
            else
            {
                w = Vector256<double>.One;
                for (int k = 0; k < z; k++)
                {
                    u[k] = Vector256.LoadUnsafe(ref factor, (nuint)(k * n + j));
                    w = k == 0 ? u[0] : w * u[k];
                }
            }
            var isSelf = Vector256.Equals(Vector256.Create((long)j) + lane, selfVector).AsDouble();
            var alive = Vector256.GreaterThan(w, aliveThreshold) & ~isSelf;
            var step = Vector256.ConditionalSelect(alive, Vector256.LoadUnsafe(ref driveRef, (nuint)j), Vector256<double>.Zero) * etaVector;
            if (two)
            {
                var stepped0 = Vector256.FusedMultiplyAdd(step, u1, u0);
                var stepped1 = Vector256.FusedMultiplyAdd(step, u0, u1);
                var clipped0 = Vector256.ConditionalSelect(~alive | Vector256.LessThan(stepped0, floor), floor, stepped0);
                var clipped1 = Vector256.ConditionalSelect(~alive | Vector256.LessThan(stepped1, floor), floor, stepped1);
                sumSquares = Vector256.FusedMultiplyAdd(clipped0, clipped0, sumSquares);
                sumSquares = Vector256.FusedMultiplyAdd(clipped1, clipped1, sumSquares);
                clipped0.StoreUnsafe(ref factor, (nuint)j);
                clipped1.StoreUnsafe(ref factor, (nuint)(n + j));
            }
            else for (int k = 0; k < z; k++)
            {
                var gradient = Vector256<double>.One;
                bool first = true;
                for (int l = 0; l < z; l++)
                {
                    if (l == k) continue;
                    gradient = first ? u[l] : gradient * u[l];
                    first = false;
                }
                var stepped = Vector256.FusedMultiplyAdd(step, gradient, u[k]);
                var clipped = Vector256.ConditionalSelect(~alive | Vector256.LessThan(stepped, floor), floor, stepped);
                sumSquares = Vector256.FusedMultiplyAdd(clipped, clipped, sumSquares);
                clipped.StoreUnsafe(ref factor, (nuint)(k * n + j));
            }
            uint aliveBits = Vector256.ExtractMostSignificantBits(alive);
            while (aliveBits != 0)
            {
                aliveList[alives++] = j + System.Numerics.BitOperations.TrailingZeroCount(aliveBits);
                aliveBits &= aliveBits - 1;
            }
            var changes = ~Vector256.Equals(step, Vector256<double>.Zero) | (~alive & Vector256.GreaterThan(w, unfloored));
            uint bits = Vector256.ExtractMostSignificantBits(changes);
            while (bits != 0)
            {
                int t = System.Numerics.BitOperations.TrailingZeroCount(bits);
                changed[count] = j + t;
                weightsBefore[count++] = w.GetElement(t);
                bits &= bits - 1;
            }
        }
        double sum = Vector256.Sum(sumSquares);
        Span<double> one = stackalloc double[z];
        for (; j < n; j++)
        {
            double w = 1;
            for (int k = 0; k < z; k++) { one[k] = factors[k * n + j]; w = k == 0 ? one[0] : w * one[k]; }
            bool alive = w > SynapseModel.AliveThreshold && j != self;
            if (alive) aliveList[alives++] = j;
            double step = (alive ? drive[j] : 0.0) * eta;
            for (int k = 0; k < z; k++)
            {
                double stepped = Math.FusedMultiplyAdd(step, ProductOfOthers(one, k), one[k]);
                double clipped = !alive || stepped < SynapseModel.Floor ? SynapseModel.Floor : stepped;
                sum += clipped * clipped;
                factors[k * n + j] = clipped;
            }
            if (step != 0 || (!alive && w > RowKernels.UnflooredDeadWeight))
            {
                changed[count] = j;
                weightsBefore[count++] = w;
            }
        }
        changedCount = count;
        aliveCount = alives;
        return sum;
    }

    /// <summary>dw/du_k = product of the other factors, in the reference's order (1 for z = 1).</summary>
    public static double ProductOfOthers(ReadOnlySpan<double> u, int k)
    {
        double gradient = 1;
        bool first = true;
        for (int l = 0; l < u.Length; l++)
        {
            if (l == k) continue;
            gradient = first ? u[l] : gradient * u[l];
            first = false;
        }
        return gradient;
    }

    /// <summary>w_j = u_1j ... u_zj, multiplied in the reference's order.</summary>
    public static double Weight(ReadOnlySpan<double> factors, int n, int z, int j)
    {
        double w = factors[j];
        for (int k = 1; k < z; k++) w *= factors[k * n + j];
        return w;
    }
}
