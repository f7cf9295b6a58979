using TwoFactor.Core.Parameters;
using TwoFactor.Core.Synapses;

namespace TwoFactor.Core.Baselines;

/// <summary>
/// Covariance storage made excitatory (Tsodyks and Feigelman 1988; MODEL.md section 9.1): clip, w = max(0, J);
/// offset, w = J - min_ij J over the off-diagonal entries (dense). Thresholds by the threshold rule.
/// </summary>
public sealed class HebbianRule : IBaselineRule
{
    public BaselineNetwork Build(BaselineProblem problem, CancellationToken cancellationToken = default)
    {
        var p = problem.Parameters;
        var w = Weights(problem, p.Sign ?? HebbianSign.Clip);
        return new BaselineNetwork(w, Thresholds.For(p.Threshold ?? ThresholdRule.MarginOptimal, w, problem), 0, true);
    }

    public static double[] Weights(BaselineProblem problem, HebbianSign sign)
    {
        int n = problem.N;
        var j = Covariance.Matrix(problem);
        if (sign == HebbianSign.Clip)
        {
            // Entries that are 0 in exact arithmetic come out as +-1e-17: anything not alive is exactly 0.
            for (int k = 0; k < j.Length; k++) j[k] = j[k] > SynapseModel.AliveThreshold ? j[k] : 0;
            return j;
        }
        double min = double.PositiveInfinity;
        for (int i = 0; i < n; i++)
            for (int c = 0; c < n; c++)
                if (c != i) min = Math.Min(min, j[i * n + c]);
        for (int i = 0; i < n; i++)
            for (int c = 0; c < n; c++)
                j[i * n + c] = c == i ? 0 : j[i * n + c] - min;
        return j;
    }
}
