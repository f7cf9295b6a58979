using TwoFactor.Core.Parameters;
using TwoFactor.Core.Randomness;
using TwoFactor.Core.SpineAnalysis;

namespace TwoFactor.Core.Noise;

/// <summary>
/// Intrinsic fluctuations of product synapses w = u_1 ... u_z (MODEL.md section 8), Euler-Maruyama:
/// <code>
/// homeo = 1 - mean_alive(w^(2/z)) / w0                      (from the weights after the previous step)
/// u_1  += sigma((1-k) n1 + k slow n2) sqrt(dt) + b sigma((1-k) + k slow) dt + 10 homeo u_1 dt,  slow = u_2...u_z
/// u_k  += -(u_2 - u_1) dt / tau + 10 homeo u_k dt / tau     (k >= 2; u_1 already updated, u_2 before its update)
/// </code>
/// then synapses that were dead before the step are set to 0, factors are floored at 0, w = product, and a synapse
/// is dead from now on when w &lt;= 0. The order of the steps and the use of the updated u_1 in the slow drift follow
/// the reference simulation. The homeostatic mean couples the synapses, so one model runs sequentially; the caller
/// runs models in parallel.
/// </summary>
public static class ZFactorProcess
{
    public static TraceMatrix Simulate(SynapticNoiseParameters p, Action<double>? progress = null, CancellationToken cancellationToken = default)
    {
        InvalidParametersException.ThrowIfAny(p.Validate());

        int n = p.Synapses, z = p.Z;
        int steps = p.Steps, stepsPerSample = p.StepsPerSample, samples = p.Samples;
        double dt = p.Dt, sqrtDt = Math.Sqrt(dt), sigma = p.Sigma, k = p.K, exponent = 2.0 / z;
        double homeoRate = p.HomeostaticGain * dt, slowRate = dt / p.Tau;

        var factors = new double[z][];
        for (int f = 0; f < z; f++)
        {
            factors[f] = new double[n];
            Array.Fill(factors[f], Math.Pow(p.W0, 1.0 / z), 0, n);
        }
        var w = new double[n];
        var alive = new bool[n];
        for (int i = 0; i < n; i++)
        {
            w[i] = Product(factors, i);
            alive[i] = w[i] > 0;
        }
        double powerSum = PowerSum(w, alive, exponent, out int aliveCount);

        var traces = new double[n * samples];
        var normals = new GaussianPairs(n);
        var rng = Streams.For(p.Seed, StreamPurpose.SynapticProcess, NoiseStreams.ZFactor);
        var u1 = factors[0];
        int progressEvery = Math.Max(1, steps / 200);

        for (int step = 0; step < steps; step++)
        {
            double homeo = aliveCount > 0 ? 1 - powerSum / aliveCount / p.W0 : 0;
            normals.Next(rng, n);
            var n1 = normals.First;
            var n2 = normals.Second;

            for (int i = 0; i < n; i++)
            {
                double slow = 1;
                for (int f = 1; f < z; f++) slow *= factors[f][i];
                double fast = u1[i];
                u1[i] = fast
                        + sigma * ((1 - k) * n1[i] + k * slow * n2[i]) * sqrtDt
                        + p.Bias * sigma * ((1 - k) + k * slow) * dt
                        + homeoRate * homeo * fast;
                if (z > 1)
                {
                    double pull = (factors[1][i] - u1[i]) * slowRate;
                    for (int f = 1; f < z; f++)
                    {
                        double uf = factors[f][i];
                        factors[f][i] = uf - pull + homeoRate * homeo * uf / p.Tau;
                    }
                }

                double product = 1;
                for (int f = 0; f < z; f++)
                {
                    double value = alive[i] ? Math.Max(0, factors[f][i]) : 0;
                    factors[f][i] = value;
                    product *= value;
                }
                w[i] = product;
                alive[i] = product > 0;
            }
            powerSum = PowerSum(w, alive, exponent, out aliveCount);

            if (step % stepsPerSample == 0)
            {
                int s = step / stepsPerSample;
                for (int i = 0; i < n; i++) traces[i * samples + s] = w[i];
            }
            if (step % progressEvery == 0)
            {
                cancellationToken.ThrowIfCancellationRequested();
                progress?.Invoke((double)step / steps);
            }
        }
        progress?.Invoke(1);
        return new TraceMatrix(n, samples, traces);
    }

    private static double Product(double[][] factors, int i)
    {
        double product = 1;
        foreach (var factor in factors) product *= factor[i];
        return product;
    }

    /// <summary>Sum over alive synapses of w^exponent, in index order (the same bits on every run).</summary>
    private static double PowerSum(double[] w, bool[] alive, double exponent, out int aliveCount)
    {
        // Exact special cases for z = 1, 2, 3, 4: Math.Pow would dominate the step for large populations.
        Func<double, double> power = exponent switch
        {
            2.0 => x => x * x,
            1.0 => x => x,
            0.5 => Math.Sqrt,
            _ when Math.Abs(exponent - 2.0 / 3.0) < 1e-15 => x => { double c = Math.Cbrt(x); return c * c; },
            _ => x => Math.Pow(x, exponent),
        };
        double sum = 0;
        aliveCount = 0;
        for (int i = 0; i < alive.Length; i++)
        {
            if (!alive[i]) continue;
            sum += power(w[i]);
            aliveCount++;
        }
        return sum;
    }
}
