using TwoFactor.Core.Parameters;
using TwoFactor.Core.Simulation;
using TwoFactor.Core.Training;

namespace TwoFactor.Engines.Tests.Cpu;

/// <summary>
/// Exact patterns at f = 0.1 leave some neurons silent in every pattern (0.9^M of them); phase B then drives all
/// their inputs down until the last one dies. The reference's normalization divides by a sum of squares that
/// still holds the floored dead factors; the alive-input path left them out, divided by zero and turned the
/// neuron's factors and fields into NaN (seed 1 below threw from the convergence check within 40k epochs).
/// </summary>
public class LastInputDeathTests
{
    private static TrainingSetup Setup() => SimulationRunner.BuildSetup(new ModelParameters
    {
        N = 200, Alpha = 0.2, F = 0.1, Z = 2, Patterns = PatternKind.Exact, Eta = 0.05, EtaTheta = 0.05, Seed = 1,
        MaxEpochs = 40_000, ConvergenceInterval = 100, TrajectoryInterval = 0, Tests = [],
    });

    [Theory]
    [InlineData(Precision.Float64)]
    [InlineData(Precision.Float32)]
    public void A_neuron_losing_its_last_input_keeps_finite_factors_and_fields(Precision precision)
    {
        var result = EngineFactory.Create("simd", 1, precision).Train(Setup());
        Assert.All(result.Final.Factors, u => Assert.True(double.IsFinite(u), $"factor {u}"));
        Assert.All(result.Final.Theta, t => Assert.True(double.IsFinite(t), $"theta {t}"));
    }

    /// <summary>
    /// What the engine computes must be the state it reports. A neuron without alive inputs is reported with every
    /// factor at floor x scale, all equal, and that scale lifts every weight above the alive threshold: the
    /// reference then steps all of them again (the inputs' patterns differ, so they part at once). The float32
    /// engine used to keep such a neuron without inputs for the rest of the run, its reported factors all equal.
    /// </summary>
    [Theory]
    [InlineData(Precision.Float64)]
    [InlineData(Precision.Float32)]
    public void A_neuron_that_lost_its_last_input_is_revived_as_the_reference_does(Precision precision)
    {
        var setup = Setup();
        var final = EngineFactory.Create("simd", 1, precision).Train(setup).Final;
        for (int i = 0; i < final.N; i++)
        {
            var factors = final.NeuronFactors(i);
            double first = factors[i == 0 ? 1 : 0];
            bool allEqual = true;
            for (int k = 0; k < final.K && allEqual; k++)
                for (int j = 0; j < final.N && allEqual; j++)
                    if (j != i && factors[k * final.N + j] != first) allEqual = false;
            Assert.False(allEqual, $"neuron {i}: every factor is {first:R}, as the floor x scale of a neuron that has no alive input left and was not revived");
        }
    }
}
