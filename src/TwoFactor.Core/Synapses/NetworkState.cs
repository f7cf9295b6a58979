namespace TwoFactor.Core.Synapses;

/// <summary>
/// The learned state: factors and thresholds. Factors are stored neuron, factor, input
/// (<c>Factors[(i * K + k) * N + j]</c>) so one neuron's factor k over all inputs is contiguous, which is
/// what per-neuron training loops and SIMD engines walk.
/// </summary>
public sealed class NetworkState
{
    public int N { get; }
    public int K { get; }
    public double[] Factors { get; }
    public double[] Theta { get; }

    public NetworkState(int n, int k)
    {
        N = n;
        K = k;
        Factors = new double[(long)n * k * n];
        Theta = new double[n];
    }

    private NetworkState(int n, int k, double[] factors, double[] theta)
    {
        N = n;
        K = k;
        Factors = factors;
        Theta = theta;
    }

    public NetworkState Clone() => new(N, K, (double[])Factors.Clone(), (double[])Theta.Clone());

    public int Index(int i, int k, int j) => (i * K + k) * N + j;

    /// <summary>One neuron's factors (K rows of N inputs).</summary>
    public Span<double> NeuronFactors(int i) => Factors.AsSpan(i * K * N, K * N);

    /// <summary>Copies the factors of connection (i, j) into <paramref name="u"/>.</summary>
    public void GetConnection(int i, int j, Span<double> u)
    {
        for (int k = 0; k < K; k++) u[k] = Factors[Index(i, k, j)];
    }

    public void SetConnection(int i, int j, ReadOnlySpan<double> u)
    {
        for (int k = 0; k < K; k++) Factors[Index(i, k, j)] = u[k];
    }

    /// <summary>Weights of neuron i's inputs into <paramref name="w"/> (length N).</summary>
    public void Weights(SynapseModel synapse, int i, Span<double> w)
    {
        Span<double> u = stackalloc double[K];
        for (int j = 0; j < N; j++)
        {
            GetConnection(i, j, u);
            w[j] = synapse.Weight(u);
        }
    }

    /// <summary>The full weight matrix, row-major (<c>W[i * N + j]</c>).</summary>
    public double[] WeightMatrix(SynapseModel synapse)
    {
        var w = new double[N * N];
        for (int i = 0; i < N; i++) Weights(synapse, i, w.AsSpan(i * N, N));
        return w;
    }
}
