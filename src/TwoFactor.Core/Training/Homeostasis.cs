using TwoFactor.Core.Synapses;

namespace TwoFactor.Core.Training;

/// <summary>
/// Multiplicative homeostatic scaling (MODEL.md section 4 step 5): every factor of neuron i is multiplied
/// by sqrt(L z / sum_jk u_ijk^2), so the neuron's sum of squared factors is L times the factors per connection.
/// Thresholds are not rescaled.
/// </summary>
public static class Homeostasis
{
    /// <summary>Normalizes neuron i in place and returns the scale factor applied.</summary>
    public static double Normalize(Span<double> neuronFactors, double target)
    {
        double sumSquares = 0;
        foreach (double u in neuronFactors) sumSquares += u * u;
        double scale = Math.Sqrt(target / sumSquares);
        foreach (ref double u in neuronFactors) u *= scale;
        return scale;
    }

    public static void NormalizeAll(NetworkState state, SynapseModel synapse, double l)
    {
        double target = synapse.NormalizationTarget(l);
        for (int i = 0; i < state.N; i++) Normalize(state.NeuronFactors(i), target);
    }
}
