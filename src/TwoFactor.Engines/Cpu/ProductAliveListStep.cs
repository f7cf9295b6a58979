using TwoFactor.Core.Synapses;

namespace TwoFactor.Engines.Cpu;

/// <summary>
/// The plasticity step of <see cref="ProductRowStep"/> restricted to a neuron's alive inputs, for pruned
/// neurons. A dead connection never changes again (its factors sit at the floor; the reference re-floors and
/// rescales them each epoch, values near 1e-20 that no field, sum or metric can see), so an epoch costs
/// O(alive inputs) instead of O(N). The list is checked in full every epoch, so a connection dies in the same
/// epoch as in the reference, whether a step or the normalization took it below the threshold.
/// </summary>
internal static class ProductAliveListStep
{
    /// <summary>
    /// For each listed input j (with drive <paramref name="drive"/>[p] for list position p): a connection whose
    /// weight is no longer above the alive threshold is floored and dropped from the list; the others take the
    /// step u_k += eta drive dw/du_k and the clip. Returns the sum of squares of the surviving factors (dead ones
    /// add about 1e-40 each, below double resolution of the sum). Changed inputs and their weights before the
    /// step go to <paramref name="changed"/> and <paramref name="weightsBefore"/>.
    /// </summary>
    public static double Apply(Span<double> factors, int n, int z, Span<int> aliveList, ref int aliveCount, ReadOnlySpan<double> drive,
                               double eta, Span<int> changed, Span<double> weightsBefore, out int changedCount)
    {
        if (z == 2) return ApplyTwoFactors(factors, n, aliveList, ref aliveCount, drive, eta, changed, weightsBefore, out changedCount);
        Span<double> u = stackalloc double[z];
        double sum = 0;
        int kept = 0, count = 0;
        for (int p = 0; p < aliveCount; p++)
        {
            int j = aliveList[p];
            double w = 1;
            for (int k = 0; k < z; k++) { u[k] = factors[k * n + j]; w = k == 0 ? u[0] : w * u[k]; }
            if (!(w > SynapseModel.AliveThreshold))
            {
                for (int k = 0; k < z; k++) factors[k * n + j] = SynapseModel.Floor;
                changed[count] = j;
                weightsBefore[count++] = w;
                continue;
            }
            double step = drive[p] * eta;
            if (step != 0)
            {
                changed[count] = j;
                weightsBefore[count++] = w;
                for (int k = 0; k < z; k++)
                {
                    double stepped = Math.FusedMultiplyAdd(step, ProductRowStep.ProductOfOthers(u, k), u[k]);
                    factors[k * n + j] = stepped < SynapseModel.Floor ? SynapseModel.Floor : stepped;
                }
            }
            for (int k = 0; k < z; k++) sum += factors[k * n + j] * factors[k * n + j];
            aliveList[kept++] = j;
        }
        aliveCount = kept;
        changedCount = count;
        return sum;
    }

    /// <summary><see cref="Apply"/> written out for z = 2 (the paper's model), where dw/du_1 = u_2 and dw/du_2 = u_1.</summary>
    private static double ApplyTwoFactors(Span<double> factors, int n, Span<int> aliveList, ref int aliveCount, ReadOnlySpan<double> drive,
                                          double eta, Span<int> changed, Span<double> weightsBefore, out int changedCount)
    {
        var first = factors[..n];
        var second = factors.Slice(n, n);
        double sum = 0;
        int kept = 0, count = 0;
        for (int p = 0; p < aliveCount; p++)
        {
            int j = aliveList[p];
            double u1 = first[j], u2 = second[j], w = u1 * u2;
            if (!(w > SynapseModel.AliveThreshold))
            {
                first[j] = SynapseModel.Floor;
                second[j] = SynapseModel.Floor;
                changed[count] = j;
                weightsBefore[count++] = w;
                continue;
            }
            double step = drive[p] * eta;
            if (step != 0)
            {
                changed[count] = j;
                weightsBefore[count++] = w;
                double v1 = Math.FusedMultiplyAdd(step, u2, u1), v2 = Math.FusedMultiplyAdd(step, u1, u2);
                u1 = v1 < SynapseModel.Floor ? SynapseModel.Floor : v1;
                u2 = v2 < SynapseModel.Floor ? SynapseModel.Floor : v2;
                first[j] = u1;
                second[j] = u2;
            }
            sum += u1 * u1 + u2 * u2;
            aliveList[kept++] = j;
        }
        aliveCount = kept;
        changedCount = count;
        return sum;
    }

    /// <summary>
    /// The sum of squares the reference normalizes by: the surviving factors' plus the dead ones (and the diagonal's)
    /// at the floor, n - alive connections of z factors each. Beside live factors they vanish below double resolution
    /// (1e-40 each), so ordinary epochs keep their bits; once a neuron's last input dies (a neuron silent in every
    /// pattern, exact patterns at f = 0.1) they are the whole sum, and leaving them out made the scale sqrt(L z / 0).
    /// </summary>
    public static double WithDeadFloors(double aliveSumOfSquares, int n, int z, int aliveCount) =>
        aliveSumOfSquares + (double)(n - aliveCount) * z * SynapseModel.Floor * SynapseModel.Floor;

    /// <summary>The normalization applied to the listed inputs' factors only.</summary>
    public static void Scale(Span<double> factors, int n, int z, ReadOnlySpan<int> aliveList, double scale)
    {
        for (int k = 0; k < z; k++)
        {
            var row = factors.Slice(k * n, n);
            foreach (int j in aliveList) row[j] *= scale;
        }
    }
}
