using System.CommandLine;
using System.Diagnostics;
using System.Runtime.InteropServices;
using Spectre.Console;
using TwoFactor.Cluster.Hosting;
using TwoFactor.Cluster.Messages;

namespace TwoFactor.Cli.Output;

/// <summary>
/// Live progress of a sweep: a Spectre.Console progress display on a terminal (done/total, cells/s, ETA,
/// failures, one line per worker slot with its running cell), and where there is no terminal (batch jobs,
/// SLURM logs) a summary line and one line per running cell at a steady interval, so a log shows the job is alive.
/// </summary>
internal static class ProgressDisplay
{
    public static readonly TimeSpan DefaultPlainInterval = TimeSpan.FromSeconds(30);

    public static Option<double?> IntervalOption()
    {
        var option = new Option<double?>("--progress-interval")
        {
            Description = $"Seconds between progress lines when the output is not a terminal [default: {DefaultPlainInterval.TotalSeconds}]",
        };
        option.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<double?>() is { } v && !(v > 0)) result.AddError($"{option.Name}: must be > 0 seconds (got {v})");
        });
        return option;
    }

    public static async Task<SweepOutcome> Run(Func<IProgress<ProgressReport>, Task<SweepOutcome>> run, double? intervalSeconds = null)
    {
        if (Console.IsOutputRedirected)
        {
            var plain = new PlainProgress(intervalSeconds is { } s ? TimeSpan.FromSeconds(s) : DefaultPlainInterval);
            return await run(plain);
        }
        SweepOutcome? outcome = null;
        await AnsiConsole.Progress()
            .AutoClear(false)
            .Columns(new TaskDescriptionColumn { Alignment = Justify.Left }, new ProgressBarColumn(), new PercentageColumn(),
                new RemainingTimeColumn(), new SpinnerColumn())
            .StartAsync(async context =>
            {
                var live = new LiveProgress(context);
                outcome = await run(live);
                live.Complete();
            });
        return outcome!;
    }

    /// <summary>
    /// Prints the end-of-run summary and returns the exit code (0 finished with every cell completed, or drained
    /// after SIGTERM; 130 stopped by Ctrl-C; 1 the run failed or any cell failed).
    /// </summary>
    public static int Summarize(SweepOutcome outcome, PosixSignal? stopSignal)
    {
        var r = outcome.Final;
        if (r is not null)
        {
            Console.Out.WriteLine($"sweep {r.SweepId} ({r.Name}): {r.Done}/{r.Total} cells done ({r.Completed} completed, {r.Failed} failed) in {Plural.Of(r.Parts, "part")}");
            Console.Out.WriteLine($"computed this run: {r.ComputedThisRun}");
            Console.Out.WriteLine($"results: {outcome.ResultsDirectory}");
        }
        if (outcome.Error is not null)
        {
            Console.Error.WriteLine($"error: {CliErrors.OneLine(outcome.Error)}");
            return 1;
        }
        if (outcome.Interrupted)
        {
            Console.Out.WriteLine(StopExit.Message(stopSignal, "run the same command again (or resubmit the job)"));
            return StopExit.Code(stopSignal);
        }
        if (!outcome.Finished) return 1;
        if (r is { Failed: > 0 })
        {
            // Finished, but not every cell has a result: a script must not mistake this for success.
            Console.Error.WriteLine($"error: {Plural.Of(r.Failed, "cell")} failed (reasons in {Path.Combine(outcome.ResultsDirectory, "summary.txt")}); " +
                                    "fix the cause and run the same command with --retry-failed to compute them again");
            return 1;
        }
        return 0;
    }

    /// <summary>Cells per second over this run and the time left at that pace.</summary>
    private sealed class Rate
    {
        private readonly Stopwatch _clock = Stopwatch.StartNew();

        public (double PerSecond, TimeSpan? Eta) Of(ProgressReport r)
        {
            double seconds = Math.Max(_clock.Elapsed.TotalSeconds, 1e-3);
            double perSecond = r.ComputedThisRun / seconds;
            TimeSpan? eta = perSecond > 0 ? TimeSpan.FromSeconds((r.Total - r.Done) / perSecond) : null;
            return (perSecond, eta);
        }

        public double Seconds => Math.Max(_clock.Elapsed.TotalSeconds, 1e-3);
    }

    /// <summary>A line when the sweep is ready, then every interval whether or not a cell finished, and at the end.</summary>
    private sealed class PlainProgress(TimeSpan interval) : IProgress<ProgressReport>
    {
        private readonly Rate _rate = new();
        private readonly Stopwatch _sinceLine = new();
        private bool _finishedShown;

        public void Report(ProgressReport r)
        {
            if (!r.Ready || _finishedShown) return;
            if (_sinceLine.IsRunning && _sinceLine.Elapsed < interval && !r.Finished) return;
            _sinceLine.Restart();
            _finishedShown = r.Finished;
            var (perSecond, eta) = _rate.Of(r);
            var lines = new List<string> { ProgressLines.Summary(r, perSecond, eta) };
            lines.AddRange(ProgressLines.Running(r.Running, DateTimeOffset.UtcNow));
            Console.Out.WriteLine(string.Join(Environment.NewLine, lines));
        }
    }

    private sealed class LiveProgress(ProgressContext context) : IProgress<ProgressReport>
    {
        private readonly Rate _rate = new();
        private readonly Dictionary<string, ProgressTask> _workers = new();
        private ProgressTask? _main;

        public void Report(ProgressReport r)
        {
            if (!r.Ready) return;
            _main ??= context.AddTask(r.Name, maxValue: Math.Max(1, r.Total));
            _main.Value = r.Done;
            var (perSecond, _) = _rate.Of(r);
            _main.Description = $"[bold]{Markup.Escape(r.Name)}[/] {r.Done}/{r.Total} done, " +
                                $"{(r.Failed > 0 ? $"[red]{r.Failed} failed[/]" : "0 failed")}, {perSecond:F2} cells/s";
            var running = r.Running.GroupBy(c => c.Worker, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Last(), StringComparer.Ordinal);
            foreach (var worker in r.CellsByWorker.Keys.Union(running.Keys).Order(StringComparer.Ordinal))
            {
                int cells = r.CellsByWorker.GetValueOrDefault(worker);
                if (!_workers.TryGetValue(worker, out var task))
                    _workers[worker] = task = context.AddTask(ProgressLines.ShortWorker(worker), maxValue: Math.Max(1, r.Total));
                task.Value = cells;
                string now = running.TryGetValue(worker, out var cell) ? "; " + ProgressLines.Describe(cell, DateTimeOffset.UtcNow) : "";
                task.Description = $"  {Markup.Escape(ProgressLines.ShortWorker(worker))} {Plural.Of(cells, "cell")}, {cells / _rate.Seconds:F2}/s{Markup.Escape(now)}";
            }
        }

        public void Complete()
        {
            foreach (var task in _workers.Values) task.StopTask();
            _main?.StopTask();
        }
    }
}
