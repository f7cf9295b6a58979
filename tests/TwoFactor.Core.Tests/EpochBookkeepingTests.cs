using TwoFactor.Core.Training;

namespace TwoFactor.Core.Tests;

public class EpochBookkeepingTests
{
    /// <summary>
    /// NextStateRead must name exactly the epochs at which EndEpoch reads the state (engines that run several
    /// epochs per step stop there), so compare it with the reads EndEpoch really makes.
    /// </summary>
    [Theory]
    [InlineData(10, 4, 25)]
    [InlineData(10, 0, 25)]
    [InlineData(7, 3, 30)]
    [InlineData(1000, 0, 5)]
    public void Next_state_read_is_the_next_epoch_at_which_EndEpoch_reads_the_state(int convergenceInterval, int trajectoryInterval, long maxEpochs)
    {
        var setup = TestProblems.Setup(TestProblems.Small(n: 20), maxEpochs);
        setup = setup with { Hyper = setup.Hyper with { ConvergenceInterval = convergenceInterval, TrajectoryInterval = trajectoryInterval } };
        long epochsDone = 0;
        var reads = new List<long>();
        var bookkeeping = new EpochBookkeeping(setup, () =>
        {
            reads.Add(epochsDone);
            return setup.Initial;
        });
        bookkeeping.Start();
        reads.Clear();
        for (epochsDone = 1; epochsDone <= maxEpochs; epochsDone++) bookkeeping.EndEpoch(epochsDone, TrainingPhase.A);

        for (long e = 0; e < maxEpochs; e++)
        {
            long expected = reads.Where(r => r > e).DefaultIfEmpty(maxEpochs).Min();
            Assert.Equal(expected, bookkeeping.NextStateRead(e));
        }
    }
}
