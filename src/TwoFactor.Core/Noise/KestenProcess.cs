using TwoFactor.Core.Parameters;
using TwoFactor.Core.Randomness;
using TwoFactor.Core.SpineAnalysis;

namespace TwoFactor.Core.Noise;

/// <summary>Simulates <see cref="KestenParameters"/>; the sample after step s is time point s.</summary>
public static class KestenProcess
{
    public static TraceMatrix Simulate(KestenParameters p, CancellationToken cancellationToken = default)
    {
        InvalidParametersException.ThrowIfAny(p.Validate());

        int n = p.Synapses;
        var x = new double[n];
        Array.Fill(x, p.X0);
        var traces = new double[n * p.Duration];
        var normals = new GaussianPairs(n);
        var rng = Streams.For(p.Seed, StreamPurpose.SynapticProcess, NoiseStreams.Kesten);
        for (int step = 0; step < p.Duration; step++)
        {
            if (step % 100 == 0) cancellationToken.ThrowIfCancellationRequested();
            normals.Next(rng, n);
            for (int i = 0; i < n; i++)
            {
                if (x[i] > 0)
                {
                    double a = p.MeanA + p.StdA * normals.First[i];
                    double b = p.MeanB + p.StdB * normals.Second[i];
                    x[i] = Math.Max(0, a * x[i] + b);
                }
                traces[i * p.Duration + step] = x[i];
            }
        }
        return new TraceMatrix(n, p.Duration, traces);
    }
}
