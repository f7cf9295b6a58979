using System.CommandLine;
using TwoFactor.Cli.Output;
using TwoFactor.Cluster.Hosting;

namespace TwoFactor.Cli.Commands;

/// <summary>
/// `twofactor worker --seed-nodes host:port`: joins the cluster and runs worker slots that pull cells from the
/// coordinator singleton (the cells travel with the leases: a worker needs no sweep file and no results
/// folder). Exits when the sweep is finished, on Ctrl-C or SIGTERM (leaving gracefully; SIGTERM exits 0), or when
/// a slot refuses the coordinator (another protocol version, exit 2); when the coordinator goes away (killed and
/// started again) it rejoins by itself for --rejoin-timeout seconds (WorkerNode).
/// </summary>
public static class WorkerCommand
{
    /// <summary>Default log file of a worker (it has no results folder): in the current directory, shared by workers started there.</summary>
    public const string WorkerLogFile = "twofactor-worker.log";

    public static Command Create()
    {
        var node = new NodeOptions(defaultPort: 0);
        var slots = new Option<int>("--slots") { Description = "Worker slots on this node (0: one per core, one for cuda; env TWOFACTOR_SLOTS)", DefaultValueFactory = _ => NodeOptions.EnvInt("TWOFACTOR_SLOTS") ?? 0 }.NonNegative();
        var rejoin = new Option<int>("--rejoin-timeout")
        {
            Description = "Seconds to keep rejoining after the coordinator went away (restarted, moved); 0: exit 1 at once (env TWOFACTOR_REJOIN_TIMEOUT)",
            DefaultValueFactory = _ => NodeOptions.EnvInt("TWOFACTOR_REJOIN_TIMEOUT") ?? 120,
        }.NonNegative();
        var log = new LogOptions(withFile: true);
        var command = new Command("worker", "Join a sweep cluster and compute cells");
        foreach (var option in node.All().Append(slots).Append(rejoin)) command.Options.Add(option);
        log.AddTo(command);

        command.SetAction(async (parseResult, ct) =>
        {
            var (options, slot, errors) = node.Bind(parseResult);
            if (errors.Count == 0 && options!.SeedNodes.Count == 0) errors = ["--seed-nodes: a worker needs the coordinator's host:port (or TWOFACTOR_SEED_NODES)"];
            var (logSettings, logError) = log.Bind(parseResult);
            if (logError is not null) errors = [.. errors, logError];
            if (errors.Count > 0) return CliErrors.Report(errors);
            options = options! with { Log = logSettings!.WithDefaultFile(WorkerLogFile) };
            int count = parseResult.GetValue(slots) is > 0 and var s ? s : RunCommand.DefaultSlots(slot!.Engine);
            using var stop = new StopSignals(ct, StopExit.Announce);
            try
            {
                var exit = await WorkerNode.RunAsync(options!, count, slot!, TimeSpan.FromSeconds(parseResult.GetValue(rejoin)),
                    $"{Plural.Of(count, "slot")}, engine {slot!.Engine}", line => Console.Out.WriteLine(line), stop.Token);
                switch (exit)
                {
                    case WorkerExit.SweepFinished:
                        return 0;
                    case WorkerExit.Stopped:
                        // SIGTERM is the scheduler ending the job: leaving cleanly is success (exit 0); Ctrl-C is 130.
                        Console.Out.WriteLine($"worker stopped ({stop.Signal}); left the cluster");
                        return StopExit.Code(stop.Signal);
                    case WorkerExit.Refused refused:
                        return CliErrors.Report([refused.Reason]);
                    default:
                        Console.Error.WriteLine("error: this node lost the coordinator and did not find it again within --rejoin-timeout; start it again once the coordinator runs");
                        return 1;
                }
            }
            catch (SweepStartException e)
            {
                return CliErrors.Report([e.Message]);
            }
        });
        return command;
    }
}
