using System.CommandLine;
using TwoFactor.Cli.Output;
using TwoFactor.Cluster.Hosting;
using TwoFactor.Sweeps;

namespace TwoFactor.Cli.Commands;

/// <summary>
/// `twofactor repair FILE [overrides]`: rebuilds a lost or damaged journal of the sweep from its intact parts
/// (JournalRepair); the next `twofactor run` of the same file computes the cells no intact part holds.
/// </summary>
public static class RepairCommand
{
    public static Command Create()
    {
        // The same FILE, overrides and journal sources as `run`, so that both find the same sweep and journal.
        var file = CliOptions.SweepFile();
        var overrides = CliOptions.Overrides();
        var results = new Option<string>("--results") { Description = "Results root (as for run)", DefaultValueFactory = _ => "results" };
        var journal = new JournalOptions("PostgreSQL connection string instead of results/<sweep_id>/journal.db");
        var log = new LogOptions(withFile: true);
        var command = new Command("repair", "Rebuild a sweep's lost or damaged journal from its intact Parquet parts");
        command.Arguments.Add(file);
        command.Arguments.Add(overrides);
        command.Options.Add(results);
        journal.AddTo(command);
        log.AddTo(command);

        command.SetAction(async (parseResult, _) =>
        {
            var input = SweepFile.Plan(parseResult.GetValue(file)!, parseResult.GetValue(overrides) ?? []);
            if (!input.Ok) return CliErrors.Report(input.Errors);
            var plan = input.Sweep!.Plan;
            var (journalValue, journalError) = journal.Resolve(parseResult);
            var (logSettings, logError) = log.Bind(parseResult);
            if (journalError is not null || logError is not null) return CliErrors.Report(new[] { journalError, logError }.OfType<string>());
            try
            {
                var r = await JournalRepair.RunAsync(plan, parseResult.GetValue(results)!, journalValue, logSettings);
                if (r.MovedJournal is not null) Console.Out.WriteLine($"old journal kept as {r.MovedJournal}");
                foreach (var part in r.SetAside) Console.Out.WriteLine($"set aside {part}");
                Console.Out.WriteLine($"repaired sweep {plan.SweepId}: {r.Recorded} part(s) recorded, {r.Completed} completed and {r.Failed} failed " +
                                      $"of {r.Planned} cells; run the same `twofactor run` command to compute the other {r.Planned - r.Completed - r.Failed}");
                return 0;
            }
            catch (SweepStartException e)
            {
                return CliErrors.Report([e.Message]);
            }
        });
        return command;
    }
}
