namespace TwoFactor.Core.Evaluation;

/// <summary>
/// The metrics of MODEL.md section 5, measured after the evaluation rescale. "Mean" and "Std" are over
/// neurons; margins divide min_mu y h by the named norm of the neuron's weight row.
/// </summary>
public sealed record NetworkMetrics
{
    public double Error { get; init; }
    public double Density { get; init; }
    public double MinMarginMean { get; init; }
    public double MinMarginStd { get; init; }
    public double AvgMarginMean { get; init; }
    public double AvgMarginStd { get; init; }
    public double RhoMean { get; init; }
    public double RhoStd { get; init; }
    /// <summary>L_{2/3} margin: min y h / (sum_j |w|^{2/3})^{3/2}.</summary>
    public double LqMargin23Mean { get; init; }
    /// <summary>L_{1/2} margin: min y h / (sum_j |w|^{1/2})^2.</summary>
    public double LqMargin12Mean { get; init; }
    public double SynMarginMean { get; init; }
    public double SynMarginStd { get; init; }
    public double L1Mean { get; init; }
    public double L1Std { get; init; }
    public double L2Mean { get; init; }
    public double L2Std { get; init; }
    public double Symmetry { get; init; }
    public double ThetaMean { get; init; }
    public double ThetaStd { get; init; }
    /// <summary>Treves-Rolls sparseness of input currents across patterns, mean over neurons.</summary>
    public double LifetimeSparseness { get; init; }
    /// <summary>Treves-Rolls sparseness of input currents across neurons, mean over patterns.</summary>
    public double PopulationSparseness { get; init; }
    /// <summary>Pearson correlation of the first two factors over alive connections (NaN for one factor).</summary>
    public double FactorCorrelationWithin { get; init; }
    /// <summary>Pearson correlation of first factors of reciprocal connections (u_ij1, u_ji1), both alive.</summary>
    public double FactorCorrelationAcross { get; init; }
    /// <summary>Per pattern: min over neurons of y h / ||w_i||_2.</summary>
    public double[] PatternRadius { get; init; } = [];
}
