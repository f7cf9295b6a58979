using System.CommandLine;
using System.Diagnostics;
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
        var file = new Argument<string>("FILE") { Description = "Sweep file (YAML)" };
        var overrides = new Argument<string[]>("overrides") { Description = "Overrides key=value (e.g. N=100 seeds=3)", Arity = ArgumentArity.ZeroOrMore };
        var results = new Option<string>("--results") { Description = "Results root; the sweep writes results/<sweep_id>/", DefaultValueFactory = _ => "results" };
        var workers = new Option<int>("--workers") { Description = "Worker slots (0: one per core; one for the cuda engine)", DefaultValueFactory = _ => 0 };
        var engine = new Option<string>("--engine") { Description = $"Training engine: {string.Join(" | ", EngineFactory.Names)}", DefaultValueFactory = _ => "auto" };
        var threads = new Option<int>("--threads") { Description = "Threads per cell (0: 1 when several slots share the cores)", DefaultValueFactory = _ => 0 };
        var journal = new Option<string?>("--journal") { Description = "Journal: a PostgreSQL connection string instead of results/<sweep_id>/journal.db" };
        var retryFailed = new Option<bool>("--retry-failed") { Description = "Compute the sweep's failed cells again (their old rows are replaced); a plain rerun keeps them" };

        var command = new Command("run", "Run a sweep on this machine (resumes where a previous run of the same spec stopped)");
        command.Arguments.Add(file);
        command.Arguments.Add(overrides);
        foreach (var option in new Option[] { results, workers, engine, threads, journal, retryFailed }) command.Options.Add(option);

        command.SetAction(async (parseResult, ct) =>
        {
            var input = SweepInput.Load(parseResult.GetValue(file)!, parseResult.GetValue(overrides) ?? []);
            if (input.Plan is null) return CliErrors.Report(input.Errors);
            var engineName = parseResult.GetValue(engine)!;
            if (!EngineFactory.Names.Contains(engineName))
                return CliErrors.Report([$"--engine: unknown engine '{engineName}'; choose one of {string.Join(", ", EngineFactory.Names)}"]);
            int slots = parseResult.GetValue(workers) is > 0 and var w ? w : DefaultSlots(engineName);
            int cellThreads = parseResult.GetValue(threads) is > 0 and var t ? t : slots > 1 ? 1 : 0;

            var options = new EmbeddedOptions(parseResult.GetValue(results)!, slots, new SlotSettings(engineName, cellThreads))
            {
                Journal = parseResult.GetValue(journal),
                RetryFailed = parseResult.GetValue(retryFailed),
            };
            var plan = input.Plan;
            Console.Out.WriteLine($"sweep {plan.SweepId} ({plan.Name}): {plan.Cells.Count} cells, {slots} worker slot(s), results in {Path.Combine(options.ResultsRoot, plan.SweepId)}");
            using var stop = new GracefulStop(ct);
            try
            {
                var outcome = await ProgressDisplay.Run(p => EmbeddedSweep.RunAsync(plan, options, p, stop.Token));
                return ProgressDisplay.Summarize(outcome);
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
/// slots stop, finished rows are recorded, the journal is left consistent. System.CommandLine's own handler
/// (if enabled in Program.cs) ends the invocation after its ProcessTerminationTimeout; a drain cut short that
/// way is still safe, because orphan parts are removed on the next start.
/// </summary>
internal sealed class GracefulStop : IDisposable
{
    private readonly CancellationTokenSource _cts;
    private readonly List<System.Runtime.InteropServices.PosixSignalRegistration> _registrations = [];

    public GracefulStop(CancellationToken outer)
    {
        _cts = CancellationTokenSource.CreateLinkedTokenSource(outer);
        foreach (var signal in new[] { System.Runtime.InteropServices.PosixSignal.SIGINT, System.Runtime.InteropServices.PosixSignal.SIGTERM })
        {
            _registrations.Add(System.Runtime.InteropServices.PosixSignalRegistration.Create(signal, context =>
            {
                context.Cancel = true;
                if (!_cts.IsCancellationRequested) Console.Error.WriteLine("stopping: finishing or releasing running cells...");
                _cts.Cancel();
            }));
        }
    }

    public CancellationToken Token => _cts.Token;

    public void Dispose()
    {
        foreach (var registration in _registrations) registration.Dispose();
        _cts.Dispose();
    }
}

/// <summary>
/// Live progress of a sweep: a Spectre.Console progress display on a terminal (done/total, cells/s, ETA,
/// failures, one line per worker slot), plain lines every few seconds when the output is redirected.
/// </summary>
internal static class ProgressDisplay
{
    public static async Task<SweepOutcome> Run(Func<IProgress<ProgressReport>, Task<SweepOutcome>> run)
    {
        if (Console.IsOutputRedirected)
        {
            var plain = new PlainProgress();
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

    /// <summary>Prints the end-of-run summary and returns the exit code (0 finished, 130 stopped, 1 failed or any cell failed).</summary>
    public static int Summarize(SweepOutcome outcome)
    {
        var r = outcome.Final;
        if (r is not null)
        {
            Console.Out.WriteLine($"sweep {r.SweepId} ({r.Name}): {r.Done}/{r.Total} cells done ({r.Completed} completed, {r.Failed} failed) in {r.Parts} part(s)");
            Console.Out.WriteLine($"computed this run: {r.ComputedThisRun}");
            Console.Out.WriteLine($"results: {outcome.ResultsDirectory}");
        }
        if (outcome.Error is not null)
        {
            Console.Error.WriteLine($"error: {outcome.Error}");
            return 1;
        }
        if (outcome.Interrupted)
        {
            Console.Out.WriteLine("stopped; run the same command again to resume");
            return 130;
        }
        if (!outcome.Finished) return 1;
        if (r is { Failed: > 0 })
        {
            // Finished, but not every cell has a result: a script must not mistake this for success.
            Console.Error.WriteLine($"error: {r.Failed} cell(s) failed (reasons in {Path.Combine(outcome.ResultsDirectory, "summary.txt")}); " +
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

    private sealed class PlainProgress : IProgress<ProgressReport>
    {
        private readonly Rate _rate = new();
        private readonly Stopwatch _sinceLine = Stopwatch.StartNew();
        private int _lastDone = -1;

        public void Report(ProgressReport r)
        {
            if (!r.Ready) return;
            bool due = _sinceLine.Elapsed >= TimeSpan.FromSeconds(2) || r.Finished;
            if (!due || r.Done == _lastDone && !r.Finished) return;
            _sinceLine.Restart();
            _lastDone = r.Done;
            var (perSecond, eta) = _rate.Of(r);
            Console.Out.WriteLine(
                $"progress: {r.Done}/{r.Total} done, {r.Failed} failed, {perSecond:F2} cells/s, ETA {(eta is { } e ? e.ToString(@"hh\:mm\:ss") : "-")}, " +
                $"workers: {string.Join(" ", r.CellsByWorker.OrderBy(w => w.Key).Select(w => $"{ShortName(w.Key)}={w.Value}"))}");
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
            foreach (var (worker, cells) in r.CellsByWorker.OrderBy(w => w.Key))
            {
                if (!_workers.TryGetValue(worker, out var task))
                    _workers[worker] = task = context.AddTask(ShortName(worker), maxValue: Math.Max(1, r.Total));
                task.Value = cells;
                task.Description = $"  {Markup.Escape(ShortName(worker))} {cells} cells, {cells / _rate.Seconds:F2}/s";
            }
        }

        public void Complete()
        {
            foreach (var task in _workers.Values) task.StopTask();
            _main?.StopTask();
        }
    }

    private static string ShortName(string worker)
    {
        // "akka.tcp://twofactor@10.0.0.5:4053/slot-2" -> "10.0.0.5:4053/slot-2"
        int at = worker.LastIndexOf('@');
        return at >= 0 ? worker[(at + 1)..] : worker;
    }
}
