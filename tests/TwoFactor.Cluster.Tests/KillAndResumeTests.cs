using System.Text.RegularExpressions;

namespace TwoFactor.Cluster.Tests;

/// <summary>`twofactor run` killed with SIGKILL mid-sweep and run again: nothing lost, nothing computed twice.</summary>
public partial class KillAndResumeTests : IDisposable
{
    private readonly TempFolder _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public void A_killed_run_resumes_and_the_dataset_holds_every_cell_once()
    {
        const int cells = 200;
        // Cells of ~0.1 s so that the first run is still going when parts (committed every ~1 s) appear.
        var spec = TestSweeps.Write(_temp.Path, "kill", seeds: cells, maxEpochs: 400);
        var results = Path.Combine(_temp.Path, "results");
        string[] run = ["run", spec, "--results", results, "--workers", "2"];

        string sweepId;
        using (var first = Cli.Start(_temp.Path, run))
        {
            Cli.WaitUntil(() => SweepId().Match(first.Out).Success || first.HasExited, TimeSpan.FromSeconds(30), "the run to start");
            sweepId = SweepId().Match(first.Out).Groups[1].Value;
            var directory = Path.Combine(results, sweepId);
            // Mid-way: some parts committed, the sweep not finished.
            Cli.WaitUntil(() => first.HasExited || Directory.Exists(directory) && Directory.GetFiles(directory, "part-*.parquet").Length >= 2,
                TimeSpan.FromSeconds(60), "two committed parts");
            Assert.False(first.HasExited, $"the first run finished before it could be killed:\n{first.Out}\n{first.Err}");
            first.KillHard();
        }

        var status = Cli.Run(_temp.Path, TimeSpan.FromSeconds(30), "status", sweepId, "--results", results);
        Assert.Equal(0, status.Code);
        var done = Done().Match(status.Out);
        Assert.True(done.Success, status.Out + status.Err);
        int doneAfterKill = int.Parse(done.Groups[1].Value);
        Assert.Equal(cells, int.Parse(done.Groups[2].Value));
        Assert.InRange(doneAfterKill, 1, cells - 1);

        var second = Cli.Run(_temp.Path, TimeSpan.FromSeconds(120), run);
        Assert.True(second.Code == 0, second.Out + second.Err);
        var computed = Computed().Match(second.Out);
        Assert.True(computed.Success, second.Out);
        Assert.Equal(cells - doneAfterKill, int.Parse(computed.Groups[1].Value));

        var (rows, distinct, failed) = TestSweeps.Dataset(Path.Combine(results, sweepId));
        Assert.Equal(cells, rows);
        Assert.Equal(cells, distinct);
        Assert.Equal(0, failed);

        // A third run finds everything done and computes nothing.
        var third = Cli.Run(_temp.Path, TimeSpan.FromSeconds(60), run);
        Assert.Equal(0, third.Code);
        Assert.Contains("computed this run: 0", third.Out);
    }

    [GeneratedRegex(@"^sweep ([0-9a-f]+) ", RegexOptions.Multiline)]
    private static partial Regex SweepId();

    [GeneratedRegex(@"^done: (\d+)/(\d+)", RegexOptions.Multiline)]
    private static partial Regex Done();

    [GeneratedRegex(@"^computed this run: (\d+)", RegexOptions.Multiline)]
    private static partial Regex Computed();
}
