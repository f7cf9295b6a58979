using System.Text.RegularExpressions;

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

    /// <summary>Cells the journal counts as done, read with `twofactor status` (-1 while it cannot tell).</summary>
    public static int DoneInJournal(string workingDirectory, string results, string sweepId)
    {
        var status = Cli.Run(workingDirectory, TimeSpan.FromSeconds(30), "status", sweepId, "--results", results);
        var m = DoneLine().Match(status.Out);
        return status.Code == 0 && m.Success ? int.Parse(m.Groups[1].Value) : -1;
    }

    /// <summary>Exactly once, read back by DuckDB: rows = distinct cell ids = planned cells, every part readable.</summary>
    public static void AssertExactlyOnce(string sweepDirectory, int cells, int failed = 0)
    {
        var (rows, distinct, failedRows) = TestSweeps.Dataset(sweepDirectory);
        Assert.Equal(cells, rows);
        Assert.Equal(cells, distinct);
        Assert.Equal(failed, failedRows);
    }

    public static int PartCount(string sweepDirectory) =>
        Directory.Exists(sweepDirectory) ? Directory.GetFiles(sweepDirectory, "part-*.parquet").Length : 0;

    [GeneratedRegex(@"sweep ([0-9a-f]{8,})\b")]
    private static partial Regex SweepIdLine();

    [GeneratedRegex(@"^computed this run: (\d+)", RegexOptions.Multiline)]
    private static partial Regex ComputedLine();

    [GeneratedRegex(@"^done: (\d+)/(\d+)", RegexOptions.Multiline)]
    private static partial Regex DoneLine();
}
