using TwoFactor.Core.Training;
using TwoFactor.Engines.Speculation;

namespace TwoFactor.Engines.Tests;

public sealed class LaunchPlannerTests
{
    [Fact]
    public void A_launch_whose_error_counts_keep_its_phase_ran_all_its_epochs()
    {
        var planner = new LaunchPlanner(8);
        // Phase A throughout; the entry after the last epoch (B) is the next launch's phase, not a wrong guess.
        Assert.Equal(4, planner.EpochsInPhase([3, 1, 2, 5, 0], TrainingPhase.A));
        Assert.Equal(3, planner.EpochsInPhase([0, 0, 0, 0], TrainingPhase.B));
    }

    [Fact]
    public void The_first_epoch_whose_error_test_disagrees_ends_the_epochs_that_count()
    {
        var planner = new LaunchPlanner(8);
        Assert.Equal(3, planner.EpochsInPhase([2, 1, 1, 0, 0, 4, 0, 0, 0], TrainingPhase.A)); // epoch 3 is phase B
        Assert.Equal(1, planner.EpochsInPhase([0, 1, 0, 0], TrainingPhase.B)); // and back to A (B -> A)
    }

    [Fact]
    public void Launches_shrink_to_what_was_right_after_a_wrong_guess_and_double_after_right_ones()
    {
        var planner = new LaunchPlanner(8);
        Assert.Equal(8, planner.NextLength(0, 100));
        planner.EpochsInPhase([1, 1, 1, 0, 0, 0, 0, 0, 0], TrainingPhase.A);
        Assert.Equal(3, planner.NextLength(3, 100));
        planner.EpochsInPhase([0, 0, 0, 0], TrainingPhase.B);
        Assert.Equal(6, planner.NextLength(6, 100));
        planner.EpochsInPhase(new int[7], TrainingPhase.B);
        Assert.Equal(8, planner.NextLength(12, 100)); // capped at the maximum
    }

    [Fact]
    public void Launches_end_where_the_state_is_read()
    {
        var planner = new LaunchPlanner(64);
        Assert.Equal(10, planner.NextLength(0, 10));
        Assert.Equal(1, planner.NextLength(19, 20));
        Assert.Throws<ArgumentOutOfRangeException>(() => planner.NextLength(20, 20));
    }

    [Fact]
    public void A_launch_whose_first_error_test_contradicts_its_phase_is_an_error()
    {
        var planner = new LaunchPlanner(8);
        Assert.Throws<InvalidOperationException>(() => planner.EpochsInPhase([0, 1, 1], TrainingPhase.A));
    }
}
