using TwoFactor.Core.Synapses;

namespace TwoFactor.Core.Evaluation;

/// <summary>
/// Before evaluation each neuron is rescaled so its mean alive factor is 0.1 (MODEL.md section 4):
/// c_i = 10 * mean of its alive factors; u /= c_i, theta_i /= c_i^z. Every parameterization's weight is
/// homogeneous of degree z in its factors, so the dynamics are unchanged.
/// </summary>
public static class EvaluationRescale
{
    public const double TargetMeanFactor = 0.1;

    public static NetworkState Apply(NetworkState trained, SynapseModel synapse)
    {
        var state = trained.Clone();
        int n = state.N, k = state.K;
        Span<double> u = stackalloc double[k];
        for (int i = 0; i < n; i++)
        {
            double sum = 0;
            long count = 0;
            for (int j = 0; j < n; j++)
            {
                state.GetConnection(i, j, u);
                if (j == i || !synapse.IsAlive(synapse.Weight(u))) continue;
                foreach (double x in u) sum += x;
                count += k;
            }
            if (count == 0) continue; // a neuron without inputs has nothing to rescale
            double c = sum / count / TargetMeanFactor;
            foreach (ref double x in state.NeuronFactors(i)) x /= c;
            state.Theta[i] /= Math.Pow(c, synapse.Z);
        }
        return state;
    }
}
