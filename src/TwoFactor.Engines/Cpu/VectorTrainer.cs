using System.Numerics.Tensors;
using TwoFactor.Core.Synapses;
using TwoFactor.Core.Training;

namespace TwoFactor.Engines.Cpu;

/// <summary>
/// Static consolidation on the CPU with vectorized row operations (TensorPrimitives picks AVX-512, AVX2 or
/// scalar code for the machine). The mathematics is the reference's, in double precision; what differs:
/// <list type="bullet">
/// <item>one parallel pass per epoch: each neuron updates and then computes its next fields while its row
/// is in cache, and the network-wide error flag for the next epoch's phase is reduced from those fields;</item>
/// <item>fields are dot products with a dense 0/1 pattern matrix (vectorized) instead of sparse sums, except
/// for sparse coding (f &lt; 0.15), where the sum over active inputs is cheaper;</item>
/// <item>phase B drops patterns whose soft-min weight is below 1e-18 of the total: they change the
/// gradient by less than double rounding does.</item>
/// </list>
/// Summation order differs from the reference, so numbers agree to rounding (see the equivalence tests), not bitwise.
/// </summary>
public sealed class VectorTrainer(int maxDegreeOfParallelism = -1) : ITrainingEngine
{
    /// <summary>Soft-min weights below this fraction of their sum are skipped in phase B.</summary>
    public const double NegligibleSoftMinWeight = 1e-18;

    public string Name => "simd";

    public TrainingResult Train(TrainingSetup setup, CancellationToken cancellationToken = default) =>
        new Run(setup, maxDegreeOfParallelism).Execute(cancellationToken);

    private sealed class Run
    {
        private readonly TrainingSetup _setup;
        private readonly NetworkState _state;
        private readonly SynapseModel _synapse;
        private readonly TrainingHyperparameters _hyper;
        private readonly int _n, _m, _k;
        private readonly double[] _patterns;   // dense 0/1, [mu * N + j]
        private readonly double[] _targets;    // y as double, [i * M + mu]
        private readonly double[] _weights;    // [i * N + j], as of the start of the epoch
        private readonly double[] _gradients;  // factor layout
        private readonly double[] _aliveMask;  // 1 alive, 0 dead, [i * N + j]
        private readonly double[] _fields;     // [i * M + mu]
        private readonly double[] _meanAbsFieldPrevious;
        private readonly bool[] _neuronErrs;
        private readonly ParallelOptions _parallel;

        public Run(TrainingSetup setup, int maxDegreeOfParallelism)
        {
            _setup = setup;
            _state = setup.Initial.Clone();
            _synapse = setup.Synapse;
            _hyper = setup.Hyper;
            _n = _state.N;
            _m = setup.Patterns.M;
            _k = _state.K;
            _patterns = new double[_m * _n];
            for (int idx = 0; idx < _patterns.Length; idx++) _patterns[idx] = setup.Patterns.Bits[idx];
            _targets = new double[_n * _m];
            for (int idx = 0; idx < _targets.Length; idx++) _targets[idx] = setup.Targets.Y[idx];
            _weights = new double[_n * _n];
            _gradients = new double[_state.Factors.Length];
            _aliveMask = new double[_n * _n];
            _fields = new double[_n * _m];
            _meanAbsFieldPrevious = new double[_n];
            _neuronErrs = new bool[_n];
            _parallel = new ParallelOptions { MaxDegreeOfParallelism = maxDegreeOfParallelism };
            _sparseFields = setup.Patterns.CodingLevel() < SparseCodingLevel;
        }

        /// <summary>
        /// Below this coding level a field is cheaper as a sum over the few active inputs than as a dense dot
        /// product over all N (f N scalar adds against N / vector-width fused multiply-adds).
        /// </summary>
        private const double SparseCodingLevel = 0.15;
        private readonly bool _sparseFields;

        public TrainingResult Execute(CancellationToken cancellationToken)
        {
            var monitor = new ConvergenceMonitor(_hyper);
            var trajectory = new List<TrajectoryPoint>();
            long? phaseBStart = null, convergenceEpoch = null;

            Parallel.For(0, _n, _parallel, Prepare);
            for (int i = 0; i < _n; i++) _meanAbsFieldPrevious[i] = TensorPrimitives.SumOfMagnitudes(Fields(i)) / _m;
            if (_hyper.TrajectoryInterval > 0) trajectory.Add(Point(0, TrainingPhase.A));

            long epoch = 0;
            while (epoch < _hyper.MaxEpochs)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var phase = Array.IndexOf(_neuronErrs, true) >= 0 ? TrainingPhase.A : TrainingPhase.B;
                if (phase == TrainingPhase.B) phaseBStart ??= epoch;
                Parallel.For(0, _n, _parallel, () => new Scratch(_n, _m), (i, _, scratch) =>
                {
                    Update(i, phase, scratch);
                    Prepare(i);
                    return scratch;
                }, _ => { });
                epoch++;

                TrajectoryPoint? point = null;
                if (_hyper.TrajectoryInterval > 0 && epoch % _hyper.TrajectoryInterval == 0) trajectory.Add(point = Point(epoch, phase));
                bool check = epoch % _hyper.ConvergenceInterval == 0;
                if (point is not null || check) _setup.Observer?.OnProgress(epoch, _hyper.MaxEpochs, point);
                if (check && monitor.Check(Summary()))
                {
                    convergenceEpoch = epoch;
                    break;
                }
            }
            return new TrainingResult(_state, epoch, convergenceEpoch.HasValue, convergenceEpoch, phaseBStart, trajectory, "simd");
        }

        private sealed class Scratch(int n, int m)
        {
            public readonly double[] Drive = new double[n];
            public readonly double[] Step = new double[n];
            public readonly double[] SoftMin = new double[m];
        }

        private Span<double> Fields(int i) => _fields.AsSpan(i * _m, _m);

        private NetworkSummary Summary() => NetworkSummary.Of(_state, _synapse, _setup.Patterns, _setup.Targets);

        private TrajectoryPoint Point(long epoch, TrainingPhase phase)
        {
            var s = Summary();
            return new TrajectoryPoint(epoch, phase, s.Error, s.Density, s.MinMarginMean, s.ThetaMean, s.NormMean);
        }

        /// <summary>Weights, dw/du, alive mask and fields of neuron i from its current factors; notes whether it errs.</summary>
        private void Prepare(int i)
        {
            var w = _weights.AsSpan(i * _n, _n);
            _synapse.RowWeightsAndGradients(_state.NeuronFactors(i), _n, w, _gradients.AsSpan(i * _k * _n, _k * _n));
            var alive = _aliveMask.AsSpan(i * _n, _n);
            for (int j = 0; j < _n; j++) alive[j] = j != i && _synapse.IsAlive(w[j]) ? 1.0 : 0.0;

            var h = Fields(i);
            var y = _targets.AsSpan(i * _m, _m);
            double theta = _state.Theta[i];
            bool errs = false;
            for (int mu = 0; mu < _m; mu++)
            {
                h[mu] = (_sparseFields ? SparseSum(w, _setup.Patterns.Active[mu]) : TensorPrimitives.Dot(_patterns.AsSpan(mu * _n, _n), w)) - theta;
                errs |= y[mu] * h[mu] <= 0;
            }
            _neuronErrs[i] = errs;
        }

        private static double SparseSum(ReadOnlySpan<double> w, int[] active)
        {
            double sum = 0;
            foreach (int j in active) sum += w[j];
            return sum;
        }

        private void Update(int i, TrainingPhase phase, Scratch scratch)
        {
            var h = Fields(i);
            var y = _targets.AsSpan(i * _m, _m);
            var drive = scratch.Drive.AsSpan();
            double thetaStep;
            if (phase == TrainingPhase.A)
            {
                int worst = 0;
                for (int mu = 1; mu < _m; mu++) if (y[mu] * h[mu] < y[worst] * h[worst]) worst = mu;
                TensorPrimitives.Multiply(_patterns.AsSpan(worst * _n, _n), y[worst], drive);
                thetaStep = y[worst];
            }
            else
            {
                thetaStep = SoftMinDrive(i, h, drive, scratch.SoftMin);
            }
            _meanAbsFieldPrevious[i] = TensorPrimitives.SumOfMagnitudes(h) / _m;

            // u_k += eta * drive * dw/du_k on alive inputs: step = eta * drive * alive, then u_k += step * grad_k.
            var step = scratch.Step.AsSpan();
            TensorPrimitives.Multiply(drive, _aliveMask.AsSpan(i * _n, _n), step);
            TensorPrimitives.Multiply(step, _hyper.Eta, step);
            var factors = _state.NeuronFactors(i);
            var gradients = _gradients.AsSpan(i * _k * _n, _k * _n);
            for (int k = 0; k < _k; k++)
                TensorPrimitives.FusedMultiplyAdd(step, gradients.Slice(k * _n, _n), factors.Slice(k * _n, _n), factors.Slice(k * _n, _n));
            _state.Theta[i] -= _hyper.EtaTheta * thetaStep;

            ClipRow(i, factors);
            double sumSquares = TensorPrimitives.SumOfSquares(factors);
            TensorPrimitives.Multiply(factors, Math.Sqrt(_synapse.NormalizationTarget(_hyper.L) / sumSquares), factors);
        }

        private void ClipRow(int i, Span<double> factors)
        {
            var alive = _aliveMask.AsSpan(i * _n, _n);
            if (_synapse is ProductSynapse)
            {
                // Vectorized form of SynapseModel.Clip for product factors: max(u, floor), dead -> floor.
                for (int k = 0; k < _k; k++)
                {
                    var row = factors.Slice(k * _n, _n);
                    TensorPrimitives.Max(row, SynapseModel.Floor, row);
                    for (int j = 0; j < _n; j++) if (alive[j] == 0) row[j] = SynapseModel.Floor;
                }
                return;
            }
            Span<bool> aliveFlags = _n <= 4096 ? stackalloc bool[_n] : new bool[_n];
            for (int j = 0; j < _n; j++) aliveFlags[j] = alive[j] != 0;
            _synapse.ClipRow(factors, _n, aliveFlags);
        }

        /// <summary>Phase B drive G_j = sum_mu g^mu xi_j^mu over non-negligible patterns; returns sum_mu g^mu.</summary>
        private double SoftMinDrive(int i, ReadOnlySpan<double> h, Span<double> drive, double[] softMin)
        {
            double scale = _meanAbsFieldPrevious[i] > 0 ? _meanAbsFieldPrevious[i] : 1.0;
            double minAbs = double.PositiveInfinity;
            foreach (double x in h) minAbs = Math.Min(minAbs, Math.Abs(x));
            double sumA = 0;
            for (int mu = 0; mu < h.Length; mu++)
            {
                softMin[mu] = Math.Exp(-_hyper.Beta * (Math.Abs(h[mu]) - minAbs) / scale);
                sumA += softMin[mu];
            }
            drive.Clear();
            double sumG = 0, negligible = NegligibleSoftMinWeight * sumA;
            for (int mu = 0; mu < h.Length; mu++)
            {
                if (softMin[mu] < negligible) continue;
                double g = softMin[mu] * Math.Sign(h[mu]) / sumA;
                if (g == 0) continue;
                sumG += g;
                TensorPrimitives.FusedMultiplyAdd(_patterns.AsSpan(mu * _n, _n), g, drive, drive);
            }
            return sumG;
        }
    }
}
