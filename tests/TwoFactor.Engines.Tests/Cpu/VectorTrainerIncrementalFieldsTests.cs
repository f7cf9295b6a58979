using TwoFactor.Core.Parameters;
using TwoFactor.Core.Simulation;
using TwoFactor.Core.Training;
using TwoFactor.Engines.Cpu;

namespace TwoFactor.Engines.Tests.Cpu;

/// <summary>
/// The shared suite against the simd engine with its periodic exact field recomputation switched off: after
/// epoch 0 the fields come only from incremental updates (or from an exact pass when most inputs changed), so
/// an error in the incremental bookkeeping (a missed changed input, a wrong scale, a theta slip) shows here
/// instead of being repaired every 64 epochs.
/// </summary>
public class VectorTrainerIncrementalFieldsTests : EngineEquivalenceSuite
{
    protected override ITrainingEngine CreateEngine() => new VectorTrainer(refreshInterval: int.MaxValue);

    [Theory]
    [InlineData(0.5, 2)]
    [InlineData(0.1, 2)]
    [InlineData(0.5, 1)]
    public void Incremental_fields_are_used_and_stay_within_rounding_of_exact_ones(double f, int z)
    {
        var setup = SimulationRunner.BuildSetup(new ModelParameters
        {
            N = 60, Alpha = 0.2, F = f, Z = z, Seed = 3, MaxEpochs = 400, Tests = [], TrajectoryInterval = 0,
            Eta = z == 1 ? 5e-3 : null, EtaTheta = z == 1 ? 5e-3 : null,
        });
        // Phase B is chaotic (see the suite), so compare up to three epochs into it.
        var probe = new VectorTrainer(1, refreshInterval: 1).Train(setup);
        if (probe.PhaseBStartEpoch is long phaseB) setup = setup with { Hyper = setup.Hyper with { MaxEpochs = phaseB + 3 } };
        var exact = new VectorTrainer(1, refreshInterval: 1).Train(setup);       // every epoch recomputed
        var incremental = new VectorTrainer(1, refreshInterval: int.MaxValue).Train(setup);

        // Rounding differs, so the runs are not bitwise equal: proof that the incremental path ran.
        Assert.NotEqual(exact.Final.Theta, incremental.Final.Theta);
        double scale = exact.Final.Theta.Max(Math.Abs);
        for (int i = 0; i < exact.Final.Theta.Length; i++)
            Assert.True(Math.Abs(exact.Final.Theta[i] - incremental.Final.Theta[i]) <= 1e-10 * scale,
                $"theta {i}: exact {exact.Final.Theta[i]:R} incremental {incremental.Final.Theta[i]:R}");
        Assert.Equal(exact.PhaseBStartEpoch, incremental.PhaseBStartEpoch);
    }

    [Theory]
    [InlineData(SynapseKind.Product, 2, 0.5, true)]
    [InlineData(SynapseKind.Product, 3, 0.5, true)]
    [InlineData(SynapseKind.Product, 2, 0.1, true)]
    [InlineData(SynapseKind.Signed, 2, 0.5, true)]
    [InlineData(SynapseKind.Power, 2, 0.3, false)]      // w = u^2 decays but does not cross 1e-10 in this run
    [InlineData(SynapseKind.SignedFree, 2, 0.5, false)] // signed weights pass through zero instead of dying
    public void Maintained_fields_equal_direct_sums_after_every_epoch(SynapseKind synapse, int z, double f, bool connectionsDie)
    {
        // Long enough for many connections to die (each death moves a weight below 1e-10 to the floor, a change
        // the incremental update must include) and for phase B to start.
        var setup = SimulationRunner.BuildSetup(new ModelParameters
        {
            N = 40, Alpha = 0.2, F = f, Z = z, Synapse = synapse, Seed = 9, MaxEpochs = 1500, Tests = [], TrajectoryInterval = 0,
        });
        var (drift, result) = VectorTrainer.MaxIncrementalFieldDrift(setup);
        var weights = result.Final.WeightMatrix(setup.Synapse);
        int died = weights.Count(w => !setup.Synapse.IsAlive(w)) - setup.Initial.N; // the diagonal was never alive
        Console.WriteLine($"{synapse} z={z} f={f}: {died} connections died, drift {drift:E2}, phase B from {result.PhaseBStartEpoch}");
        if (connectionsDie) Assert.True(died > 20, $"only {died} connections died: the case does not exercise deaths");
        Assert.NotNull(result.PhaseBStartEpoch);
        Assert.InRange(drift, 0, 1e-13);
    }
}
