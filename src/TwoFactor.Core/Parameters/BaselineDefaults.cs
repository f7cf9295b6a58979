
namespace TwoFactor.Core.Parameters;

/// <summary>
/// Defaults of the baseline parameters (MODEL.md section 9) and which model uses which. Values MODEL.md gives are
/// used as given (a = 0.8, mu_d = sd_d = 0.01, B = 5, kappa = 1, lambda = 0, margin-optimal); the rest are this
/// project's choices, documented in docs/MODEL.md's notes: prune_fraction 0.5 (MODEL.md's check value), 1000
/// regulation steps, and for the l1-perceptron eta = 1e-3 and a 2000-epoch cap.
/// </summary>
public static class BaselineDefaults
{
    public const double PruneFraction = 0.5;
    public const double DegradationDimension = 0.8;
    public const double DegradationScale = 0.01;
    public const double WeightCap = 5;
    public const int RegulationSteps = 1000;
    public const double L1Lambda = 0;
    public const double Kappa = 1;
    public const double L1Eta = 1e-3;
    public const long L1MaxEpochs = 2000;
    /// <summary>Initial weight scale of the l1-perceptron: weights start uniform in [0.7 w0, 1.3 w0] (section 4's u0).</summary>
    public const double L1InitialWeight = PaperDefaults.U0;

    /// <summary>Whether the model leaves thresholds to <see cref="ThresholdRule"/> (every baseline but the l1-perceptron).</summary>
    public static bool UsesThresholdRule(ModelKind model) =>
        model is ModelKind.Hebbian or ModelKind.Willshaw or ModelKind.HebbianPruned or ModelKind.NeuronalRegulation;

    /// <summary>The model's own parameters with their defaults filled in; parameters of other models untouched.</summary>
    public static ModelParameters Resolve(ModelParameters p)
    {
        var r = p;
        if (UsesThresholdRule(p.Model)) r = r with { Threshold = p.Threshold ?? ThresholdRule.MarginOptimal };
        return p.Model switch
        {
            ModelKind.Hebbian => r with { Sign = p.Sign ?? HebbianSign.Clip },
            ModelKind.HebbianPruned => r with
            {
                Deletion = p.Deletion ?? DeletionKind.MinimalValue,
                PruneFraction = p.TargetDensity is null ? p.PruneFraction ?? PruneFraction : p.PruneFraction,
            },
            ModelKind.NeuronalRegulation => r with
            {
                DegradationDimension = p.DegradationDimension ?? DegradationDimension,
                DegradationScale = p.DegradationScale ?? DegradationScale,
                WeightCap = p.WeightCap ?? WeightCap,
                RegulationSteps = p.RegulationSteps ?? RegulationSteps,
            },
            ModelKind.L1Perceptron => r with { L1Lambda = p.L1Lambda ?? L1Lambda, Kappa = p.Kappa ?? Kappa },
            _ => r,
        };
    }
}
