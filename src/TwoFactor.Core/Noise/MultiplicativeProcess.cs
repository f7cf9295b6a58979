using TwoFactor.Core.Parameters;
using TwoFactor.Core.Randomness;
using TwoFactor.Core.SpineAnalysis;

namespace TwoFactor.Core.Noise;

/// <summary>Simulates <see cref="MultiplicativeParameters"/>; the sample after step s is time point s.</summary>
public static class MultiplicativeProcess
{
    public static TraceMatrix Simulate(MultiplicativeParameters p, CancellationToken cancellationToken = default)
    {
        InvalidParametersException.ThrowIfAny(p.Validate());

        int n = p.Synapses;
        double mu = p.LogMean, decay = Math.Exp(-1 / p.Tau), spread = p.LogStd * Math.Sqrt(1 - decay * decay);
        var y = new double[n];
        Array.Fill(y, Math.Log(p.X0));
        var traces = new double[n * p.Duration];
        var rng = Streams.For(p.Seed, StreamPurpose.SynapticProcess, NoiseStreams.Multiplicative);
        for (int step = 0; step < p.Duration; step++)
        {
            if (step % 100 == 0) cancellationToken.ThrowIfCancellationRequested();
            for (int i = 0; i < n; i++)
            {
                y[i] = mu + (y[i] - mu) * decay + spread * ZigguratNormal.Next(rng);
                traces[i * p.Duration + step] = Math.Exp(y[i]);
            }
        }
        return new TraceMatrix(n, p.Duration, traces);
    }
}
