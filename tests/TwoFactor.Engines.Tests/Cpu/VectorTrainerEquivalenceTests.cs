using TwoFactor.Core.Parameters;
using TwoFactor.Core.Simulation;
using TwoFactor.Core.Training;
using TwoFactor.Engines.Cpu;

namespace TwoFactor.Engines.Tests.Cpu;

/// <summary>The shared equivalence suite against the simd engine, plus its thread-count independence.</summary>
public class VectorTrainerEquivalenceTests : EngineEquivalenceSuite
{
    protected override ITrainingEngine CreateEngine() => new VectorTrainer();

    [Fact]
    public void Simd_results_do_not_depend_on_the_thread_count()
    {
        var setup = SimulationRunner.BuildSetup(new ModelParameters { N = 66, Alpha = 0.2, Z = 2, MaxEpochs = 300, Tests = [], TrajectoryInterval = 0 });
        var one = new VectorTrainer(1).Train(setup);
        var many = new VectorTrainer(4).Train(setup);
        Assert.Equal(one.Final.Factors, many.Final.Factors);
        Assert.Equal(one.Final.Theta, many.Final.Theta);
    }
}
