using System.CommandLine;
using TwoFactor.Cli.Output;
using TwoFactor.Cluster.Hosting;

namespace TwoFactor.Cli.Commands;

/// <summary>
/// `twofactor worker --seed-nodes host:port`: joins the cluster and runs worker slots that pull cells from the
/// coordinator singleton (the cells travel with the leases: a worker needs no sweep file and no results
/// folder). Exits when the sweep is finished, on Ctrl-C or SIGTERM (leaving gracefully; SIGTERM exits 0), or when
/// its node was downed.
/// </summary>
public static class WorkerCommand
{
    /// <summary>Default log file of a worker (it has no results folder): in the current directory, shared by workers started there.</summary>
    public const string WorkerLogFile = "twofactor-worker.log";

    public static Command Create()
    {
        var node = new NodeOptions(defaultPort: 0);
        var slots = new Option<int>("--slots") { Description = "Worker slots on this node (0: one per core, one for cuda; env TWOFACTOR_SLOTS)", DefaultValueFactory = _ => NodeOptions.EnvInt("TWOFACTOR_SLOTS") ?? 0 }.NonNegative();
        var log = new LogOptions(withFile: true);
        var command = new Command("worker", "Join a sweep cluster and compute cells");
        foreach (var option in node.All().Append(slots)) command.Options.Add(option);
        log.AddTo(command);

        command.SetAction(async (parseResult, ct) =>
        {
            var (options, slot, errors) = node.Bind(parseResult);
            if (errors.Count == 0 && options!.SeedNodes.Count == 0) errors = ["--seed-nodes: a worker needs the coordinator's host:port (or TWOFACTOR_SEED_NODES)"];
            var (logSettings, logError) = log.Bind(parseResult);
            if (logError is not null) errors = [.. errors, logError];
            if (errors.Count > 0) return CliErrors.Report(errors);
            options = options! with { Log = logSettings.WithDefaultFile(WorkerLogFile) };
            int count = parseResult.GetValue(slots) is > 0 and var s ? s : RunCommand.DefaultSlots(slot!.Engine);
            using var stop = new GracefulStop(ct);
            try
            {
                var system = await ClusterNode.StartAsync(options!, [ClusterNode.WorkerRole], journal: null);
                try
                {
                    var finished = ClusterNode.SweepFinished(system);
                    var refused = ClusterNode.SlotRefused(system);
                    var proxy = ClusterNode.CoordinatorProxy(system);
                    var slotRefs = ClusterNode.StartSlots(system, proxy, count, slot!);
                    Console.Out.WriteLine($"worker {Akka.Cluster.Cluster.Get(system).SelfAddress}: {Plural.Of(count, "slot")}, engine {slot!.Engine}");
                    var stopped = new TaskCompletionSource();
                    using var registration = stop.Token.Register(() => stopped.TrySetResult());
                    var first = await Task.WhenAny(finished, system.WhenTerminated, stopped.Task, refused);
                    if (first == refused) return CliErrors.Report([await refused]);
                    if (first == finished)
                    {
                        Console.Out.WriteLine($"sweep {await finished} finished");
                        return 0;
                    }
                    if (first == system.WhenTerminated)
                    {
                        Console.Error.WriteLine("error: this node was removed from the cluster (unreachable for too long); start it again to rejoin");
                        return 1;
                    }
                    Console.Out.WriteLine("stopping: finished cells are reported, running ones released to other workers");
                    foreach (var slotRef in slotRefs) Akka.Actor.ActorRefImplicitSenderExtensions.Tell(slotRef, TwoFactor.Cluster.Actors.StopSlot.Instance);
                    await Task.Delay(TimeSpan.FromSeconds(2));
                    // SIGTERM is the scheduler ending the job: leaving cleanly is success (exit 0); Ctrl-C is 130.
                    Console.Out.WriteLine($"worker stopped ({stop.Signal}); leaving the cluster");
                    return GracefulStop.StoppedExitCode(stop.Signal);
                }
                finally
                {
                    await ClusterNode.LeaveAsync(system);
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
