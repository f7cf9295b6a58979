using System.CommandLine;
using System.Diagnostics;
using System.Runtime.InteropServices;
using Spectre.Console;
using TwoFactor.Cli.Output;
using TwoFactor.Cluster.Actors;
using TwoFactor.Cluster.Hosting;
using TwoFactor.Cluster.Messages;
using TwoFactor.Engines;

namespace TwoFactor.Cli.Commands;

/// <summary>
/// `twofactor run FILE [key=value ...]`: the whole sweep in this process (coordinator, result sink, one worker
/// slot per core) with its journal in results/&lt;sweep_id&gt;/journal.db. Running it again resumes.
/// </summary>
public static class RunCommand
{
    public static Command Create()
    {
        var file = CliOptions.SweepFile();
        var overrides = CliOptions.Overrides();
        var results = new Option<string>("--results") { Description = "Results root; the sweep writes results/<sweep_id>/", DefaultValueFactory = _ => "results" };
        var workers = new Option<int>("--workers") { Description = "Worker slots (0: one per core; one for the cuda engine)", DefaultValueFactory = _ => 0 }.NonNegative();
        var engine = new Option<string>("--engine") { Description = $"Training engine: {string.Join(" | ", EngineFactory.Names)}", DefaultValueFactory = _ => "auto" };
        var threads = new Option<int>("--threads") { Description = "Threads per cell (0: 1 when several slots share the cores)", DefaultValueFactory = _ => 0 }.NonNegative();
        var progressInterval = ProgressDisplay.IntervalOption();
        var journal = new JournalOptions("Journal: a PostgreSQL connection string instead of results/<sweep_id>/journal.db");
        var log = new LogOptions(withFile: true);
        var retryFailed = new Option<bool>("--retry-failed") { Description = "Compute the sweep's failed cells again (their old rows are replaced); a plain rerun keeps them" };

        var command = new Command("run", "Run a sweep on this machine (resumes where a previous run of the same spec stopped)");
        command.Arguments.Add(file);
        command.Arguments.Add(overrides);
        foreach (var option in new Option[] { results, workers, engine, threads, progressInterval, retryFailed }) command.Options.Add(option);
        journal.AddTo(command);
        log.AddTo(command);

        command.SetAction(async (parseResult, ct) =>
        {
            var input = SweepInput.Load(parseResult.GetValue(file)!, parseResult.GetValue(overrides) ?? []);
            if (input.Plan is null) return CliErrors.Report(input.Errors);
            var (journalValue, journalError) = journal.Resolve(parseResult);
            var (logSettings, logError) = log.Bind(parseResult);
            if (journalError is not null || logError is not null) return CliErrors.Report(new[] { journalError, logError }.OfType<string>());
            var engineName = parseResult.GetValue(engine)!;
            if (!EngineFactory.Names.Contains(engineName))
                return CliErrors.Report([$"--engine: unknown engine '{engineName}'; choose one of {string.Join(", ", EngineFactory.Names)}"]);
            int slots = parseResult.GetValue(workers) is > 0 and var w ? w : DefaultSlots(engineName);
            int cellThreads = parseResult.GetValue(threads) is > 0 and var t ? t : slots > 1 ? 1 : 0;

            var options = new EmbeddedOptions(parseResult.GetValue(results)!, slots, new SlotSettings(engineName, cellThreads))
            {
                Journal = journalValue,
                Log = logSettings,
                RetryFailed = parseResult.GetValue(retryFailed),
            };
            var plan = input.Plan;
            Console.Out.WriteLine($"sweep {plan.SweepId} ({plan.Name}): {Plural.Of(plan.Cells.Count, "cell")}, {Plural.Of(slots, "worker slot")}, results in {Path.Combine(options.ResultsRoot, plan.SweepId)}");
            using var stop = new GracefulStop(ct);
            try
            {
                var outcome = await ProgressDisplay.Run(p => EmbeddedSweep.RunAsync(plan, options, p, stop.Token), parseResult.GetValue(progressInterval));
                return ProgressDisplay.Summarize(outcome, stop.Signal);
            }
            catch (SweepStartException e)
            {
                return CliErrors.Report([e.Message]);
            }
        });
        return command;
    }

    /// <summary>
    /// One slot per core for the CPU engines; one slot for the GPU engine (cells share the device badly, and
    /// the engine cannot tell us how many devices there are: use --workers/--slots for several GPUs).
    /// </summary>
    internal static int DefaultSlots(string engine) =>
        engine == "cuda" || engine == "auto" && EngineFactory.CudaDeviceAvailable ? 1 : Environment.ProcessorCount;
}

/// <summary>
/// SIGINT (Ctrl-C) and SIGTERM cancel the returned token instead of killing the process, so a run can drain:
/// slots stop, finished rows are recorded, the journal is left consistent. <see cref="Signal"/> remembers which
/// one came first, because they end differently: SIGTERM is how a scheduler stops a job (SLURM's time limit,
/// --signal, preemption, scancel; Kubernetes' pod termination), so a drained SIGTERM stop is a success (exit 0)
/// that a resubmission resumes; Ctrl-C is the user interrupting (exit 130). System.CommandLine's own handler
/// (if enabled in Program.cs) ends the invocation after its ProcessTerminationTimeout; a drain cut short that
/// way is still safe, because orphan parts are removed on the next start.
/// </summary>
internal sealed class GracefulStop : IDisposable
{
    private readonly CancellationTokenSource _cts;
    private readonly List<PosixSignalRegistration> _registrations = [];
    private readonly object _gate = new();

    public GracefulStop(CancellationToken outer)
    {
        _cts = CancellationTokenSource.CreateLinkedTokenSource(outer);
        foreach (var signal in new[] { PosixSignal.SIGINT, PosixSignal.SIGTERM })
        {
            _registrations.Add(PosixSignalRegistration.Create(signal, context =>
            {
                context.Cancel = true;
                lock (_gate)
                {
                    if (Signal is not null) return;
                    Signal = context.Signal;
                }
                Console.Error.WriteLine($"stopping ({context.Signal}): finishing or releasing running cells...");
                _cts.Cancel();
            }));
        }
    }

    public CancellationToken Token => _cts.Token;

    /// <summary>The first stop signal received (null: none).</summary>
    public PosixSignal? Signal { get; private set; }

    /// <summary>
    /// Exit code of a run stopped by <paramref name="signal"/> after draining: 0 for SIGTERM (the scheduler
    /// stopped the job; nothing is lost, a resubmission resumes), 130 for SIGINT (and a stop from elsewhere).
    /// </summary>
    public static int StoppedExitCode(PosixSignal? signal) => signal == PosixSignal.SIGTERM ? 0 : 130;

    /// <summary>The line that says what a drained stop means for the user.</summary>
    public static string StoppedMessage(PosixSignal? signal, string again) => signal == PosixSignal.SIGTERM
        ? $"stopped by SIGTERM (time limit, preemption, scancel or pod termination): every finished cell is committed; {again} to resume"
        : $"stopped; {again} to resume";

    public void Dispose()
    {
        foreach (var registration in _registrations) registration.Dispose();
        _cts.Dispose();
    }
}

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
            Console.Out.WriteLine(GracefulStop.StoppedMessage(stopSignal, "run the same command again (or resubmit the job)"));
            return GracefulStop.StoppedExitCode(stopSignal);
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
