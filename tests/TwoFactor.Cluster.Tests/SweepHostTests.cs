using System.Runtime.InteropServices;
using TwoFactor.Cluster.Actors;
using TwoFactor.Cluster.Hosting;
using TwoFactor.Cluster.Messages;
using TwoFactor.Sweeps;

namespace TwoFactor.Cluster.Tests;

/// <summary>
/// The host `run` and `coordinator` share, driven in this process: a stop signal mid-sweep drains (every accepted
/// row committed and recorded, nothing running), and the next start resumes the rest, so the dataset holds every
/// cell exactly once. Both ways the host runs a sweep: in-process and as a cluster node with local slots.
/// </summary>
public sealed class SweepHostTests : IDisposable
{
    private const int Cells = 60;
    private readonly TempFolder _temp = new();

    public void Dispose() => _temp.Dispose();

    // Reference engine, 12000 epochs: about 0.3 s a cell, 10 s or more for the sweep on two slots, so the first
    // recorded cells (parts flush every second) show in a progress report well before the end even where the
    // node's singleton takes seconds to answer. At 4000 epochs a loaded CI machine once finished the node's whole
    // sweep before any report between the first and the last cell, and no stop was sent.
    private static PlannedSweep Sweep(string name)
    {
        var input = SweepFile.PlanText(TestSweeps.Yaml(name, Cells, maxEpochs: 12000), $"{name}.yaml", []);
        Assert.True(input.Ok, string.Join("\n", input.Errors));
        return input.Sweep!;
    }

    private SweepHostOptions Options(ClusterOptions? cluster) =>
        new(Path.Combine(_temp.Path, "results"), 2, new SlotSettings("reference", 1))
        {
            Cluster = cluster,
            Log = new Logging.LogSettings(Path.Combine(_temp.Path, "host.log")),
            Notice = _ => { },
        };

    [Fact]
    public Task A_run_stopped_by_SIGTERM_drains_and_the_rerun_completes_every_cell_once() => StopAndResume(Options(null), "host-local");

    [Fact]
    public Task A_coordinator_node_stopped_by_SIGTERM_drains_and_the_rerun_completes_every_cell_once() =>
        StopAndResume(Options(new ClusterOptions("127.0.0.1", 0, []) { JoinTimeout = TimeSpan.FromSeconds(30) }), "host-node");

    private async Task StopAndResume(SweepHostOptions options, string name)
    {
        var sweep = Sweep(name);
        var directory = Path.Combine(options.ResultsRoot, sweep.Plan.SweepId);

        SweepOutcome stopped;
        using (var stop = new StopSignals(CancellationToken.None))
        {
            // The signal handler's own path (Request), as SIGTERM from a scheduler would take it, once cells are recorded.
            var progress = new Callback(r =>
            {
                if (r.Done >= 1 && r.Done < r.Total) stop.Request(PosixSignal.SIGTERM);
            });
            stopped = await SweepHost.RunAsync(sweep, options, progress, stop.Token).WaitAsync(TimeSpan.FromMinutes(3));
            Assert.Equal(PosixSignal.SIGTERM, stop.Signal);
        }
        Assert.Null(stopped.Error);
        Assert.True(stopped.Interrupted, "the stop was not seen as an interruption");
        Assert.False(stopped.Finished);
        int doneAtStop = stopped.Final!.Done;
        Assert.InRange(doneAtStop, 1, Cells - 1);
        Assert.Empty(stopped.Final.Running);
        // Drained: what the journal counts as done is exactly what the parts hold, once each.
        var (rows, distinct, failed) = TestSweeps.Dataset(directory);
        Assert.Equal((doneAtStop, doneAtStop, 0L), (rows, distinct, failed));
        Assert.Equal(doneAtStop, SweepCli.DoneInJournal(options.ResultsRoot, sweep.Plan.SweepId));

        SweepOutcome resumed;
        await using (var running = await SweepHost.StartAsync(sweep, options))
        {
            Assert.Equal(directory, running.Started.ResultsDirectory);
            Assert.Equal(options.Cluster is null, running.Started.Node is null);
            resumed = await running.RunAsync(null, CancellationToken.None).WaitAsync(TimeSpan.FromMinutes(3));
        }
        Assert.Null(resumed.Error);
        Assert.True(resumed.Finished);
        Assert.Equal(Cells - doneAtStop, resumed.Final!.ComputedThisRun);
        TestSweeps.AssertExactlyOnce(directory, Cells);
    }

    [Fact]
    public async Task A_second_host_of_the_same_sweep_refuses_before_writing_anything()
    {
        var sweep = Sweep("host-owned");
        var options = Options(null);
        var directory = Path.Combine(options.ResultsRoot, sweep.Plan.SweepId);
        using var owner = SweepOwnership.Acquire(directory, sweep.Plan.SweepId, JournalTarget.For(null, options.ResultsRoot, sweep.Plan.SweepId));
        var refused = await Assert.ThrowsAsync<SweepStartException>(() => SweepHost.StartAsync(sweep, options));
        Assert.Contains(sweep.Plan.SweepId, refused.Message);
        Assert.False(File.Exists(JournalTarget.SqlitePathOf(options.ResultsRoot, sweep.Plan.SweepId)));
    }

    /// <summary>Progress reports handed to a callback on the reporting thread (Progress&lt;T&gt; would post them later).</summary>
    private sealed class Callback(Action<ProgressReport> report) : IProgress<ProgressReport>
    {
        public void Report(ProgressReport value) => report(value);
    }
}
