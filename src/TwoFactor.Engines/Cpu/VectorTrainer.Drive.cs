using System.Numerics.Tensors;
using TwoFactor.Core.Training;

namespace TwoFactor.Engines.Cpu;

public sealed partial class VectorTrainer
{
    /// <summary>What drives a neuron's step: the worst pattern (phase A) or the soft-min weights (phase B), over all or only alive inputs.</summary>
    private sealed partial class Run
    {
        /// <summary>Phase B's soft-min weights of neuron i (<see cref="SoftMinWeights.Compute"/>) into the scratch lists.</summary>
        private double SoftMinWeights(int i, ReadOnlySpan<double> h, Scratch scratch, out int kept) =>
            Cpu.SoftMinWeights.Compute(h, _meanAbsFieldPrevious[i], _hyper.Beta, scratch.SoftMin, scratch.KeptPatterns, scratch.KeptWeights, out kept);

        /// <summary>The drive of every input: y xi^worst (phase A) or G = sum_mu g^mu xi^mu (phase B).</summary>
        private void DenseDrive(TrainingPhase phase, int worst, double yWorst, int kept, Scratch scratch, Span<double> drive)
        {
            if (phase == TrainingPhase.A)
            {
                TensorPrimitives.Multiply(_patterns.AsSpan(worst * _n, _n), yWorst, drive);
                return;
            }
            var rows = scratch.KeptPatterns.AsSpan(0, kept);
            var weights = scratch.KeptWeights.AsSpan(0, kept);
            if (_sparseFields)
            {
                // Input by input over the few patterns containing it (same order of additions as pattern by pattern,
                // without scattered read-modify-writes of the drive).
                var g = scratch.PatternWeights.AsSpan();
                g.Clear();
                for (int c = 0; c < kept; c++) g[rows[c]] = weights[c];
                _columns.SparseDotEveryInput(g, drive[.._n]);
                return;
            }
            drive.Clear();
            FieldKernels.AddPatternRows(drive, _patterns, _n, rows, weights);
        }

        /// <summary>The drive of the listed inputs only, drive[p] for input list[p].</summary>
        private void AliveDrive(ReadOnlySpan<int> list, TrainingPhase phase, int worst, double yWorst, int kept, Scratch scratch, Span<double> drive)
        {
            if (phase == TrainingPhase.A)
            {
                for (int p = 0; p < list.Length; p++) drive[p] = _patterns[worst * _n + list[p]] * yWorst;
                return;
            }
            var g = scratch.PatternWeights.AsSpan();
            g.Clear();
            for (int c = 0; c < kept; c++) g[scratch.KeptPatterns[c]] = scratch.KeptWeights[c];
            _columns.DotAll(list, g, drive);
        }
    }
}
