using TwoFactor.Core.Parameters;
using TwoFactor.Core.Simulation;
using TwoFactor.Core.Training;
using TwoFactor.Engines.Cpu.Float32;
using TwoFactor.Engines.Gpu;
using TwoFactor.Engines.Tests.Cpu;
using Xunit.Abstractions;

namespace TwoFactor.Engines.Tests.Gpu;

/// <summary>
/// The cuda engine in float32 (<c>precision: float32</c>) on ILGPU's CPU accelerator, or on CUDA when the
/// environment says TWOFACTOR_TEST_DEVICE=cuda: against the float64 reference and the simd float32 engine where
/// trajectories can be compared (the first epochs of phase A), by converged statistics after a short whole run,
/// and its own determinism across launch lengths. Small problems (N = 24-32): the CPU accelerator emulates GPU
/// threads.
/// </summary>
public sealed class IlgpuFloat32Tests(ITestOutputHelper output) : IDisposable
{
    /// <summary>
    /// Phase A bound after <see cref="PhaseAEpochs"/> epochs: largest |w - w'| over the largest weight, and the same for
    /// theta. Both float32 engines round factors to float every epoch and sum fields of about N terms in float, in
    /// other orders (the device sums over j in increasing order, simd in vector lanes), so they differ from the
    /// reference and from each other by float rounding grown over the epochs: measured 1e-7 to 1e-6 here. The bound
    /// is the simd float32 suite's (Float32TrainerTests), which leaves room for a worst-pattern tie within float
    /// rounding (a discrete event: a neuron steps on another pattern).
    /// </summary>
    private const double PhaseABound = 5e-4;

    private const int PhaseAEpochs = 40;

    private readonly IlgpuDevice _device = IlgpuDevice.Open(forceCpu: !IlgpuTrainerEquivalenceTests.OnCuda);

    public void Dispose() => _device.Dispose();

    private IlgpuTrainer Float32(int? maxEpochsPerLaunch = null) => new(_device, maxEpochsPerLaunch, Precision.Float32);

    private static ModelParameters Problem(int n, int z, double f, long epochs) => new()
    {
        N = n, Alpha = 0.2, F = f, Z = z, Seed = 5, MaxEpochs = epochs, TrajectoryInterval = 0, ConvergenceInterval = 1000, Tests = [],
        Patterns = f < 0.5 ? PatternKind.Exact : PatternKind.Bernoulli,
        Eta = z == 1 ? 5e-3 : null, EtaTheta = z == 1 ? 5e-3 : null,
    };

    [Theory]
    [InlineData(1, 0.5)]
    [InlineData(2, 0.5)]
    [InlineData(2, 0.1)]
    [InlineData(3, 0.2)]
    public void Phase_A_follows_the_reference_and_the_simd_float32_engine_for_its_first_epochs(int z, double f)
    {
        var setup = SimulationRunner.BuildSetup(Problem(32, z, f, PhaseAEpochs));
        var reference = new ReferenceTrainer(1).Train(setup);
        var simd = new Float32Trainer(1).Train(setup);
        var device = Float32().Train(setup);
        Assert.Null(reference.PhaseBStartEpoch); // all epochs are phase A
        Assert.Null(device.PhaseBStartEpoch);

        var w = device.Final.WeightMatrix(setup.Synapse);
        double toReference = Float32TrainerTests.RelativeDifference(reference.Final.WeightMatrix(setup.Synapse), w);
        double toSimd = Float32TrainerTests.RelativeDifference(simd.Final.WeightMatrix(setup.Synapse), w);
        double thetaToReference = Float32TrainerTests.RelativeDifference(reference.Final.Theta, device.Final.Theta);
        output.WriteLine($"z={z} f={f}: weights within {toReference:E2} of the reference, {toSimd:E2} of simd float32; theta {thetaToReference:E2}");
        Assert.InRange(toReference, 1e-9, PhaseABound); // above 0: float32 arithmetic really ran
        Assert.InRange(toSimd, 0, PhaseABound);
        Assert.InRange(thetaToReference, 0, PhaseABound);
    }

    /// <summary>
    /// A whole run to convergence at fast rates (as the Science suite's Float32AgreementTests: eta = eta_theta = 0.005
    /// for z = 1, the convergence rule checked every 100 epochs) in float32 on the device, in the float64 reference
    /// and in the simd float32 engine: all converge error-free, within two check intervals of each other, with
    /// density within 0.01 (ten connections of N = 32) and mean min margin within 1 %. z = 1 converges to a stable
    /// fixed point, so the precisions end in nearly the same network (measured: the same convergence epoch, densities
    /// and margins equal to five digits). z = 2 is chaotic in phase B and its convergence rule, at this size, fires at
    /// whichever check no connection happened to die before (measured at N = 32, eta = 0.05: densities 0.147, 0.215 and
    /// 0.162 for cuda float64, cuda float32 and simd float32, converged at 4100, 2100 and 2900): it is compared after
    /// a fixed run below.
    /// </summary>
    [Fact]
    public void A_short_whole_run_converges_to_the_float64_statistics()
    {
        var setup = SimulationRunner.BuildSetup(Problem(32, 1, 0.5, 20_000) with { ConvergenceInterval = 100 });
        var runs = Compare(setup, 0.01, 0.01);
        Assert.All(runs, r => Assert.True(r.Result.Converged, $"{r.Name} did not converge"));
        long[] epochs = runs.Select(r => r.Result.ConvergenceEpoch!.Value).ToArray();
        Assert.InRange(epochs.Max() - epochs.Min(), 0, 2 * setup.Hyper.ConvergenceInterval);
    }

    /// <summary>
    /// z = 2 at fast rates (eta = eta_theta = 0.05: phase B from epoch 37 at N = 32), where phase B is chaotic and
    /// the precisions part within tens of epochs, compared after 1000 epochs (pruning under way) by the statistics
    /// the float64 equivalence suite uses: same error, density within 0.02, mean min margin within 1 %.
    /// </summary>
    [Fact]
    public void Chaotic_phase_B_reaches_the_float64_statistics()
    {
        var setup = SimulationRunner.BuildSetup(Problem(32, 2, 0.5, 1000) with { Eta = 0.05, EtaTheta = 0.05 });
        var runs = Compare(setup, 0.02, 0.01);
        Assert.All(runs, r => Assert.NotNull(r.Result.PhaseBStartEpoch));
    }

    /// <summary>
    /// Trains the setup with this engine in float32, with the float64 reference and with the simd float32 engine; asserts that the
    /// float32 network has the others' error, density within <paramref name="density"/> and mean min margin within
    /// the fraction <paramref name="margin"/>.
    /// </summary>
    private (string Name, TrainingResult Result)[] Compare(TrainingSetup setup, double density, double margin)
    {
        var runs = new (string Name, TrainingResult Result)[]
        {
            ("cuda float32", Float32().Train(setup)),
            ("reference float64", new ReferenceTrainer(1).Train(setup)),
            ("simd float32", new Float32Trainer(1).Train(setup)),
        };
        var summaries = runs.Select(r => NetworkSummary.Of(r.Result.Final, setup.Synapse, setup.Patterns, setup.Targets)).ToArray();
        for (int r = 0; r < runs.Length; r++)
            output.WriteLine($"{runs[r].Name}: {runs[r].Result.Epochs} epochs, converged at {runs[r].Result.ConvergenceEpoch}, phase B from {runs[r].Result.PhaseBStartEpoch}, " +
                             $"error {summaries[r].Error}, density {summaries[r].Density:F4}, min margin {summaries[r].MinMarginMean:F5}");
        var device = summaries[0];
        foreach (var other in summaries[1..])
        {
            Assert.Equal(other.Error, device.Error);
            Assert.InRange(device.Density, other.Density - density, other.Density + density);
            Assert.InRange(device.MinMarginMean, other.MinMarginMean * (1 - margin), other.MinMarginMean * (1 + margin));
        }
        return runs;
    }

    /// <summary>
    /// Launch lengths do not change float32 results either: the snapshot a wrong phase guess is undone from holds the
    /// float factors (the network of IlgpuMultiEpochTests, whose phase flips between A and B from epoch 58).
    /// </summary>
    [Fact]
    public void Results_are_bitwise_the_same_for_every_number_of_epochs_per_launch()
    {
        var setup = SimulationRunner.BuildSetup(new ModelParameters
        {
            N = 24, Alpha = 0.3, F = 0.5, Z = 2, Seed = 6, Eta = 0.05, EtaTheta = 0.05,
            MaxEpochs = 100, TrajectoryInterval = 0, ConvergenceInterval = 100_000, Tests = [],
        });
        var perEpoch = Float32(1).Train(setup);
        var trainer = Float32(16);
        var launched = trainer.Train(setup);
        Assert.NotNull(perEpoch.PhaseBStartEpoch);
        Assert.True(trainer.LastRun!.Replays > 0, "no launch guessed its phase wrong: the snapshot was not exercised");
        Assert.Equal(perEpoch.PhaseBStartEpoch, launched.PhaseBStartEpoch);
        Assert.Equal(perEpoch.Final.Factors, launched.Final.Factors);
        Assert.Equal(perEpoch.Final.Theta, launched.Final.Theta);
    }

    [Fact]
    public void The_factory_gives_float32_to_cuda_and_its_result_names_engine_and_precision()
    {
        var engine = Assert.IsType<IlgpuTrainer>(EngineFactory.Create("cuda", 1, Precision.Float32));
        Assert.Equal(Precision.Float32, engine.Precision);
        Assert.Equal(Precision.Float64, Assert.IsType<IlgpuTrainer>(EngineFactory.Create("cuda", 1)).Precision);
        // auto: the device where CUDA exists, else the simd engine in float32.
        var auto = EngineFactory.Create("auto", 1, Precision.Float32);
        Assert.IsType(EngineFactory.CudaDeviceAvailable ? typeof(IlgpuTrainer) : typeof(Float32Trainer), auto);

        var result = Float32().Train(SimulationRunner.BuildSetup(Problem(12, 2, 0.5, 2)));
        Assert.Equal(IlgpuTrainerEquivalenceTests.OnCuda ? "cuda-float32" : "cuda-float32(cpu-accelerator)", result.Engine);
    }

    [Fact]
    public void Other_synapse_forms_are_refused_in_float32()
    {
        var setup = SimulationRunner.BuildSetup(Problem(12, 2, 0.5, 2) with { Synapse = SynapseKind.Signed });
        var error = Assert.Throws<ArgumentException>(() => Float32().Train(setup));
        Assert.Contains("product synapse", error.Message);
    }
}
