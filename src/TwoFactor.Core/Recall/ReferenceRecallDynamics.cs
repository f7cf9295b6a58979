using System.Numerics.Tensors;

namespace TwoFactor.Core.Recall;

/// <summary>
/// Straightforward recall dynamics: the field of a binary state is the sum of the weight columns of its
/// active neurons, so the weights are transposed once and each active neuron adds one contiguous row.
/// </summary>
public sealed class ReferenceRecallDynamics : IRecallDynamics
{
    public string Name => "reference";

    public void Run(RecallNetwork network, byte[] states, int batch, int steps)
    {
        int n = network.N;
        var transposed = Transpose(network.Weights, n);
        var field = new double[n];
        var next = new byte[n];
        for (int b = 0; b < batch; b++)
        {
            var state = states.AsSpan(b * n, n);
            for (int t = 0; t <= steps; t++)
            {
                Array.Clear(field);
                for (int j = 0; j < n; j++)
                {
                    if (state[j] != 0) TensorPrimitives.Add(field, transposed.AsSpan(j * n, n), field);
                }
                bool changed = false;
                for (int i = 0; i < n; i++)
                {
                    next[i] = field[i] - network.Theta[i] > 0 ? (byte)1 : (byte)0;
                    changed |= next[i] != state[i];
                }
                next.CopyTo(state);
                if (!changed) break; // a fixed point stays put: the remaining steps change nothing
            }
        }
    }

    /// <summary>W^T row-major: row j holds the weights from neuron j onto every neuron (a field adds one such row per active neuron).</summary>
    public static double[] Transpose(double[] weights, int n)
    {
        var t = new double[n * n];
        for (int i = 0; i < n; i++)
            for (int j = 0; j < n; j++)
                t[j * n + i] = weights[i * n + j];
        return t;
    }
}
