using System.CommandLine;
using TwoFactor.Cli.Output;
using TwoFactor.Cluster.Actors;
using TwoFactor.Cluster.Hosting;
using TwoFactor.Engines;
using TwoFactor.Sweeps;

namespace TwoFactor.Cli.Commands;

/// <summary>
/// `twofactor run FILE [key=value ...]`: the whole sweep in this process (coordinator, result sink, one worker
/// slot per core) with its journal in results/&lt;sweep_id&gt;/journal.db. Running it again resumes. Parsing and
/// display only: <see cref="SweepHost"/> runs the sweep.
/// </summary>
public static class RunCommand
{
    public static Command Create()
    {
        var file = CliOptions.SweepFile();
        var overrides = CliOptions.Overrides();
        var results = new Option<string>("--results") { Description = "Results root; the sweep writes results/<sweep_id>/", DefaultValueFactory = _ => "results" };
        var workers = new Option<int>("--workers") { Description = "Worker slots (0: one per core; one for the cuda engine)", DefaultValueFactory = _ => 0 }.NonNegative();
        var engine = CliOptions.Engine();
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
            var input = SweepFile.Plan(parseResult.GetValue(file)!, parseResult.GetValue(overrides) ?? []);
            if (!input.Ok) return CliErrors.Report(input.Errors);
            var (journalValue, journalError) = journal.Resolve(parseResult);
            var (logSettings, logError) = log.Bind(parseResult);
            if (journalError is not null || logError is not null) return CliErrors.Report(new[] { journalError, logError }.OfType<string>());
            var engineName = parseResult.GetValue(engine)!;
            int slots = parseResult.GetValue(workers) is > 0 and var w ? w : DefaultSlots(engineName);
            int cellThreads = parseResult.GetValue(threads) is > 0 and var t ? t : slots > 1 ? 1 : 0;
            SweepHostOptions options;
            try
            {
                options = new SweepHostOptions(parseResult.GetValue(results)!, slots, new SlotSettings(engineName, cellThreads))
                {
                    Journal = journalValue,
                    Log = logSettings!,
                    RetryFailed = parseResult.GetValue(retryFailed),
                };
            }
            catch (ArgumentException e)
            {
                return CliErrors.Report([e.Message]);
            }
            var plan = input.Sweep!.Plan;
            using var stop = new StopSignals(ct, StopExit.Announce);
            try
            {
                await using var sweep = await SweepHost.StartAsync(input.Sweep, options);
                Console.Out.WriteLine($"sweep {plan.SweepId} ({plan.Name}): {Plural.Of(plan.Cells.Count, "cell")}, {Plural.Of(slots, "worker slot")}, results in {sweep.Started.ResultsDirectory}");
                var outcome = await ProgressDisplay.Run(p => sweep.RunAsync(p, stop.Token), parseResult.GetValue(progressInterval));
                return ProgressDisplay.Summarize(outcome, stop.Signal);
            }
            catch (Exception e) when (e is SweepStartException or ArgumentException)
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
