using TwoFactor.Core.Randomness;
using TwoFactor.Core.Synapses;

namespace TwoFactor.Core.Training;

/// <summary>Initial state for static training (MODEL.md section 4): uniform factors, normalized, bias-estimate thresholds.</summary>
public static class NetworkInitializer
{
    /// <summary>
    /// Factors i.i.d. uniform in [0.7 u0, 1.3 u0], all connections alive but the diagonal (held at the floor),
    /// homeostatic normalization, then theta from the bias estimate of the normalized weights.
    /// </summary>
    public static NetworkState Static(int n, SynapseModel synapse, double u0, double l, double f, DeterministicRandom rng)
    {
        var state = new NetworkState(n, synapse.FactorCount);
        Span<double> u = stackalloc double[synapse.FactorCount];
        for (int i = 0; i < n; i++)
        {
            for (int j = 0; j < n; j++)
            {
                synapse.Initialize(() => rng.Uniform(0.7 * u0, 1.3 * u0), u);
                synapse.Clip(u, dead: i == j);
                state.SetConnection(i, j, u);
            }
        }
        Homeostasis.NormalizeAll(state, synapse, l);
        SetBiasEstimateThresholds(state, synapse, f);
        return state;
    }

    public static void SetBiasEstimateThresholds(NetworkState state, SynapseModel synapse, double f)
    {
        var w = new double[state.N];
        for (int i = 0; i < state.N; i++)
        {
            state.Weights(synapse, i, w);
            state.Theta[i] = BiasEstimate.Threshold(w, f);
        }
    }
}
