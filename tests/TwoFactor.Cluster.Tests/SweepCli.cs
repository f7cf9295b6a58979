using System.Text.RegularExpressions;
using TwoFactor.Cluster.Hosting;
using TwoFactor.Cluster.Progress;

namespace TwoFactor.Cluster.Tests;

/// <summary>What the fault tests read from the CLI's output, and the dataset check every one of them ends with.</summary>
public static partial class SweepCli
{
    /// <summary>The sweep id from the first line of `run` or `coordinator` ("sweep ID (name): ..." / "... for sweep ID").</summary>
    public static string? SweepIdIn(string output)
    {
        var m = SweepIdLine().Match(output);
        return m.Success ? m.Groups[1].Value : null;
    }

    public static int ComputedIn(string output)
    {
        var m = ComputedLine().Match(output);
        Assert.True(m.Success, $"no 'computed this run' line in:\n{output}");
        return int.Parse(m.Groups[1].Value);
    }

    /// <summary>
    /// The sweep's SQLite journal read in this process (what `twofactor status` shows), or null while it cannot be
    /// read. In-process: a `status` process per poll would take the CPU from the workers under test.
    /// </summary>
    public static JournalSummary? Journal(string results, string sweepId)
    {
        var path = JournalTarget.SqlitePathOf(results, sweepId);
        if (!File.Exists(path)) return null;
        try
        {
            return SweepStatusReader.ReadAsync(new JournalTarget.Sqlite(path), sweepId).GetAwaiter().GetResult();
        }
        catch (SweepStartException)
        {
            return null;
        }
    }

    /// <summary>Cells the journal counts as done (-1 while it cannot tell).</summary>
    public static int DoneInJournal(string results, string sweepId) => Journal(results, sweepId)?.Done ?? -1;

    /// <summary>Like Cli.WaitUntil, polling twice a second: each poll reads a journal.</summary>
    public static void WaitFor(Func<bool> condition, TimeSpan timeout, string what)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        while (!condition())
        {
            if (clock.Elapsed > timeout) Assert.Fail($"timed out after {timeout} waiting for {what}");
            Thread.Sleep(500);
        }
    }

    /// <summary>Exactly once, read back by DuckDB: rows = distinct cell ids = planned cells, every part readable.</summary>
    public static void AssertExactlyOnce(string sweepDirectory, int cells, int failed = 0)
    {
        var (rows, distinct, failedRows) = TestSweeps.Dataset(sweepDirectory);
        Assert.Equal(cells, rows);
        Assert.Equal(cells, distinct);
        Assert.Equal(failed, failedRows);
    }

    /// <summary>`twofactor coordinator ...` started and up (its "coordinator akka.tcp://..." line printed).</summary>
    public static Cli StartCoordinator(string workingDirectory, params string[] args)
    {
        var coordinator = Cli.Start(workingDirectory, args);
        Cli.WaitUntil(() => coordinator.Out.Contains("coordinator akka.tcp://") || coordinator.HasExited, TimeSpan.FromSeconds(30), "the coordinator node");
        Assert.False(coordinator.HasExited, coordinator.Out + coordinator.Err);
        return coordinator;
    }

    public static int PartCount(string sweepDirectory) =>
        Directory.Exists(sweepDirectory) ? Directory.GetFiles(sweepDirectory, "part-*.parquet").Length : 0;

    [GeneratedRegex(@"sweep ([0-9a-f]{8,})\b")]
    private static partial Regex SweepIdLine();

    [GeneratedRegex(@"^computed this run: (\d+)", RegexOptions.Multiline)]
    private static partial Regex ComputedLine();

}
