using System.Numerics.Tensors;
using TwoFactor.Core.Synapses;
using TwoFactor.Core.Training;
using TwoFactor.Engines.Speculation;

namespace TwoFactor.Engines.Cpu.Float32;

/// <summary>
/// The simd engine in float32 (<c>precision: float32</c>), product synapses (the paper's model) of any z. Factors,
/// weights, patterns, fields and the two products of an epoch (fields and phase-B drive) are float32, 16 lanes
/// per 512-bit vector; float64 is kept where the analysis in docs/engines.md ("float32") shows it is needed:
/// thresholds (many steps far below a float's resolution of theta), the normalization's sum of squares (N
/// terms), the soft-min weights (exp of beta |h| / m and their sum) and the trajectory/convergence summaries
/// (taken from a float64 copy of the state). One parallel pass per epoch over blocks of four neurons: each
/// neuron steps, then the block's fields are recomputed exactly (no incremental fields: float rounding would
/// accumulate in them). A neuron with more than half of its inputs alive runs on dense rows (four neurons share
/// each pattern column load); a pruned one runs both products over its alive inputs only, 2 rho N M
/// multiply-adds an epoch. Dead connections are never touched again (as in <see cref="ProductAliveListStep"/>),
/// and their factors are written back as the reference holds them (floor x last scale) when the state is read.
/// Numbers do not depend on the thread count: each neuron's arithmetic is the same whichever thread runs it.
/// Epochs run in speculative launches of up to <see cref="MaxEpochsPerLaunch"/> epochs (Float32Trainer.Launches.cs),
/// so threads meet once per launch instead of once per epoch; launch lengths never change the numbers.
/// </summary>
public sealed partial class Float32Trainer : ITrainingEngine
{
    /// <summary>
    /// Epochs per launch at most. Long enough that the threads' meeting point and the snapshot are a small share
    /// of a launch at N = 400 (an epoch is about half a millisecond); launches also end where the bookkeeping reads
    /// the state, and shrink after a phase change inside one.
    /// </summary>
    public const int DefaultEpochsPerLaunch = 64;

    private readonly int _maxDegreeOfParallelism;

    /// <param name="maxDegreeOfParallelism">Threads on one cell (-1: all cores).</param>
    /// <param name="maxEpochsPerLaunch">Most epochs between two meetings of the threads (1: the phase decided before every epoch, no speculation).</param>
    public Float32Trainer(int maxDegreeOfParallelism = -1, int maxEpochsPerLaunch = DefaultEpochsPerLaunch)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxEpochsPerLaunch, 1);
        _maxDegreeOfParallelism = maxDegreeOfParallelism;
        MaxEpochsPerLaunch = maxEpochsPerLaunch;
    }

    public int MaxEpochsPerLaunch { get; }

    public string Name => "simd-float32";

    /// <summary>Launch counts of the last run on this instance (diagnostics and tests).</summary>
    internal LaunchStatistics? LastRun { get; private set; }

    public TrainingResult Train(TrainingSetup setup, CancellationToken cancellationToken = default)
    {
        if (setup.Synapse is not ProductSynapse)
            throw new ArgumentException($"precision float32 is implemented for the product synapse only (got {setup.Synapse.GetType().Name})", nameof(setup));
        var run = new Run(setup, _maxDegreeOfParallelism, MaxEpochsPerLaunch);
        var result = run.Execute(cancellationToken);
        LastRun = run.Statistics;
        return result;
    }

    private sealed partial class Run
    {
        private const int BlockSize = 4;

        private readonly TrainingSetup _setup;
        private readonly TrainingHyperparameters _hyper;
        private readonly NetworkState _state;      // float64 view, written from _factors when read
        private readonly int _n, _m, _k, _np, _mp;
        private readonly float[] _factors;         // NetworkState layout [(i K + k) N + j]
        private readonly double[] _theta;
        private readonly float[] _rows;            // patterns [mu * Np + j], zero padded
        private readonly float[] _columns;         // patterns [j * Mp + mu], zero padded
        private readonly double[] _targets;        // [i * M + mu]
        private readonly float[] _weights;         // [i * Np + j] dense (dead 0), or [i * Np + p] for list position p
        private readonly bool[] _dense;            // which layout _weights holds for neuron i
        private readonly float[] _mask;            // [i * Np + j]: 1 alive, 0 dead; kept for dense neurons (z <= 2)
        private readonly bool _vectorStep;         // z <= 2: dense neurons step vectorized over all inputs
        private readonly float[] _fields;          // [i * Mp + mu], theta subtracted
        private readonly double[] _meanAbsFieldPrevious;
        private readonly bool[] _neuronErrs;
        private readonly AliveInputLists _lists;
        private readonly BlockLoop<Scratch> _blocks;
        private bool _stateCurrent;

        public Run(TrainingSetup setup, int maxDegreeOfParallelism, int maxEpochsPerLaunch)
        {
            _setup = setup;
            _hyper = setup.Hyper;
            _state = setup.Initial.Clone();
            _n = _state.N;
            _k = _state.K;
            _m = setup.Patterns.M;
            _np = Float32Kernels.Padded(_n);
            _mp = Float32Kernels.Padded(_m);
            _factors = new float[_state.Factors.Length];
            for (int idx = 0; idx < _factors.Length; idx++) _factors[idx] = (float)_state.Factors[idx];
            _theta = (double[])_state.Theta.Clone();
            _rows = new float[_m * _np];
            _columns = new float[_n * _mp];
            for (int mu = 0; mu < _m; mu++)
            foreach (int j in setup.Patterns.Active[mu])
            {
                _rows[mu * _np + j] = 1;
                _columns[j * _mp + mu] = 1;
            }
            _targets = new double[_n * _m];
            for (int idx = 0; idx < _targets.Length; idx++) _targets[idx] = setup.Targets.Y[idx];
            _weights = new float[_n * _np];
            _dense = new bool[_n];
            _mask = new float[_n * _np];
            _vectorStep = _k <= 2;
            _fields = new float[_n * _mp];
            _meanAbsFieldPrevious = new double[_n];
            _neuronErrs = new bool[_n];
            _lists = new AliveInputLists(_n);
            // Scratch kept for the whole run, not allocated per epoch: at thousands of epochs per second, buffers
            // allocated per epoch and thread made the collector stop both threads often enough to cancel the second.
            _blocks = new BlockLoop<Scratch>(BlockCount, maxDegreeOfParallelism, () => new Scratch(_np, _mp));
            _planner = new LaunchPlanner(maxEpochsPerLaunch);
            _saved = new SavedNeurons(_factors.Length, _n, _np, _mp);
            _blockErrors = new int[BlockCount * (maxEpochsPerLaunch + 1)];
            _counts = new int[maxEpochsPerLaunch + 1];
        }

        public TrainingResult Execute(CancellationToken cancellationToken)
        {
            var bookkeeping = new EpochBookkeeping(_setup, State);
            _blocks.Run((block, _) =>
            {
                for (int i = First(block); i < End(block); i++) InitialWeights(i);
                ComputeFields(block);
            });
            for (int i = 0; i < _n; i++) _meanAbsFieldPrevious[i] = MeanAbsField(i);
            bookkeeping.Start();

            long epoch = 0;
            var phase = LaunchPlanner.PhaseOf(ErrorsIn(0, _n));
            while (epoch < _hyper.MaxEpochs)
            {
                cancellationToken.ThrowIfCancellationRequested();
                int epochs = RunInPhase(phase, _planner.NextLength(epoch, bookkeeping.NextStateRead(epoch)));
                _stateCurrent = false;
                bool converged = false;
                for (int e = 0; e < epochs && !converged; e++)
                {
                    bookkeeping.BeginEpoch(epoch, phase);
                    epoch++;
                    converged = bookkeeping.EndEpoch(epoch, phase);
                }
                if (converged) break;
                var next = LaunchPlanner.PhaseOf(_counts[epochs]);
                if (next != phase) _phaseChanges++;
                phase = next;
            }
            return bookkeeping.Result(State(), epoch, "simd-float32");
        }

        /// <summary>The network in float64 as the reference would hold it (dead factors at floor x last scale).</summary>
        private NetworkState State()
        {
            if (_stateCurrent) return _state;
            for (int idx = 0; idx < _factors.Length; idx++) _state.Factors[idx] = _factors[idx];
            _theta.CopyTo(_state.Theta, 0);
            _lists.RestoreDeadFactors(_state);
            _stateCurrent = true;
            return _state;
        }

        /// <summary>Per thread: buffers for the four neurons of a block (slot b of BlockSize).</summary>
        private sealed class Scratch(int np, int mp)
        {
            public readonly double[] H = new double[mp];
            public readonly double[] SoftMin = new double[mp];
            public readonly int[] KeptPatterns = new int[BlockSize * mp];   // slot b at [b * Mp ..]
            public readonly double[] KeptWeights = new double[BlockSize * mp];
            public readonly int[] Kept = new int[BlockSize];
            public readonly int[] Worst = new int[BlockSize];
            public readonly float[] G = new float[BlockSize * mp];          // soft-min weights by pattern, zero padded
            public readonly float[] GKept = new float[mp];                  // the kept ones, in KeptPatterns order
            public readonly float[] Drive = new float[np];                  // by list position (pruned neurons)
            public readonly float[] DenseDrive = new float[BlockSize * np]; // by input (fully connected neurons)
        }

        private int BlockCount => (_n + BlockSize - 1) / BlockSize;
        private static int First(int block) => block * BlockSize;
        private int End(int block) => Math.Min(_n, (block + 1) * BlockSize);
        private Span<float> Fields(int i) => _fields.AsSpan(i * _mp, _mp);
        private Span<float> Factors(int i) => _factors.AsSpan(i * _k * _n, _k * _n);

        /// <summary>Alive list (j != i, w &gt; threshold, as the reference's first alive mask) and weights of the initial state.</summary>
        private void InitialWeights(int i)
        {
            var factors = Factors(i);
            var list = _lists.Buffer(i);
            int count = 0;
            for (int j = 0; j < _n; j++)
                if (j != i && Weight(factors, j) > SynapseModel.AliveThreshold) list[count++] = j;
            _lists.CountRef(i) = count;
            foreach (int j in _lists.List(i)) _mask[i * _np + j] = 1;
            StoreWeights(i);
        }

        private float Weight(ReadOnlySpan<float> factors, int j)
        {
            float w = factors[j];
            for (int k = 1; k < _k; k++) w *= factors[k * _n + j];
            return w;
        }

        /// <summary>Neuron i's weights in the layout its density calls for: dense rows above half alive, else by list position.</summary>
        private void StoreWeights(int i)
        {
            var factors = Factors(i);
            var list = _lists.List(i);
            var w = _weights.AsSpan(i * _np, _np);
            _dense[i] = list.Length > _n / 2;
            if (_dense[i])
            {
                w.Clear();
                foreach (int j in list) w[j] = Weight(factors, j);
            }
            else
            {
                for (int p = 0; p < list.Length; p++) w[p] = Weight(factors, list[p]);
            }
        }

        /// <summary>
        /// One epoch of the block's neurons: each decides what drives it (worst pattern or soft-min weights) and
        /// steps its threshold; in phase B the fully connected ones get their drives together (<see cref="Float32Kernels.CombineFour"/>);
        /// then each steps its factors, clips and normalizes.
        /// </summary>
        private void UpdateBlock(int block, TrainingPhase phase, Scratch scratch)
        {
            int first = First(block), count = End(block) - first;
            Span<int> dense = stackalloc int[BlockSize];
            int denseCount = 0;
            for (int b = 0; b < count; b++)
            {
                Decide(first + b, b, phase, scratch);
                if (_dense[first + b] && _vectorStep) dense[denseCount++] = b;
            }
            if (phase == TrainingPhase.B && denseCount > 0)
            {
                // Fewer than four repeat the first; each drive's sums do not depend on the others.
                int s0 = dense[0], s1 = dense[Math.Min(1, denseCount - 1)], s2 = dense[Math.Min(2, denseCount - 1)], s3 = dense[Math.Min(3, denseCount - 1)];
                Float32Kernels.CombineFour(Slot(scratch.G, s0, _mp), Slot(scratch.G, s1, _mp), Slot(scratch.G, s2, _mp), Slot(scratch.G, s3, _mp), _rows, _m, _np,
                                         Slot(scratch.DenseDrive, s0, _np), Slot(scratch.DenseDrive, s1, _np), Slot(scratch.DenseDrive, s2, _np), Slot(scratch.DenseDrive, s3, _np));
            }
            for (int b = 0; b < count; b++)
            {
                int i = first + b;
                if (_dense[i] && _vectorStep) DenseUpdate(i, b, phase, scratch);
                else ListedUpdate(i, b, phase, scratch);
            }
        }

        private static Span<T> Slot<T>(T[] buffer, int slot, int length) => buffer.AsSpan(slot * length, length);

        /// <summary>Neuron i (block slot b): the worst pattern (phase A) or the soft-min weights (phase B, float64), and the threshold step.</summary>
        private void Decide(int i, int b, TrainingPhase phase, Scratch scratch)
        {
            var h = scratch.H.AsSpan(0, _m);
            var fields = Fields(i);
            for (int mu = 0; mu < _m; mu++) h[mu] = fields[mu];
            var y = _targets.AsSpan(i * _m, _m);
            double thetaStep;
            if (phase == TrainingPhase.A)
            {
                int worst = 0;
                for (int mu = 1; mu < _m; mu++) if (y[mu] * h[mu] < y[worst] * h[worst]) worst = mu;
                thetaStep = y[worst];
                scratch.Worst[b] = worst;
            }
            else
            {
                var keptPatterns = Slot(scratch.KeptPatterns, b, _mp);
                var keptWeights = Slot(scratch.KeptWeights, b, _mp);
                thetaStep = SoftMinWeights.Compute(h, _meanAbsFieldPrevious[i], _hyper.Beta, scratch.SoftMin, keptPatterns, keptWeights, out int kept);
                scratch.Kept[b] = kept;
                var g = Slot(scratch.G, b, _mp);
                g.Clear();
                for (int c = 0; c < kept; c++) g[keptPatterns[c]] = (float)keptWeights[c];
            }
            _meanAbsFieldPrevious[i] = TensorPrimitives.SumOfMagnitudes<double>(h) / _m;
            _theta[i] -= _hyper.EtaTheta * thetaStep;
        }

        private float YWorst(int i, int worst) => (float)_targets[i * _m + worst];

        /// <summary>A fully connected neuron (z &lt;= 2): step, clip and normalization vectorized over all inputs.</summary>
        private void DenseUpdate(int i, int b, TrainingPhase phase, Scratch scratch)
        {
            var drive = Slot(scratch.DenseDrive, b, _np);
            if (phase == TrainingPhase.A) TensorPrimitives.Multiply(_rows.AsSpan(scratch.Worst[b] * _np, _np), YWorst(i, scratch.Worst[b]), drive);
            var factors = Factors(i);
            var u1 = factors[.._n];
            var u2 = _k == 2 ? factors.Slice(_n, _n) : u1;
            var mask = _mask.AsSpan(i * _np, _np);
            double sumSquares = Float32Kernels.DenseStep(u1, u2, mask, drive, (float)_hyper.Eta, (float)SynapseModel.AliveThreshold,
                                                         (float)SynapseModel.Floor, _n, _k == 2, out int deaths);
            double scale = Math.Sqrt(_setup.Synapse.NormalizationTarget(_hyper.L) / sumSquares);
            Float32Kernels.ScaleAndWeights(u1, u2, (float)scale, _n, _k == 2, _weights.AsSpan(i * _np, _n));
            int count = _lists.Count(i);
            if (deaths > 0)
            {
                // The list follows the mask (ascending inputs), for the state read-back and the switch to the pruned layout.
                var list = _lists.Buffer(i);
                count = 0;
                for (int j = 0; j < _n; j++) if (mask[j] != 0) list[count++] = j;
            }
            _lists.Set(i, count, scale);
            if (count <= _n / 2) StoreWeights(i);
        }

        /// <summary>A pruned neuron (or z &gt; 2): drive, step, clip and normalization over its alive inputs only.</summary>
        private void ListedUpdate(int i, int b, TrainingPhase phase, Scratch scratch)
        {
            var list = _lists.Buffer(i);
            int count = _lists.Count(i);
            var drive = scratch.Drive.AsSpan(0, count);
            if (phase == TrainingPhase.A)
            {
                var row = _rows.AsSpan(scratch.Worst[b] * _np, _np);
                float yWorst = YWorst(i, scratch.Worst[b]);
                for (int p = 0; p < count; p++) drive[p] = row[list[p]] * yWorst;
            }
            else if (_dense[i])
            {
                // z > 2, fully connected: the drive over all inputs from the kept pattern rows, read at the listed ones.
                int kept = scratch.Kept[b];
                var keptWeights = Slot(scratch.KeptWeights, b, _mp);
                for (int c = 0; c < kept; c++) scratch.GKept[c] = (float)keptWeights[c];
                var full = Slot(scratch.DenseDrive, b, _np);
                Float32Kernels.CombineListed(Slot(scratch.KeptPatterns, b, _mp)[..kept], scratch.GKept.AsSpan(0, kept), _rows, _np, full);
                for (int p = 0; p < count; p++) drive[p] = full[list[p]];
            }
            else
            {
                Float32Kernels.DriveListed(list.AsSpan(0, count), Slot(scratch.G, b, _mp), _columns, _mp, drive);
            }
            double sumSquares = ProductAliveListStep.WithDeadFloors(Step(Factors(i), list, ref _lists.CountRef(i), drive, (float)_hyper.Eta), _n, _k, _lists.Count(i));
            double scale = Math.Sqrt(_setup.Synapse.NormalizationTarget(_hyper.L) / sumSquares);
            if (_lists.Count(i) == 0)
            {
                ReviveAllInputs(i, scale);
                return;
            }
            float s = (float)scale;
            var factors = Factors(i);
            _lists.Set(i, _lists.Count(i), scale);
            if (_k == 2 && _lists.Count(i) <= _n / 2)
            {
                // Scale and weights in one pass over the list (what the loop below and StoreWeights compute, in the same operations).
                var first = factors[.._n];
                var second = factors.Slice(_n, _n);
                var w = _weights.AsSpan(i * _np, _np);
                var alive = _lists.List(i);
                for (int p = 0; p < alive.Length; p++)
                {
                    int j = alive[p];
                    float u1 = first[j] * s, u2 = second[j] * s;
                    first[j] = u1;
                    second[j] = u2;
                    w[p] = u1 * u2;
                }
                _dense[i] = false;
                return;
            }
            foreach (int j in _lists.List(i))
                for (int k = 0; k < _k; k++) factors[k * _n + j] *= s;
            StoreWeights(i);
        }

        /// <summary>
        /// The last input of neuron i died: the reference scales all its floored factors by sqrt(L z / (n z eps^2)),
        /// which lifts every weight above the alive threshold again (as <see cref="VectorTrainer"/> does). Without
        /// this the engine kept the neuron without inputs while the state it reports (dead factors at floor x last
        /// scale) showed every input alive, so a run resumed from that state computed something else.
        /// </summary>
        private void ReviveAllInputs(int i, double scale)
        {
            var factors = Factors(i);
            factors.Fill((float)(SynapseModel.Floor * scale));
            var mask = _mask.AsSpan(i * _np, _np);
            mask.Clear();
            var list = _lists.Buffer(i);
            int count = 0;
            for (int j = 0; j < _n; j++)
            {
                if (j == i || !(Weight(factors, j) > SynapseModel.AliveThreshold)) continue; // the alive test of InitialWeights
                list[count++] = j;
                mask[j] = 1;
            }
            _lists.Set(i, count, scale);
            StoreWeights(i);
        }

        /// <summary>
        /// The plasticity step and clip over the listed inputs (as <see cref="ProductAliveListStep.Apply"/> in
        /// float64): a connection no longer above the alive threshold is floored and dropped, the others take
        /// u_k += eta drive dw/du_k, floored at eps. Returns the sum of squares of the surviving factors, in float64.
        /// </summary>
        private double Step(Span<float> factors, int[] list, ref int count, ReadOnlySpan<float> drive, float eta)
        {
            const float floor = (float)SynapseModel.Floor;
            const float threshold = (float)SynapseModel.AliveThreshold;
            double sum = 0;
            int kept = 0;
            if (_k == 2)
            {
                var first = factors[.._n];
                var second = factors.Slice(_n, _n);
                for (int p = 0; p < count; p++)
                {
                    int j = list[p];
                    float u1 = first[j], u2 = second[j];
                    if (!(u1 * u2 > threshold))
                    {
                        first[j] = 0; // dead: 0 in float (no denormal products); restored as floor x scale on read
                        second[j] = 0;
                        continue;
                    }
                    float step = drive[p] * eta;
                    if (step != 0)
                    {
                        float v1 = MathF.FusedMultiplyAdd(step, u2, u1), v2 = MathF.FusedMultiplyAdd(step, u1, u2);
                        u1 = v1 < floor ? floor : v1;
                        u2 = v2 < floor ? floor : v2;
                        first[j] = u1;
                        second[j] = u2;
                    }
                    sum += (double)u1 * u1 + (double)u2 * u2;
                    list[kept++] = j;
                }
                count = kept;
                return sum;
            }
            Span<float> u = stackalloc float[_k];
            for (int p = 0; p < count; p++)
            {
                int j = list[p];
                float w = 1;
                for (int k = 0; k < _k; k++) { u[k] = factors[k * _n + j]; w = k == 0 ? u[0] : w * u[k]; }
                if (!(w > threshold))
                {
                    for (int k = 0; k < _k; k++) factors[k * _n + j] = 0;
                    continue;
                }
                float step = drive[p] * eta;
                for (int k = 0; k < _k; k++)
                {
                    float others = 1;
                    for (int l = 0; l < _k; l++) if (l != k) others *= u[l];
                    float stepped = step != 0 ? MathF.FusedMultiplyAdd(step, others, u[k]) : u[k];
                    factors[k * _n + j] = stepped < floor ? floor : stepped;
                    sum += (double)factors[k * _n + j] * factors[k * _n + j];
                }
                list[kept++] = j;
            }
            count = kept;
            return sum;
        }

        /// <summary>Fields of the block's neurons from their weights (dense ones four at a time), and whether each errs.</summary>
        private void ComputeFields(int block)
        {
            Span<int> dense = stackalloc int[BlockSize];
            int denseCount = 0;
            for (int i = First(block); i < End(block); i++)
            {
                if (_dense[i]) dense[denseCount++] = i;
                else Float32Kernels.CombineListed(_lists.List(i), _weights.AsSpan(i * _np, _lists.Count(i)), _columns, _mp, Fields(i));
            }
            if (denseCount > 0)
            {
                // Fewer than four dense neurons repeat the first; each row's sums do not depend on the others.
                int a = dense[0], b = dense[Math.Min(1, denseCount - 1)], c = dense[Math.Min(2, denseCount - 1)], d = dense[Math.Min(3, denseCount - 1)];
                Float32Kernels.CombineFour(WeightRow(a), WeightRow(b), WeightRow(c), WeightRow(d), _columns, _n, _mp,
                                          Fields(a), Fields(b), Fields(c), Fields(d));
            }
            for (int i = First(block); i < End(block); i++)
            {
                var h = Fields(i);
                var y = _targets.AsSpan(i * _m, _m);
                bool errs = false;
                for (int mu = 0; mu < _m; mu++)
                {
                    h[mu] = (float)(h[mu] - _theta[i]);
                    errs |= y[mu] * h[mu] <= 0;
                }
                _neuronErrs[i] = errs;
            }
        }

        private ReadOnlySpan<float> WeightRow(int i) => _weights.AsSpan(i * _np, _np);

        private double MeanAbsField(int i)
        {
            double sum = 0;
            foreach (float x in Fields(i)[.._m]) sum += Math.Abs(x);
            return sum / _m;
        }
    }
}
