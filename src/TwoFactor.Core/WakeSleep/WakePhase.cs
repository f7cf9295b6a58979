using TwoFactor.Core.Patterns;
using TwoFactor.Core.Randomness;
using TwoFactor.Core.Synapses;
using TwoFactor.Core.Training;

namespace TwoFactor.Core.WakeSleep;

/// <summary>
/// One-shot encoding while awake (MODEL.md section 7). Each wake epoch visits the patterns in a random order
/// (stream WakeOrder, epoch); for each pattern one synchronous step from the pattern with global inhibition: if the
/// number of active neurons is not f N, a common threshold d, the field at rank (1-f)N (ascending, 1-based), is
/// subtracted so exactly f N neurons fire. The surprise E = |d| gates a Hebbian covariance step on the first factor
/// of every connection, u_ij1 += eta_wake E (xi_i - f)(xi_j - f); then clip (floor at eps, diagonal dead) and
/// theta = bias estimate. Following the reference code, the wake step is not masked by the alive set: a connection
/// at the floor can grow back when a later pattern drives it up (the dead-stay-dead rule applies to sleep).
/// </summary>
internal static class WakePhase
{
    /// <summary>Runs all wake epochs on <paramref name="state"/> in place; returns the mean surprise of each epoch.</summary>
    public static double[] Run(NetworkState state, ProductSynapse synapse, PatternSet patterns, WakeSleepParameters p,
        ParallelOptions parallel, CancellationToken cancellationToken)
    {
        int n = state.N, m = patterns.M, k = state.K;
        int activeTarget = (int)Math.Round(p.F * n, MidpointRounding.AwayFromZero);
        int rank = (int)Math.Round(n * (1 - p.F), MidpointRounding.AwayFromZero) - 1; // 0-based index into ascending fields
        var fields = new double[n];
        var sorted = new double[n];
        var order = new int[m];
        var meanSurprise = new double[p.WakeEpochs];

        for (int epoch = 0; epoch < p.WakeEpochs; epoch++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var rng = Streams.For(p.Seed, StreamPurpose.WakeOrder, epoch);
            for (int mu = 0; mu < m; mu++) order[mu] = mu;
            rng.PartialShuffle(order, m);

            double surpriseSum = 0;
            foreach (int mu in order)
            {
                var active = patterns.Active[mu];
                Parallel.For(0, n, parallel, i => fields[i] = Field(state, i, active) - state.Theta[i]);
                int firing = 0;
                foreach (double h in fields) if (h > 0) firing++;
                double d = 0;
                if (firing != activeTarget)
                {
                    fields.CopyTo(sorted, 0);
                    Array.Sort(sorted);
                    d = sorted[rank];
                }
                double surprise = Math.Abs(d);
                surpriseSum += surprise;
                if (surprise == 0) continue; // nothing to learn, theta (bias of unchanged weights) unchanged

                var pattern = patterns.Pattern(mu).ToArray();
                Parallel.For(0, n, parallel, () => new double[n], (i, _, row) =>
                {
                    var first = state.Factors.AsSpan(state.Index(i, 0, 0), n);
                    double post = p.EtaWake * surprise * (pattern[i] - p.F);
                    for (int j = 0; j < n; j++) first[j] += post * (pattern[j] - p.F);
                    var neuron = state.NeuronFactors(i);
                    for (int f = 0; f < k; f++)
                    {
                        var factor = neuron.Slice(f * n, n);
                        for (int j = 0; j < n; j++) if (factor[j] < SynapseModel.Floor || j == i) factor[j] = SynapseModel.Floor;
                    }
                    state.Weights(synapse, i, row);
                    state.Theta[i] = BiasEstimate.Threshold(row, p.F);
                    return row;
                }, _ => { });
            }
            meanSurprise[epoch] = m > 0 ? surpriseSum / m : 0;
        }
        return meanSurprise;
    }

    /// <summary>Sets every factor to u0 (diagonal at the floor) and theta to the bias estimate.</summary>
    public static void Initialize(NetworkState state, ProductSynapse synapse, double u0, double f)
    {
        int n = state.N;
        Array.Fill(state.Factors, u0);
        var row = new double[n];
        for (int i = 0; i < n; i++)
        {
            for (int k = 0; k < state.K; k++) state.Factors[state.Index(i, k, i)] = SynapseModel.Floor;
            state.Weights(synapse, i, row);
            state.Theta[i] = BiasEstimate.Threshold(row, f);
        }
    }

    private static double Field(NetworkState state, int i, int[] active)
    {
        double sum = 0;
        foreach (int j in active)
        {
            double w = 1;
            for (int k = 0; k < state.K; k++) w *= state.Factors[state.Index(i, k, j)];
            sum += w;
        }
        return sum;
    }
}
