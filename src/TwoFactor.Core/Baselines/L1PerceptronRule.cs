using System.Numerics.Tensors;
using TwoFactor.Core.Parameters;
using TwoFactor.Core.Randomness;
using TwoFactor.Core.Training;

namespace TwoFactor.Core.Baselines;

/// <summary>
/// Sign-constrained perceptron with a constant extra depression lambda (MODEL.md section 9.5, in the spirit of
/// Sacramento, Wichert, van Rossum 2015). Weights start uniform in [0.7 w0, 1.3 w0] (w0 = 0.1, section 4's u0)
/// from a stream of their own, theta at the bias estimate. Each epoch, a neuron with patterns violating
/// y h &lt; kappa w0 (kappa in units of the initial weight scale) updates over those patterns:
/// w_ij &lt;- max(0, w_ij + eta (sum_mu y_i^mu xi_j^mu - lambda)), theta_i &lt;- theta_i - eta sum_mu y_i^mu. A neuron
/// without violations is done (neurons are independent perceptrons; MODEL.md's "until no pattern is violated" read
/// per neuron, so lambda does not keep depressing a solved neuron). Parallel over neurons, vectorized over inputs.
/// </summary>
public sealed class L1PerceptronRule : IBaselineRule
{
    public BaselineNetwork Build(BaselineProblem problem, CancellationToken cancellationToken = default)
    {
        var p = problem.Parameters;
        int n = problem.N, m = problem.M;
        double eta = p.EffectiveEta, lambda = p.L1Lambda ?? BaselineDefaults.L1Lambda;
        double margin = (p.Kappa ?? BaselineDefaults.Kappa) * BaselineDefaults.L1InitialWeight;
        long maxEpochs = p.EffectiveMaxEpochs;
        var rows = new PatternRows(problem.Patterns);
        var w = new double[(long)n * n];
        var theta = new double[n];
        var epochs = new long[n];
        var solved = new bool[n];

        Parallel.For(0, n, problem.Parallel, i =>
        {
            var row = w.AsSpan(i * n, n);
            var rng = Streams.For(p.Seed, StreamPurpose.BaselineInitialWeights, i);
            double w0 = BaselineDefaults.L1InitialWeight;
            for (int j = 0; j < n; j++) row[j] = j == i ? 0 : rng.Uniform(0.7 * w0, 1.3 * w0);
            theta[i] = BiasEstimate.Threshold(row, problem.F);
            var y = problem.Targets.ForNeuron(i);
            var inputs = new double[m];
            var drive = new double[n];
            long epoch = 0;
            while (true)
            {
                rows.Inputs(row, inputs);
                drive.AsSpan().Clear();
                double thresholdDrive = 0;
                bool violated = false;
                for (int mu = 0; mu < m; mu++)
                {
                    if (y[mu] * (inputs[mu] - theta[i]) >= margin) continue;
                    violated = true;
                    TensorPrimitives.MultiplyAdd(rows.Row(mu), (double)y[mu], drive, drive);
                    thresholdDrive += y[mu];
                }
                if (!violated) { solved[i] = true; break; }
                if (epoch >= maxEpochs || cancellationToken.IsCancellationRequested) break;
                TensorPrimitives.Subtract(drive, lambda, drive);
                TensorPrimitives.MultiplyAdd(drive, eta, row, row);
                TensorPrimitives.Max(row, 0.0, row);
                row[i] = 0;
                theta[i] -= eta * thresholdDrive;
                epoch++;
            }
            epochs[i] = epoch;
        });
        cancellationToken.ThrowIfCancellationRequested();
        return new BaselineNetwork(w, theta, epochs.Max(), solved.All(s => s));
    }
}
