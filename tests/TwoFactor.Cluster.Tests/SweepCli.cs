using System.Text.RegularExpressions;
using TwoFactor.Cluster.Hosting;
using TwoFactor.Cluster.Progress;

namespace TwoFactor.Cluster.Tests;

/// <summary>What the fault tests read from the CLI's output and from a sweep's journal.</summary>
public static partial class SweepCli
{
    /// <summary>The sweep id from the first line of `run` or `coordinator` ("sweep ID (name): ..." / "... for sweep ID").</summary>
    public static string? SweepIdIn(string output)
    {
        var m = SweepIdLine().Match(output);
        return m.Success ? m.Groups[1].Value : null;
    }

    /// <summary>Waits until a started `run` or `coordinator` printed its sweep id and returns it (fails the test if it exited first).</summary>
    public static string AwaitSweepId(CliProcess process, string what = "the run to start")
    {
        Poll.Until(() => SweepIdIn(process.Out) is not null || process.HasExited, TimeSpan.FromSeconds(30), what);
        return SweepIdIn(process.Out) ?? throw new Xunit.Sdk.XunitException($"no sweep id before the exit ({what}):\n{process.Out}\n{process.Err}");
    }

    /// <summary>Done and planned cells from `twofactor status` output ("done: 3/8"), or null without that line.</summary>
    public static (int Done, int Planned)? DoneInStatus(string statusOutput)
    {
        var m = DoneLine().Match(statusOutput);
        return m.Success ? (int.Parse(m.Groups[1].Value), int.Parse(m.Groups[2].Value)) : null;
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

    /// <summary>How often a wait polls a journal: each poll reads it, and takes the CPU from the workers under test.</summary>
    public static readonly TimeSpan JournalPoll = TimeSpan.FromMilliseconds(500);

    /// <summary>Cells the journal counts as done (-1 while it cannot tell).</summary>
    public static int DoneInJournal(string results, string sweepId) => Journal(results, sweepId)?.Done ?? -1;

    /// <summary>`twofactor coordinator ...` started and up (its "coordinator akka.tcp://..." line printed).</summary>
    public static CliProcess StartCoordinator(string workingDirectory, params string[] args)
    {
        var coordinator = CliProcess.Start(workingDirectory, args);
        Poll.Until(() => coordinator.Out.Contains("coordinator akka.tcp://") || coordinator.HasExited, TimeSpan.FromSeconds(30), "the coordinator node");
        Assert.False(coordinator.HasExited, coordinator.Out + coordinator.Err);
        return coordinator;
    }

    public static int PartCount(string sweepDirectory) =>
        Directory.Exists(sweepDirectory) ? Directory.GetFiles(sweepDirectory, "part-*.parquet").Length : 0;

    [GeneratedRegex(@"sweep ([0-9a-f]{8,})\b")]
    private static partial Regex SweepIdLine();

    [GeneratedRegex(@"^done: (\d+)/(\d+)", RegexOptions.Multiline)]
    private static partial Regex DoneLine();

    [GeneratedRegex(@"^computed this run: (\d+)", RegexOptions.Multiline)]
    private static partial Regex ComputedLine();

}
