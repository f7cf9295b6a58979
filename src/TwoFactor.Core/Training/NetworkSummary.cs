using TwoFactor.Core.Patterns;
using TwoFactor.Core.Synapses;

namespace TwoFactor.Core.Training;

/// <summary>
/// The network-wide numbers the convergence rule and trajectories need, computed from a state as it is
/// (no evaluation rescale): error rate, alive fraction, mean min-margin (kappa), mean theta, and
/// mean_i sum_j |w_ij|^{2/z}.
/// </summary>
public sealed record NetworkSummary(double Error, bool AnyError, double Density, double MinMarginMean, double ThetaMean, double NormMean)
{
    public static NetworkSummary Of(NetworkState state, SynapseModel synapse, PatternSet patterns, Targets targets)
    {
        int n = state.N, m = patterns.M;
        var w = new double[n];
        double errors = 0, alive = 0, marginSum = 0, thetaSum = 0, normSum = 0;
        bool anyError = false;
        double normPower = 2.0 / synapse.Z;
        for (int i = 0; i < n; i++)
        {
            state.Weights(synapse, i, w);
            double l2 = 0;
            for (int j = 0; j < n; j++)
            {
                if (j != i && synapse.IsAlive(w[j])) alive++;
                l2 += w[j] * w[j];
                normSum += Math.Pow(Math.Abs(w[j]), normPower);
            }
            double minMargin = double.PositiveInfinity;
            var y = targets.ForNeuron(i);
            for (int mu = 0; mu < m; mu++)
            {
                double h = Fields.Field(w, patterns.Active[mu], state.Theta[i]);
                double yh = y[mu] * h;
                if (yh <= 0) anyError = true;
                errors += (1 - y[mu] * Math.Sign(h)) / 2.0;
                minMargin = Math.Min(minMargin, yh);
            }
            marginSum += minMargin / Math.Sqrt(l2);
            thetaSum += state.Theta[i];
        }
        return new NetworkSummary(
            Error: errors / ((double)n * m),
            AnyError: anyError,
            Density: alive / ((double)n * (n - 1)),
            MinMarginMean: marginSum / n,
            ThetaMean: thetaSum / n,
            NormMean: normSum / n);
    }
}
