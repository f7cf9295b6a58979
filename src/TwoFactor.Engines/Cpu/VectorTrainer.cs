using System.Numerics;
using System.Numerics.Tensors;
using TwoFactor.Core.Synapses;
using TwoFactor.Core.Training;

namespace TwoFactor.Engines.Cpu;

/// <summary>
/// Static consolidation on the CPU with vectorized row operations (TensorPrimitives picks AVX-512, AVX2 or
/// scalar code for the machine). The mathematics is the reference's, in double precision; what differs:
/// <list type="bullet">
/// <item>one parallel pass per epoch over fixed blocks of four neurons: each updates, then the block computes
/// its next fields while its rows are in cache (reading each pattern row once for the four), and the
/// network-wide error flag for the next epoch's phase is reduced from those fields;</item>
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
            var bookkeeping = new EpochBookkeeping(_setup, () => _state);

            Parallel.For(0, BlockCount, _parallel, block =>
            {
                foreach (int i in Block(block)) PrepareWeights(i);
                ComputeFields(block);
            });
            for (int i = 0; i < _n; i++) _meanAbsFieldPrevious[i] = TensorPrimitives.SumOfMagnitudes(Fields(i)) / _m;
            bookkeeping.Start();

            long epoch = 0;
            while (epoch < _hyper.MaxEpochs)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var phase = Array.IndexOf(_neuronErrs, true) >= 0 ? TrainingPhase.A : TrainingPhase.B;
                bookkeeping.BeginEpoch(epoch, phase);
                Parallel.For(0, BlockCount, _parallel, () => new Scratch(_n, _m), (block, _, scratch) =>
                {
                    foreach (int i in Block(block))
                    {
                        Update(i, phase, scratch);
                        PrepareWeights(i);
                    }
                    ComputeFields(block);
                    return scratch;
                }, _ => { });
                epoch++;
                if (bookkeeping.EndEpoch(epoch, phase)) break;
            }
            return bookkeeping.Result(_state, epoch, "simd");
        }

        private sealed class Scratch(int n, int m)
        {
            public readonly double[] Drive = new double[n];
            public readonly double[] Step = new double[n];
            public readonly double[] SoftMin = new double[m];
        }

        private Span<double> Fields(int i) => _fields.AsSpan(i * _m, _m);



        /// <summary>
        /// Neurons are processed in fixed blocks: the dense field kernel reads each pattern row once for the
        /// whole block (the pattern matrix, not the arithmetic, bounds the dense fields at large N). The blocks
        /// do not depend on the thread count, so neither do the numbers.
        /// </summary>
        private const int BlockSize = 4;

        private int BlockCount => (_n + BlockSize - 1) / BlockSize;

        private IEnumerable<int> Block(int block)
        {
            for (int i = block * BlockSize; i < Math.Min(_n, (block + 1) * BlockSize); i++) yield return i;
        }

        /// <summary>Weights, dw/du and alive mask of neuron i from its current factors.</summary>
        private void PrepareWeights(int i)
        {
            var w = _weights.AsSpan(i * _n, _n);
            _synapse.RowWeightsAndGradients(_state.NeuronFactors(i), _n, w, _gradients.AsSpan(i * _k * _n, _k * _n));
            var alive = _aliveMask.AsSpan(i * _n, _n);
            for (int j = 0; j < _n; j++) alive[j] = j != i && _synapse.IsAlive(w[j]) ? 1.0 : 0.0;
        }

        /// <summary>Fields of the block's neurons (h = sum_j w_ij xi_j - theta_i) and whether each errs.</summary>
        private void ComputeFields(int block)
        {
            int first = block * BlockSize, count = Math.Min(BlockSize, _n - first);
            Span<double> sums = stackalloc double[BlockSize];
            for (int mu = 0; mu < _m; mu++)
            {
                if (_sparseFields)
                {
                    for (int b = 0; b < count; b++) sums[b] = SparseSum(_weights.AsSpan((first + b) * _n, _n), _setup.Patterns.Active[mu]);
                }
                else
                {
                    DenseBlockDot(_patterns.AsSpan(mu * _n, _n), first, count, sums);
                }
                for (int b = 0; b < count; b++) _fields[(first + b) * _m + mu] = sums[b] - _state.Theta[first + b];
            }
            for (int b = 0; b < count; b++)
            {
                int i = first + b;
                var h = Fields(i);
                var y = _targets.AsSpan(i * _m, _m);
                bool errs = false;
                for (int mu = 0; mu < _m; mu++) errs |= y[mu] * h[mu] <= 0;
                _neuronErrs[i] = errs;
            }
        }

        /// <summary>Dot products of one pattern row with up to four weight rows, reading the pattern row once.</summary>
        private void DenseBlockDot(ReadOnlySpan<double> x, int first, int count, Span<double> sums)
        {
            int n = _n, width = Vector<double>.Count, j = 0;
            var w0 = _weights.AsSpan(first * n, n);
            var w1 = count > 1 ? _weights.AsSpan((first + 1) * n, n) : w0;
            var w2 = count > 2 ? _weights.AsSpan((first + 2) * n, n) : w0;
            var w3 = count > 3 ? _weights.AsSpan((first + 3) * n, n) : w0;
            Vector<double> a0 = Vector<double>.Zero, a1 = a0, a2 = a0, a3 = a0;
            for (; j <= n - width; j += width)
            {
                var xv = new Vector<double>(x.Slice(j, width));
                a0 += xv * new Vector<double>(w0.Slice(j, width));
                a1 += xv * new Vector<double>(w1.Slice(j, width));
                a2 += xv * new Vector<double>(w2.Slice(j, width));
                a3 += xv * new Vector<double>(w3.Slice(j, width));
            }
            double s0 = Vector.Sum(a0), s1 = Vector.Sum(a1), s2 = Vector.Sum(a2), s3 = Vector.Sum(a3);
            for (; j < n; j++)
            {
                s0 += x[j] * w0[j];
                s1 += x[j] * w1[j];
                s2 += x[j] * w2[j];
                s3 += x[j] * w3[j];
            }
            sums[0] = s0;
            if (count > 1) sums[1] = s1;
            if (count > 2) sums[2] = s2;
            if (count > 3) sums[3] = s3;
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
