using System.Text.Json;
using System.Text.RegularExpressions;

namespace TwoFactor.Cluster.Tests;

/// <summary>
/// `twofactor run` as a batch job sees it (output redirected, no terminal): progress lines at a steady interval
/// although no cell finishes, with the running cell's epoch and density; `status` and `status --json` show the
/// running cell from another process; `sweeps --json` is machine-readable and piped tables are not wrapped.
/// </summary>
public sealed partial class BatchProgressTests : IDisposable
{
    private readonly TempFolder _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public void A_long_cell_shows_steady_progress_lines_and_status_shows_it_running()
    {
        // One cell that trains for several seconds (convergence is checked only at the cap, so it cannot stop early).
        const string name = "batch-progress-one-long-cell-with-a-name-wider-than-a-terminal";
        var spec = Path.Combine(_temp.Path, "long.yaml");
        File.WriteAllText(spec, $$"""
            name: {{name}}
            base: {N: 60, alpha: 0.2, max_epochs: 80000, convergence_interval: 80000, trajectory_interval: 500, tests: none}
            """);
        var results = Path.Combine(_temp.Path, "results");
        using var run = CliProcess.Start(_temp.Path, "run", spec, "--results", results, "--workers", "1", "--engine", "reference", "--progress-interval", "1");

        Poll.Until(() => run.HasExited || RunningLine().IsMatch(run.Out), TimeSpan.FromSeconds(60), "a running-cell line with an epoch");
        Assert.False(run.HasExited, $"the cell finished before it was seen running:\n{run.Out}\n{run.Err}");
        var sweepId = Regex.Match(run.Out, @"^sweep ([0-9a-f]{16}) ", RegexOptions.Multiline).Groups[1].Value;

        // running.json is rewritten every 2 s: the first read may come before the first report reached it.
        JsonElement json = default;
        bool seenRunning = false;
        for (int attempt = 0; attempt < 5 && !seenRunning && !run.HasExited; attempt++)
        {
            var status = CliProcess.Run(_temp.Path, TimeSpan.FromSeconds(30), "status", sweepId, "--results", results, "--json");
            Assert.True(status.ExitCode == 0, status.Out + status.Err);
            json = JsonDocument.Parse(status.Out).RootElement.Clone();
            Assert.Equal(sweepId, json.GetProperty("sweep_id").GetString());
            Assert.Equal(1, json.GetProperty("total").GetInt32());
            seenRunning = json.GetProperty("running").GetArrayLength() > 0;
        }
        if (seenRunning)
        {
            Assert.True(json.GetProperty("running_is_live").GetBoolean(), json.ToString());
            var cell = Assert.Single(json.GetProperty("running").EnumerateArray().ToList());
            Assert.Equal("train", cell.GetProperty("stage").GetString());
            Assert.InRange(cell.GetProperty("step").GetInt64(), 1, 80000);
            Assert.Equal(80000, cell.GetProperty("steps").GetInt64());
            Assert.Equal(JsonValueKind.Number, cell.GetProperty("density").ValueKind);
        }
        else Assert.True(run.HasExited, "status never showed the running cell while the run was going:\n" + json);

        Assert.True(run.WaitForExit(TimeSpan.FromMinutes(3)), "the run did not finish");
        Assert.True(run.ExitCode == 0, run.Out + run.Err);
        var lines = run.Out.Split('\n');
        // Steady lines although the one cell finished only at the end: a count-change rule would print one or two.
        Assert.True(lines.Count(l => l.StartsWith("progress: 0/1 done", StringComparison.Ordinal)) >= 3, run.Out);
        Assert.Matches(@"progress: 1/1 done, 0 failed, [0-9.]+ cells/s, ETA", run.Out);
        var epochs = RunningLine().Matches(run.Out).Select(m => long.Parse(m.Groups[1].Value)).ToList();
        Assert.True(epochs.Count >= 2 && epochs.Zip(epochs.Skip(1)).All(p => p.Item1 <= p.Item2) && epochs[^1] > epochs[0], run.Out);
        Assert.False(File.Exists(Path.Combine(results, sweepId, "running.json")), "running.json is removed when the run ends");

        var finished = JsonDocument.Parse(CliProcess.Run(_temp.Path, TimeSpan.FromSeconds(30), "status", sweepId, "--results", results, "--json").Out).RootElement;
        Assert.True(finished.GetProperty("finished").GetBoolean());
        Assert.Empty(finished.GetProperty("running").EnumerateArray());

        var sweeps = CliProcess.Run(_temp.Path, TimeSpan.FromSeconds(30), "sweeps", "--results", results, "--json");
        var listed = Assert.Single(JsonDocument.Parse(sweeps.Out).RootElement.EnumerateArray().ToList());
        Assert.Equal((sweepId, name, 1, true), (listed.GetProperty("sweep_id").GetString(), listed.GetProperty("name").GetString(),
            listed.GetProperty("completed").GetInt32(), listed.GetProperty("finished").GetBoolean()));

        // The table row holds id, name, counts and state on one line, wider than 80 columns.
        var table = CliProcess.Run(_temp.Path, TimeSpan.FromSeconds(30), "sweeps", "--results", results);
        var row = Assert.Single(table.Out.Split('\n'), l => l.Contains(sweepId, StringComparison.Ordinal));
        Assert.Contains(name, row);
        Assert.Contains("finished", row);
        Assert.True(row.Length > 80, row);
    }

    [GeneratedRegex(@"^  local/slot-1 cell [0-9a-f]{16}: epoch (\d+)/80000, density [0-9.]+, error [0-9.eE-]+, running", RegexOptions.Multiline)]
    private static partial Regex RunningLine();
}
