using System.CommandLine;
using TwoFactor.Cli.Output;
using TwoFactor.Cluster.Actors;
using TwoFactor.Cluster.Hosting;
using TwoFactor.Sweeps;

namespace TwoFactor.Cli.Commands;

/// <summary>
/// `twofactor coordinator FILE`: the cluster node that owns a sweep. It runs the coordinator singleton (journal
/// on PostgreSQL via --journal, or SQLite under --results) and the result sink that writes the Parquet parts,
/// optionally with local worker slots; it exits when the sweep is finished. Parsing and display only:
/// <see cref="SweepHost"/> runs the node.
/// </summary>
public static class CoordinatorCommand
{
    public static Command Create()
    {
        var file = CliOptions.SweepFile();
        var overrides = CliOptions.Overrides();
        var nodeOptions = new NodeOptions(defaultPort: 4053);
        var results = new Option<string>("--results") { Description = "Results root (env TWOFACTOR_RESULTS)", DefaultValueFactory = _ => NodeOptions.Env("TWOFACTOR_RESULTS") ?? "results" };
        var journal = new JournalOptions("PostgreSQL connection string; default: SQLite under --results");
        var log = new LogOptions(withFile: true);
        var workers = new Option<int>("--workers") { Description = "Worker slots on this node too (env TWOFACTOR_WORKERS)", DefaultValueFactory = _ => NodeOptions.EnvInt("TWOFACTOR_WORKERS") ?? 0 }.NonNegative();
        var progressInterval = ProgressDisplay.IntervalOption();

        var command = new Command("coordinator", "Run a sweep's coordinator and result sink as a cluster node; workers join it");
        command.Arguments.Add(file);
        command.Arguments.Add(overrides);
        foreach (var option in nodeOptions.All().Concat([results, workers, progressInterval])) command.Options.Add(option);
        journal.AddTo(command);
        log.AddTo(command);

        command.SetAction(async (parseResult, ct) =>
        {
            var input = SweepFile.Plan(parseResult.GetValue(file)!, parseResult.GetValue(overrides) ?? []);
            if (!input.Ok) return CliErrors.Report(input.Errors);
            var (node, slot, errors) = nodeOptions.Bind(parseResult);
            var (journalValue, journalError) = journal.Resolve(parseResult);
            var (logSettings, logError) = log.Bind(parseResult);
            errors = [.. errors, .. new[] { journalError, logError }.OfType<string>()];
            if (errors.Count > 0) return CliErrors.Report(errors);
            SweepHostOptions options;
            try
            {
                options = new SweepHostOptions(parseResult.GetValue(results)!, parseResult.GetValue(workers), slot!)
                {
                    Journal = journalValue,
                    Log = logSettings!,
                    Cluster = node,
                };
            }
            catch (ArgumentException e)
            {
                return CliErrors.Report([e.Message]);
            }
            var planned = input.Sweep!;
            using var stop = new StopSignals(ct, StopExit.Announce);
            try
            {
                await using var sweep = await SweepHost.StartAsync(planned, options);
                var (plan, started) = (planned.Plan, sweep.Started);
                Console.Out.WriteLine($"coordinator {started.Node} for sweep {plan.SweepId} ({plan.Name}): " +
                                      $"{Plural.Of(plan.Cells.Count, "cell")} in {Plural.Of(planned.Units.Count, "work unit")}, " +
                                      $"journal {started.Journal}, results in {started.ResultsDirectory}");
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
}

