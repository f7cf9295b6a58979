using System.Numerics.Tensors;
using TwoFactor.Core.Training;

namespace TwoFactor.Engines.Cpu;

public sealed partial class VectorTrainer
{
    /// <summary>Exact field recomputation, the error flags, and the self-check of the incremental fields.</summary>
    private sealed partial class Run
    {
        /// <summary>Fields of the block's neurons recomputed from their weights (h = sum_j w_ij xi_j - theta_i), and whether each errs.</summary>
        private void ComputeFieldsExactly(int block, Scratch scratch)
        {
            int first = First(block), count = End(block) - first;
            var buffers = scratch.BlockWeights.AsSpan();
            Span<double> sums = stackalloc double[8];
            // A partial last block repeats its first row; the repeated sums are not stored.
            var w0 = WeightsForFields(first, buffers.Slice(0, _n));
            var w1 = count > 1 ? WeightsForFields(first + 1, buffers.Slice(_n, _n)) : w0;
            var w2 = count > 2 ? WeightsForFields(first + 2, buffers.Slice(2 * _n, _n)) : w0;
            var w3 = count > 3 ? WeightsForFields(first + 3, buffers.Slice(3 * _n, _n)) : w0;
            if (_sparseFields)
            {
                for (int mu = 0; mu < _m; mu++)
                {
                    FieldKernels.SparseSumFour(w0, w1, w2, w3, _setup.Patterns.Active[mu], sums);
                    for (int b = 0; b < count; b++) _fields[(first + b) * _m + mu] = sums[b] - _state.Theta[first + b];
                }
            }
            else
            {
                for (int mu = 0; mu < _m; mu += 2)
                {
                    int next = Math.Min(mu + 1, _m - 1);
                    FieldKernels.FourByTwo(w0, w1, w2, w3, _patterns.AsSpan(mu * _n, _n), _patterns.AsSpan(next * _n, _n), sums);
                    for (int b = 0; b < count; b++)
                    {
                        _fields[(first + b) * _m + mu] = sums[2 * b] - _state.Theta[first + b];
                        if (next != mu) _fields[(first + b) * _m + next] = sums[2 * b + 1] - _state.Theta[first + b];
                    }
                }
            }
            for (int i = first; i < first + count; i++) _neuronErrs[i] = Errs(i);
        }

        private bool Errs(int i)
        {
            var h = Fields(i);
            var y = _targets.AsSpan(i * _m, _m);
            for (int mu = 0; mu < _m; mu++) if (y[mu] * h[mu] <= 0) return true;
            return false;
        }

        /// <summary>Largest |maintained field - direct sum over inputs| relative to the largest field.</summary>
        public double FieldDriftFromDirectSums()
        {
            double largest = TensorPrimitives.MaxMagnitude<double>(_fields), worst = 0;
            var buffer = new double[_n];
            for (int i = 0; i < _n; i++)
            {
                var w = WeightsForFields(i, buffer);
                for (int mu = 0; mu < _m; mu++)
                {
                    double direct = -_state.Theta[i];
                    foreach (int j in _setup.Patterns.Active[mu]) direct += w[j];
                    worst = Math.Max(worst, Math.Abs(direct - _fields[i * _m + mu]));
                }
            }
            return worst / Math.Abs(largest);
        }
    }
}
