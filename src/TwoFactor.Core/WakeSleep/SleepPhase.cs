using TwoFactor.Core.Patterns;
using TwoFactor.Core.Synapses;
using TwoFactor.Core.Training;

namespace TwoFactor.Core.WakeSleep;

/// <summary>Network-wide numbers during sleep, on the replayed patterns with their true targets (no rescale).</summary>
public sealed record SleepTrajectoryPoint(long Epoch, double Density, double MinMarginMean, double RhoMean, double Error, double ThetaMean);

/// <summary>
/// Replay consolidation (MODEL.md section 7). Once at the start every neuron's factors are normalized
/// (u /= s_i, s_i = sqrt(sum u^2 / (L z))) and theta_i /= s_i^z. Then each epoch, for every neuron, the phase-B
/// step of static consolidation with self-supervised targets sign(h) on the replayed patterns:
/// a = exp(-beta |h| / m_i) with m_i the mean |h| of the previous epoch (of the initial fields in epoch 0),
/// g = a sign(h) / sum a, u += eta(t) (sum_mu g xi) dw/du on alive connections, clip (dead stay dead), normalize,
/// theta -= eta_theta(t) sum_mu g; eta(t) = eta0 + (0.4 - eta0)(1 - exp(-t/40)) for z &gt; 1.
/// Self-supervised targets make every neuron's sleep independent of every other's, so each neuron runs all its
/// epochs on one thread (parallel over neurons, same numbers whatever the thread count).
/// </summary>
internal static class SleepPhase
{
    public static IReadOnlyList<SleepTrajectoryPoint> Run(NetworkState state, ProductSynapse synapse, PatternSet replayed,
        Targets targets, WakeSleepParameters p, ParallelOptions parallel, Action<double>? progress, CancellationToken cancellationToken)
    {
        int n = state.N, m = replayed.M;
        var recordEpochs = RecordEpochs(p.SleepEpochs, p.RecordInterval);
        // Per record point and neuron: alive count, min y h / ||w||, min y h / mean w, errors, theta.
        var alive = new double[recordEpochs.Length * n];
        var margin = new double[recordEpochs.Length * n];
        var rho = new double[recordEpochs.Length * n];
        var errors = new double[recordEpochs.Length * n];
        var theta = new double[recordEpochs.Length * n];
        int done = 0;

        Parallel.For(0, n, parallel, i =>
        {
            var neuron = new NeuronSleep(state, synapse, replayed, targets, p, i);
            int record = 0;
            for (int t = 0; t <= p.SleepEpochs; t++)
            {
                neuron.Prepare();
                if (record < recordEpochs.Length && recordEpochs[record] == t)
                {
                    int idx = record * n + i;
                    (alive[idx], margin[idx], rho[idx], errors[idx]) = neuron.Stats();
                    theta[idx] = state.Theta[i];
                    record++;
                }
                if (t == p.SleepEpochs) break;
                neuron.Step(t);
                if ((t & 1023) == 0) cancellationToken.ThrowIfCancellationRequested();
            }
            int finished = Interlocked.Increment(ref done);
            progress?.Invoke((double)finished / n);
        });

        var points = new SleepTrajectoryPoint[recordEpochs.Length];
        double f = p.F;
        for (int r = 0; r < recordEpochs.Length; r++)
        {
            var slice = new Range(r * n, (r + 1) * n);
            points[r] = new SleepTrajectoryPoint(recordEpochs[r],
                alive[slice].Sum() / ((double)n * (n - 1)),
                alive[slice].Length == 0 ? double.NaN : margin[slice].Average(),
                rho[slice].Average(),
                m == 0 ? 0 : errors[slice].Sum() / ((double)n * m),
                theta[slice].Average());
        }
        return points;
    }

    /// <summary>Per-neuron normalization at the start of sleep: factors by s_i, theta by s_i^z.</summary>
    public static void NormalizeAtSleepOnset(NetworkState state, SynapseModel synapse, double l)
    {
        double target = synapse.NormalizationTarget(l);
        for (int i = 0; i < state.N; i++)
        {
            double scale = Homeostasis.Normalize(state.NeuronFactors(i), target); // u *= scale = 1 / s_i
            state.Theta[i] *= Math.Pow(scale, synapse.Z);
        }
    }

    private static long[] RecordEpochs(int epochs, int interval)
    {
        var list = new List<long>();
        for (long t = 0; t <= epochs; t += interval) list.Add(t);
        if (list[^1] != epochs) list.Add(epochs);
        return list.ToArray();
    }

    /// <summary>The working set of one neuron's sleep.</summary>
    private sealed class NeuronSleep
    {
        private readonly NetworkState _state;
        private readonly ProductSynapse _synapse;
        private readonly PatternSet _patterns;
        private readonly WakeSleepParameters _p;
        private readonly int _i, _n, _m, _k;
        private readonly sbyte[] _y;
        private readonly double[] _w, _gradients, _h, _a, _drive;
        private readonly bool[] _alive;
        private double _meanAbsPrevious = double.NaN;

        public NeuronSleep(NetworkState state, ProductSynapse synapse, PatternSet patterns, Targets targets, WakeSleepParameters p, int i)
        {
            _state = state;
            _synapse = synapse;
            _patterns = patterns;
            _p = p;
            _i = i;
            _n = state.N;
            _m = patterns.M;
            _k = state.K;
            _y = targets.ForNeuron(i).ToArray();
            _w = new double[_n];
            _gradients = new double[_k * _n];
            _h = new double[_m];
            _a = new double[_m];
            _drive = new double[_n];
            _alive = new bool[_n];
        }

        /// <summary>Weights, dw/du, alive mask and fields from the current factors (before this epoch's update).</summary>
        public void Prepare()
        {
            _synapse.RowWeightsAndGradients(_state.NeuronFactors(_i), _n, _w, _gradients);
            for (int j = 0; j < _n; j++) _alive[j] = j != _i && _synapse.IsAlive(_w[j]);
            double theta = _state.Theta[_i];
            for (int mu = 0; mu < _m; mu++) _h[mu] = Fields.Field(_w, _patterns.Active[mu], theta);
            if (double.IsNaN(_meanAbsPrevious)) _meanAbsPrevious = MeanAbs(); // m_i of epoch 0: the initial fields
        }

        public (double Alive, double Margin, double Rho, double Errors) Stats()
        {
            double alive = 0, sum = 0, sumSquares = 0;
            for (int j = 0; j < _n; j++)
            {
                if (j == _i) continue;
                if (_alive[j]) alive++;
                sum += _w[j];
                sumSquares += _w[j] * _w[j];
            }
            double min = double.PositiveInfinity, errors = 0;
            for (int mu = 0; mu < _m; mu++)
            {
                double yh = _y[mu] * _h[mu];
                min = Math.Min(min, yh);
                errors += (1 - _y[mu] * Math.Sign(_h[mu])) / 2.0;
            }
            if (_m == 0) return (alive, double.NaN, double.NaN, 0);
            double f = _p.F;
            return (alive, min / Math.Sqrt(sumSquares), min / (sum / (_n - 1) * Math.Sqrt(_n * f * (1 - f))), errors);
        }

        public void Step(int t)
        {
            double sumG = 0;
            Array.Clear(_drive);
            if (_m > 0)
            {
                double scale = _meanAbsPrevious > 0 ? _meanAbsPrevious : 1.0;
                double minAbs = double.PositiveInfinity;
                foreach (double x in _h) minAbs = Math.Min(minAbs, Math.Abs(x));
                double sumA = 0;
                for (int mu = 0; mu < _m; mu++)
                {
                    // The shift by min |h| cancels in the normalization and keeps exp from underflowing to 0/0.
                    _a[mu] = Math.Exp(-_p.Beta * (Math.Abs(_h[mu]) - minAbs) / scale);
                    sumA += _a[mu];
                }
                for (int mu = 0; mu < _m; mu++)
                {
                    double g = _a[mu] * Math.Sign(_h[mu]) / sumA; // self-supervised target sign(h)
                    if (g == 0) continue;
                    sumG += g;
                    foreach (int j in _patterns.Active[mu]) _drive[j] += g;
                }
                _meanAbsPrevious = MeanAbs();
            }

            double eta = WakeSleepParameters.Ramp(_p.EtaSleep, _p.Z, t);
            var factors = _state.NeuronFactors(_i);
            for (int j = 0; j < _n; j++)
            {
                if (!_alive[j] || _drive[j] == 0) continue;
                for (int k = 0; k < _k; k++) factors[k * _n + j] += eta * _drive[j] * _gradients[k * _n + j];
            }
            _synapse.ClipRow(factors, _n, _alive);
            Homeostasis.Normalize(factors, _synapse.NormalizationTarget(_p.L));
            _state.Theta[_i] -= WakeSleepParameters.Ramp(_p.EtaTheta, _p.Z, t) * sumG;
        }

        private double MeanAbs()
        {
            if (_m == 0) return 0;
            double sum = 0;
            foreach (double x in _h) sum += Math.Abs(x);
            return sum / _m;
        }
    }
}
