using TwoFactor.Core.Parameters;
using TwoFactor.Core.Simulation;
using TwoFactor.Core.Training;
using TwoFactor.Engines.Gpu;

namespace TwoFactor.Engines.Tests.Gpu;

/// <summary>
/// Many epochs per launch must not change anything: the phase is decided every epoch for the whole network, as
/// the reference does, through speculative launches that are replayed where they guessed wrong. These tests run
/// a network whose phase changes often (alpha = 0.3 at N = 24 with fast rates: phase B from epoch 58, then back to
/// A and forth until epoch 70), so replays happen inside launches.
/// </summary>
public sealed class IlgpuMultiEpochTests : IDisposable
{
    /// <summary>The reference's first phase-B epoch of <see cref="Flipping"/>; the phase changes 9 times by epoch 70.</summary>
    private const long FirstPhaseB = 58;
    private const int PhaseChangesBy100 = 9;

    private readonly IlgpuDevice _device = IlgpuDevice.OpenCpu();

    public void Dispose() => _device.Dispose();

    private static TrainingSetup Flipping(long maxEpochs) => SimulationRunner.BuildSetup(new ModelParameters
    {
        N = 24, Alpha = 0.3, F = 0.5, Z = 2, Seed = 6, Eta = 0.05, EtaTheta = 0.05,
        MaxEpochs = maxEpochs, TrajectoryInterval = 0, ConvergenceInterval = 100_000, Tests = [],
    });

    [Fact]
    public void The_test_network_changes_phase_where_these_tests_assume()
    {
        var setup = Flipping(100);
        var reference = new ReferenceTrainer().Train(setup with { Hyper = setup.Hyper with { TrajectoryInterval = 1 } });
        var phases = reference.Trajectory.Skip(1).Select(t => t.Phase).ToList();
        Assert.Equal(FirstPhaseB, reference.PhaseBStartEpoch);
        Assert.Equal(PhaseChangesBy100, phases.Zip(phases.Skip(1)).Count(pair => pair.First != pair.Second));
        Assert.Equal(TrainingPhase.A, phases[(int)FirstPhaseB + 1]); // back to A right after the first phase-B epoch
    }

    /// <summary>
    /// K = 1 runs one epoch per launch (nothing to guess); 7 and 64 put the phase changes inside launches. Without
    /// bookkeeping stops the launches of 64 really are 64 epochs long (the first one holds the switch to phase B at
    /// 58); with trajectory points every 25 epochs and convergence checks every 40 (loose tolerances, so the run
    /// converges at the first error-free check after the first one), launches also end at those epochs.
    /// </summary>
    [Theory]
    [InlineData(0, 100_000)]
    [InlineData(25, 40)]
    public void Results_are_bitwise_identical_whatever_the_epochs_per_launch(int trajectoryInterval, int convergenceInterval)
    {
        var setup = Flipping(300);
        setup = setup with
        {
            Hyper = setup.Hyper with
            {
                TrajectoryInterval = trajectoryInterval, ConvergenceInterval = convergenceInterval,
                ChangeTolerance = 1, MaxDensity = 1.01, NormTolerance = 1e6,
            },
        };
        var reference = new ReferenceTrainer().Train(setup);
        Assert.Equal(convergenceInterval < 300, reference.Converged);

        var one = new IlgpuTrainer(_device, maxEpochsPerLaunch: 1).Train(setup);
        Assert.Equal(reference.PhaseBStartEpoch, one.PhaseBStartEpoch);
        Assert.Equal(reference.ConvergenceEpoch, one.ConvergenceEpoch);
        Assert.Equal(reference.Epochs, one.Epochs);
        Assert.Equal(reference.Trajectory.Select(t => (t.Epoch, t.Phase)), one.Trajectory.Select(t => (t.Epoch, t.Phase)));
        foreach (int k in new[] { 7, 64 })
        {
            Assert.NotEqual(0, FirstPhaseB % k);
            var trainer = new IlgpuTrainer(_device, maxEpochsPerLaunch: k);
            var many = trainer.Train(setup);
            Assert.True(trainer.LastRun!.Replays > 0, $"K = {k}: no launch was replayed");
            Assert.Equal(one.PhaseBStartEpoch, many.PhaseBStartEpoch);
            Assert.Equal(one.Epochs, many.Epochs);
            Assert.Equal(one.Converged, many.Converged);
            Assert.Equal(one.ConvergenceEpoch, many.ConvergenceEpoch);
            Assert.Equal(one.Trajectory, many.Trajectory);
            Assert.Equal(one.Final.Factors, many.Final.Factors);
            Assert.Equal(one.Final.Theta, many.Final.Theta);
        }
    }

    /// <summary>The first phase-B epoch (58) falls inside a launch of 16: the launch must be undone and the switch found anyway.</summary>
    [Fact]
    public void A_phase_switch_inside_a_launch_starts_phase_B_at_the_reference_epoch()
    {
        const int k = 16;
        Assert.NotEqual(0, FirstPhaseB % k);
        var setup = Flipping(FirstPhaseB + 1);
        var reference = new ReferenceTrainer().Train(setup);
        var trainer = new IlgpuTrainer(_device, maxEpochsPerLaunch: k);
        var result = trainer.Train(setup);

        Assert.Equal(FirstPhaseB, reference.PhaseBStartEpoch);
        Assert.Equal(reference.PhaseBStartEpoch, result.PhaseBStartEpoch);
        Assert.True(trainer.LastRun!.Replays > 0);
        var perEpoch = new IlgpuTrainer(_device, maxEpochsPerLaunch: 1).Train(setup);
        Assert.Equal(perEpoch.Final.Factors, result.Final.Factors);
        Assert.Equal(perEpoch.Final.Theta, result.Final.Theta);
    }

    /// <summary>The network goes back to phase A after phase B (epoch 59 and later): every change must be found, as the reference finds them.</summary>
    [Fact]
    public void Phase_B_to_A_reversions_follow_the_reference()
    {
        var setup = Flipping(100);
        var trainer = new IlgpuTrainer(_device, maxEpochsPerLaunch: 16);
        var result = trainer.Train(setup);
        var perEpochTrainer = new IlgpuTrainer(_device, maxEpochsPerLaunch: 1);
        var perEpoch = perEpochTrainer.Train(setup);

        Assert.Equal(PhaseChangesBy100, trainer.LastRun!.PhaseChanges);
        Assert.Equal(PhaseChangesBy100, perEpochTrainer.LastRun!.PhaseChanges);
        Assert.Equal(FirstPhaseB, result.PhaseBStartEpoch);
        Assert.Equal(perEpoch.Final.Factors, result.Final.Factors);
        Assert.Equal(perEpoch.Final.Theta, result.Final.Theta);
    }

    /// <summary>Cancellation is checked between launches: cancelling at a trajectory point stops the run before the next launch.</summary>
    [Fact]
    public void Cancellation_stops_the_run_between_launches()
    {
        using var cancellation = new CancellationTokenSource();
        var observer = new CancelAt(30, cancellation);
        var setup = Flipping(200);
        setup = setup with { Hyper = setup.Hyper with { TrajectoryInterval = 10 }, Observer = observer };

        Assert.Throws<OperationCanceledException>(() => new IlgpuTrainer(_device, maxEpochsPerLaunch: 64).Train(setup, cancellation.Token));
        Assert.Equal([10L, 20, 30], observer.Seen);

        using var cancelled = new CancellationTokenSource();
        cancelled.Cancel();
        Assert.Throws<OperationCanceledException>(() => new IlgpuTrainer(_device).Train(Flipping(10), cancelled.Token));
    }

    private sealed class CancelAt(long epoch, CancellationTokenSource source) : ITrainingObserver
    {
        public List<long> Seen { get; } = [];

        public void OnProgress(long epochsDone, long maxEpochs, TrajectoryPoint? point)
        {
            Seen.Add(epochsDone);
            if (epochsDone >= epoch) source.Cancel();
        }
    }
}
