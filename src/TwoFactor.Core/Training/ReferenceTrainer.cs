using TwoFactor.Core.Synapses;

namespace TwoFactor.Core.Training;

/// <summary>
/// The oracle: static consolidation written as MODEL.md section 4 reads, in double precision. Neurons are
/// independent perceptrons, so each epoch is two parallel passes over neurons (fields, then updates) with
/// one network-wide decision between them (does any neuron still err?). Parallelism never changes the
/// numbers: each neuron's arithmetic is the same whichever thread runs it.
/// </summary>
public sealed class ReferenceTrainer(int maxDegreeOfParallelism = -1) : ITrainingEngine
{
    public string Name => "reference";

    public TrainingResult Train(TrainingSetup setup, CancellationToken cancellationToken = default)
    {
        var run = new Run(setup, maxDegreeOfParallelism);
        return run.Execute(cancellationToken);
    }

    /// <summary>The mutable working set of one training run.</summary>
    private sealed class Run
    {
        private readonly TrainingSetup _setup;
        private readonly NetworkState _state;
        private readonly SynapseModel _synapse;
        private readonly TrainingHyperparameters _hyper;
        private readonly int _n, _m, _k;
        private readonly double[] _weights;      // [i * N + j], before this epoch's update
        private readonly double[] _gradients;    // same layout as factors: dw/du before the update
        private readonly bool[] _alive;          // [i * N + j]
        private readonly double[] _fields;       // [i * M + mu]
        private readonly double[] _meanAbsFieldPrevious; // m_i of phase B: mean |h| of the previous epoch
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
            _weights = new double[_n * _n];
            _gradients = new double[_state.Factors.Length];
            _alive = new bool[_n * _n];
            _fields = new double[_n * _m];
            _meanAbsFieldPrevious = new double[_n];
            _parallel = new ParallelOptions { MaxDegreeOfParallelism = maxDegreeOfParallelism };
        }

        public TrainingResult Execute(CancellationToken cancellationToken)
        {
            var bookkeeping = new EpochBookkeeping(_setup, () => _state);

            // m_i for a network that starts error-free comes from the initial fields.
            Parallel.For(0, _n, _parallel, Prepare);
            for (int i = 0; i < _n; i++) _meanAbsFieldPrevious[i] = MeanAbsField(i);
            bookkeeping.Start();

            long epoch = 0;
            while (epoch < _hyper.MaxEpochs)
            {
                cancellationToken.ThrowIfCancellationRequested();
                if (epoch > 0) Parallel.For(0, _n, _parallel, Prepare);
                var phase = AnyError() ? TrainingPhase.A : TrainingPhase.B;
                bookkeeping.BeginEpoch(epoch, phase);
                Parallel.For(0, _n, _parallel, () => new double[_n], (i, _, scratch) =>
                {
                    Update(i, phase, scratch);
                    return scratch;
                }, _ => { });
                epoch++;
                if (bookkeeping.EndEpoch(epoch, phase)) break;
            }
            return bookkeeping.Result(_state, epoch, "reference");
        }

        /// <summary>Step 1 for neuron i: weights, alive mask, dw/du and fields, all from the state before the update.</summary>
        private void Prepare(int i)
        {
            var w = _weights.AsSpan(i * _n, _n);
            _synapse.RowWeightsAndGradients(_state.NeuronFactors(i), _n, w, _gradients.AsSpan(i * _k * _n, _k * _n));
            for (int j = 0; j < _n; j++) _alive[i * _n + j] = j != i && _synapse.IsAlive(w[j]);
            for (int mu = 0; mu < _m; mu++)
                _fields[i * _m + mu] = Fields.Field(w, _setup.Patterns.Active[mu], _state.Theta[i]);
        }

        /// <summary>The network-wide phase decision: does any neuron get any pattern wrong (y h &lt;= 0)?</summary>
        private bool AnyError()
        {
            var y = _setup.Targets.Y;
            for (int idx = 0; idx < _fields.Length; idx++) if (y[idx] * _fields[idx] <= 0) return true;
            return false;
        }

        /// <summary>Steps 2-5 for neuron i: the phase's factor and threshold update, clip, normalization.</summary>
        private void Update(int i, TrainingPhase phase, double[] inputDrive)
        {
            var h = _fields.AsSpan(i * _m, _m);
            var y = _setup.Targets.ForNeuron(i);
            Array.Clear(inputDrive);
            double thetaStep;
            if (phase == TrainingPhase.A)
            {
                // Phase A: the pattern of smallest y h drives a perceptron step on its active inputs.
                int worst = 0;
                for (int mu = 1; mu < _m; mu++) if (y[mu] * h[mu] < y[worst] * h[worst]) worst = mu;
                foreach (int j in _setup.Patterns.Active[worst]) inputDrive[j] = y[worst];
                thetaStep = y[worst];
            }
            else
            {
                thetaStep = SoftMinDrive(i, h, inputDrive);
            }
            _meanAbsFieldPrevious[i] = MeanAbsField(i);

            double eta = _hyper.Eta;
            for (int j = 0; j < _n; j++)
            {
                if (!_alive[i * _n + j] || inputDrive[j] == 0) continue;
                for (int k = 0; k < _k; k++)
                {
                    int idx = _state.Index(i, k, j);
                    _state.Factors[idx] += eta * inputDrive[j] * _gradients[idx];
                }
            }
            _state.Theta[i] -= _hyper.EtaTheta * thetaStep;

            _synapse.ClipRow(_state.NeuronFactors(i), _n, _alive.AsSpan(i * _n, _n));
            Homeostasis.Normalize(_state.NeuronFactors(i), _synapse.NormalizationTarget(_hyper.L));
        }

        /// <summary>
        /// Phase B: a^mu = exp(-beta |h^mu| / m_i), g^mu = a^mu sign(h^mu) / sum a, G_j = sum_mu g^mu xi_j^mu.
        /// The exponent is shifted by min |h| before exp; the shift cancels in the normalization and keeps
        /// exp from underflowing to 0/0. Returns sum_mu g^mu (the threshold drive).
        /// </summary>
        private double SoftMinDrive(int i, ReadOnlySpan<double> h, double[] inputDrive)
        {
            double scale = _meanAbsFieldPrevious[i] > 0 ? _meanAbsFieldPrevious[i] : 1.0;
            double minAbs = double.PositiveInfinity;
            foreach (double x in h) minAbs = Math.Min(minAbs, Math.Abs(x));
            Span<double> a = h.Length <= 1024 ? stackalloc double[h.Length] : new double[h.Length];
            double sumA = 0;
            for (int mu = 0; mu < h.Length; mu++)
            {
                a[mu] = Math.Exp(-_hyper.Beta * (Math.Abs(h[mu]) - minAbs) / scale);
                sumA += a[mu];
            }
            double sumG = 0;
            for (int mu = 0; mu < h.Length; mu++)
            {
                double g = a[mu] * Math.Sign(h[mu]) / sumA;
                if (g == 0) continue;
                sumG += g;
                foreach (int j in _setup.Patterns.Active[mu]) inputDrive[j] += g;
            }
            return sumG;
        }

        private double MeanAbsField(int i)
        {
            double sum = 0;
            foreach (double x in _fields.AsSpan(i * _m, _m)) sum += Math.Abs(x);
            return sum / _m;
        }
    }
}
