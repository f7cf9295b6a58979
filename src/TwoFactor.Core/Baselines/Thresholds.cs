using TwoFactor.Core.Parameters;
using TwoFactor.Core.Training;

namespace TwoFactor.Core.Baselines;

/// <summary>Thresholds for fixed weights (MODEL.md section 9, <c>threshold</c>): margin-optimal or the bias estimate.</summary>
public static class Thresholds
{
    /// <summary>Sets theta_i for every neuron from its weight row.</summary>
    public static double[] For(ThresholdRule rule, double[] weights, BaselineProblem problem)
    {
        int n = problem.N;
        var theta = new double[n];
        var rows = rule == ThresholdRule.MarginOptimal ? new PatternRows(problem.Patterns) : null;
        Parallel.For(0, n, problem.Parallel, () => new double[problem.M], (i, _, inputs) =>
        {
            var w = weights.AsSpan(i * n, n);
            if (rows is null) theta[i] = BiasEstimate.Threshold(w, problem.F);
            else
            {
                rows.Inputs(w, inputs);
                theta[i] = MarginOptimal(inputs, problem.Targets.ForNeuron(i));
            }
            return inputs;
        }, _ => { });
        return theta;
    }

    /// <summary>
    /// (min over the active class of u + max over the silent class of u) / 2: the best threshold for fixed
    /// weights, zero error whenever the classes separate. A neuron with one class only gets theta below its
    /// smallest (above its largest) input by half the spread of its inputs; MODEL.md leaves the gap open when all
    /// inputs are equal, where this uses half their magnitude (0.5 when they are 0) so the neuron is still right.
    /// </summary>
    public static double MarginOptimal(ReadOnlySpan<double> inputs, ReadOnlySpan<sbyte> targets)
    {
        double minActive = double.PositiveInfinity, maxSilent = double.NegativeInfinity;
        double min = double.PositiveInfinity, max = double.NegativeInfinity;
        for (int mu = 0; mu < inputs.Length; mu++)
        {
            double u = inputs[mu];
            if (targets[mu] > 0) minActive = Math.Min(minActive, u);
            else maxSilent = Math.Max(maxSilent, u);
            min = Math.Min(min, u);
            max = Math.Max(max, u);
        }
        if (inputs.Length == 0) return 0;
        bool hasActive = !double.IsPositiveInfinity(minActive), hasSilent = !double.IsNegativeInfinity(maxSilent);
        if (hasActive && hasSilent) return (minActive + maxSilent) / 2;
        double gap = (max - min) / 2;
        if (gap == 0) gap = min == 0 ? 0.5 : Math.Abs(min) / 2;
        return hasActive ? minActive - gap : maxSilent + gap;
    }
}
