using TwoFactor.Core.Parameters;

namespace TwoFactor.Core.Baselines;

/// <summary>The rule of each baseline model.</summary>
public static class BaselineRules
{
    public static IBaselineRule For(ModelKind model) => model switch
    {
        ModelKind.Hebbian => new HebbianRule(),
        ModelKind.Willshaw => new WillshawRule(),
        ModelKind.HebbianPruned => new PrunedHebbianRule(),
        ModelKind.NeuronalRegulation => new NeuronalRegulationRule(),
        ModelKind.L1Perceptron => new L1PerceptronRule(),
        _ => throw new ArgumentOutOfRangeException(nameof(model), $"{model} is not a baseline"),
    };
}
