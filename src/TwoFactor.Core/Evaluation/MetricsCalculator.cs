using TwoFactor.Core.Patterns;
using TwoFactor.Core.Synapses;
using TwoFactor.Core.Training;

namespace TwoFactor.Core.Evaluation;

/// <summary>
/// Computes every metric of MODEL.md section 5 from an (evaluation-rescaled) state. Where MODEL.md leaves a
/// detail open: averages over a neuron's inputs exclude the diagonal (w_ii is structurally absent), density
/// is the alive fraction of the N(N-1) possible connections, symmetry counts dead weights as 0 and skips
/// pairs that are both dead (0/0, the nanmean), and the across-connection factor correlation pairs the
/// first factors of reciprocal connections that are both alive.
/// </summary>
public static class MetricsCalculator
{
    public static NetworkMetrics Compute(NetworkState state, SynapseModel synapse, PatternSet patterns, Targets targets, double f)
    {
        int n = state.N, m = patterns.M;
        var weights = state.WeightMatrix(synapse);
        var alive = new bool[n * n];
        for (int i = 0; i < n; i++)
            for (int j = 0; j < n; j++)
                alive[i * n + j] = i != j && synapse.IsAlive(weights[i * n + j]);

        var minMargin = new double[n];
        var avgMargin = new double[n];
        var rho = new double[n];
        var lq23 = new double[n];
        var lq12 = new double[n];
        var synMargin = new double[n];
        var l1 = new double[n];
        var l2 = new double[n];
        var lifetime = new double[n];
        var currents = new double[n * m]; // r_i^mu = sum_j w_ij xi_j^mu
        var radius = Enumerable.Repeat(double.PositiveInfinity, m).ToArray();
        double errors = 0;
        long aliveCount = 0;
        double synPower = 2.0 - 2.0 / synapse.Z;

        for (int i = 0; i < n; i++)
        {
            var w = weights.AsSpan(i * n, n);
            double sumAbs = 0, sumSquares = 0, sumQ23 = 0, sumQ12 = 0, sumSyn = 0, sum = 0;
            for (int j = 0; j < n; j++)
            {
                if (j == i) continue;
                double a = Math.Abs(w[j]);
                sum += w[j];
                sumAbs += a;
                sumSquares += a * a;
                sumQ23 += Math.Pow(a, 2.0 / 3.0);
                sumQ12 += Math.Sqrt(a);
                sumSyn += synapse.Z == 1 ? 1.0 : Math.Pow(a, synPower);
                if (alive[i * n + j]) aliveCount++;
            }
            double norm2 = Math.Sqrt(sumSquares);
            var y = targets.ForNeuron(i);
            double min = double.PositiveInfinity, total = 0;
            for (int mu = 0; mu < m; mu++)
            {
                double r = 0;
                foreach (int j in patterns.Active[mu]) r += w[j];
                currents[i * m + mu] = r;
                double h = r - state.Theta[i];
                double yh = y[mu] * h;
                errors += (1 - y[mu] * Math.Sign(h)) / 2.0;
                min = Math.Min(min, yh);
                total += yh;
                radius[mu] = Math.Min(radius[mu], yh / norm2);
            }
            minMargin[i] = min / norm2;
            avgMargin[i] = total / m / norm2;
            rho[i] = min / (sum / (n - 1) * Math.Sqrt(n * f * (1 - f)));
            lq23[i] = min / Math.Pow(sumQ23, 1.5);
            lq12[i] = min / (sumQ12 * sumQ12);
            synMargin[i] = synapse.Z == 1 ? min / Math.Sqrt(n) : min / Math.Sqrt(sumSyn);
            l1[i] = sumAbs;
            l2[i] = norm2;
            lifetime[i] = Statistics.TrevesRollsSparseness(currents.AsSpan(i * m, m));
        }

        var population = new double[m];
        var column = new double[n];
        for (int mu = 0; mu < m; mu++)
        {
            for (int i = 0; i < n; i++) column[i] = currents[i * m + mu];
            population[mu] = Statistics.TrevesRollsSparseness(column);
        }

        return new NetworkMetrics
        {
            Error = errors / ((double)n * m),
            Density = aliveCount / ((double)n * (n - 1)),
            MinMarginMean = Statistics.Mean(minMargin),
            MinMarginStd = Statistics.Std(minMargin),
            AvgMarginMean = Statistics.Mean(avgMargin),
            AvgMarginStd = Statistics.Std(avgMargin),
            RhoMean = Statistics.Mean(rho),
            RhoStd = Statistics.Std(rho),
            LqMargin23Mean = Statistics.Mean(lq23),
            LqMargin12Mean = Statistics.Mean(lq12),
            SynMarginMean = Statistics.Mean(synMargin),
            SynMarginStd = Statistics.Std(synMargin),
            L1Mean = Statistics.Mean(l1),
            L1Std = Statistics.Std(l1),
            L2Mean = Statistics.Mean(l2),
            L2Std = Statistics.Std(l2),
            Symmetry = Symmetry(weights, alive, n),
            ThetaMean = Statistics.Mean(state.Theta),
            ThetaStd = Statistics.Std(state.Theta),
            LifetimeSparseness = NanMean(lifetime),
            PopulationSparseness = NanMean(population),
            FactorCorrelationWithin = FactorCorrelationWithin(state, alive),
            FactorCorrelationAcross = FactorCorrelationAcross(state, alive),
            PatternRadius = radius,
        };
    }

    /// <summary>1 - nanmean over pairs i &lt; j of |w_ij - w_ji| / (|w_ij| + |w_ji|), dead weights as 0.</summary>
    public static double Symmetry(double[] weights, bool[] alive, int n)
    {
        double sum = 0;
        long count = 0;
        for (int i = 0; i < n; i++)
        {
            for (int j = i + 1; j < n; j++)
            {
                double a = alive[i * n + j] ? weights[i * n + j] : 0;
                double b = alive[j * n + i] ? weights[j * n + i] : 0;
                double denominator = Math.Abs(a) + Math.Abs(b);
                if (denominator == 0) continue;
                sum += Math.Abs(a - b) / denominator;
                count++;
            }
        }
        return count == 0 ? double.NaN : 1 - sum / count;
    }

    private static double FactorCorrelationWithin(NetworkState state, bool[] alive)
    {
        if (state.K < 2) return double.NaN;
        int n = state.N;
        var first = new List<double>();
        var second = new List<double>();
        for (int i = 0; i < n; i++)
        {
            for (int j = 0; j < n; j++)
            {
                if (!alive[i * n + j]) continue;
                first.Add(state.Factors[state.Index(i, 0, j)]);
                second.Add(state.Factors[state.Index(i, 1, j)]);
            }
        }
        return Statistics.Pearson(first, second);
    }

    private static double FactorCorrelationAcross(NetworkState state, bool[] alive)
    {
        int n = state.N;
        var forward = new List<double>();
        var backward = new List<double>();
        for (int i = 0; i < n; i++)
        {
            for (int j = i + 1; j < n; j++)
            {
                if (!alive[i * n + j] || !alive[j * n + i]) continue;
                forward.Add(state.Factors[state.Index(i, 0, j)]);
                backward.Add(state.Factors[state.Index(j, 0, i)]);
            }
        }
        return Statistics.Pearson(forward, backward);
    }

    private static double NanMean(double[] values)
    {
        double sum = 0;
        int count = 0;
        foreach (double v in values)
        {
            if (double.IsNaN(v)) continue;
            sum += v;
            count++;
        }
        return count == 0 ? double.NaN : sum / count;
    }
}
