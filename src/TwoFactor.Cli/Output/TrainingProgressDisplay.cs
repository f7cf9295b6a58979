using Spectre.Console;
using TwoFactor.Core.Training;

namespace TwoFactor.Cli.Output;

/// <summary>
/// A live progress bar on stderr for one simulation (epochs against the cap, then the robustness tests), so
/// stdout stays clean for --json. Only used on a terminal; redirected runs print nothing extra.
/// </summary>
public static class TrainingProgressDisplay
{
    public static T Run<T>(string title, Func<ITrainingObserver, T> work)
    {
        var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(Console.Error) });
        return console.Progress()
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn(), new RemainingTimeColumn())
            .Start(context =>
            {
                var task = context.AddTask(title);
                var result = work(new Observer(task));
                task.Value = task.MaxValue;
                return result;
            });
    }

    private sealed class Observer(ProgressTask task) : ITrainingObserver
    {
        public void OnProgress(long epochsDone, long maxEpochs, TrajectoryPoint? point)
        {
            task.MaxValue = maxEpochs;
            task.Value = epochsDone;
            if (point is not null)
                task.Description = $"epoch {epochsDone:N0}: error {point.Error:0.####}, density {point.Density:0.###}, margin {point.MinMarginMean:0.####}";
        }
    }
}
