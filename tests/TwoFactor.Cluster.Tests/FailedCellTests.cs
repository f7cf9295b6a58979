namespace TwoFactor.Cluster.Tests;

/// <summary>
/// Cells that fail: the run exits 1 (documented), a plain rerun keeps them, `run --retry-failed` computes only
/// them again and replaces their rows exactly once; a deterministic error is not retried. The failure is real:
/// synaptic-noise cells whose data file is missing (the model throws FileNotFoundException); the fix is real too:
/// the file is provided before the retry.
/// </summary>
public class FailedCellTests : IDisposable
{
    private readonly TempFolder _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public void Failed_cells_exit_1_and_retry_failed_recomputes_only_them()
    {
        var data = File.ReadLines(TwoFactor.Sweeps.DataFiles.Locate("data/kaufman_2012.csv")).Take(40)
            .Select(l => string.Join(',', l.Split(',').Take(30))).ToList();
        File.WriteAllLines(Path.Combine(_temp.Path, "present.csv"), data);
        var spec = Path.Combine(_temp.Path, "failing.yaml");
        File.WriteAllText(spec, """
            name: failing-cells
            protocol: synaptic-noise
            base: {synapses: 40, duration: 20, bootstrap: 5, window: 30}
            axes:
              data_file: [present.csv, absent.csv]
              seeds: 3
            """);
        var results = Path.Combine(_temp.Path, "results");
        string[] run = ["run", spec, "--results", results, "--workers", "1", "--engine", "reference"];

        var first = CliProcess.Run(_temp.Path, TimeSpan.FromSeconds(120), run);
        Assert.True(first.ExitCode == 1, $"exit {first.ExitCode}\n{first.Out}\n{first.Err}");
        Assert.Contains("3 cells failed", first.Err);
        Assert.Contains("--retry-failed", first.Err);
        var directory = Path.Combine(results, SweepCli.SweepIdIn(first.Out)!);
        // Deterministic: each failing cell ran once (one warning each), not three times. Akka's log goes to
        // results/<sweep_id>/twofactor.log, not to the console.
        Assert.Equal(3, CountOf(File.ReadAllText(Path.Combine(directory, "twofactor.log")), "not retried"));
        TestSweeps.AssertExactlyOnce(directory, cells: 6, failed: 3);

        // A plain rerun keeps the failures (and still says so with exit 1); nothing is computed.
        var again = CliProcess.Run(_temp.Path, TimeSpan.FromSeconds(60), run);
        Assert.Equal(1, again.ExitCode);
        Assert.Equal(0, SweepCli.ComputedIn(again.Out));

        File.WriteAllLines(Path.Combine(_temp.Path, "absent.csv"), data);
        var retry = CliProcess.Run(_temp.Path, TimeSpan.FromSeconds(120), [.. run, "--retry-failed"]);
        Assert.True(retry.ExitCode == 0, retry.Out + retry.Err);
        Assert.Equal(3, SweepCli.ComputedIn(retry.Out));
        TestSweeps.AssertExactlyOnce(directory, cells: 6, failed: 0);

        var done = CliProcess.Run(_temp.Path, TimeSpan.FromSeconds(60), [.. run, "--retry-failed"]);
        Assert.Equal(0, done.ExitCode);
        Assert.Equal(0, SweepCli.ComputedIn(done.Out));
        TestSweeps.AssertExactlyOnce(directory, cells: 6, failed: 0);
    }

    private static int CountOf(string text, string what)
    {
        int count = 0;
        for (int at = text.IndexOf(what, StringComparison.Ordinal); at >= 0; at = text.IndexOf(what, at + 1, StringComparison.Ordinal)) count++;
        return count;
    }
}
