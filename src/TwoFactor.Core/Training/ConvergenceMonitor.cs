namespace TwoFactor.Core.Training;

/// <summary>
/// The convergence rule of MODEL.md section 4, evaluated at every check (every 10^4 epochs by default):
/// mean density and mean min-margin changed by less than the tolerance since the previous check, density
/// below 0.99, zero error, and |mean_i sum_j w_ij^{2/z} - L| below 0.02. The first check has nothing to
/// compare with and never converges.
/// </summary>
public sealed class ConvergenceMonitor(TrainingHyperparameters hyper)
{
    private NetworkSummary? _previous;

    public bool Check(NetworkSummary current)
    {
        var previous = _previous;
        _previous = current;
        if (previous is null) return false;
        return Math.Abs(current.Density - previous.Density) < hyper.ChangeTolerance
            && Math.Abs(current.MinMarginMean - previous.MinMarginMean) < hyper.ChangeTolerance
            && current.Density < hyper.MaxDensity
            && current.Error == 0
            && Math.Abs(current.NormMean - hyper.L) < hyper.NormTolerance;
    }
}
