using TwoFactor.Cluster.Hosting;

namespace TwoFactor.Cluster.Tests;

/// <summary>
/// The journal's PostgreSQL server restarted mid-sweep (`pg_ctl restart -m immediate`) and down for longer
/// than the outage limit. Uses a private server (its own port and folder, started by .ci/postgres.sh) so
/// that CI's shared server is never restarted under the other tests.
/// </summary>
public class PostgresRestartTests(PrivatePostgres server) : IClassFixture<PrivatePostgres>, IDisposable
{
    private readonly TempFolder _temp = new();
    private readonly PrivatePostgres _server = server;

    public void Dispose() => _temp.Dispose();

    [PostgresFact]
    public void A_run_rides_through_a_database_restart_and_the_dataset_holds_every_cell_once()
    {
        const int cells = 50;
        // Cells of N = 60 and 10,000 epochs (about 0.3 s each): the sweep must outlast the database fault even on an
        // idle machine (with N = 20 and 2,000 epochs every cell was recorded before the fault once).
        var spec = TestSweeps.Write(_temp.Path, "pg-restart", seeds: cells, maxEpochs: 10000, n: 60);
        var results = Path.Combine(_temp.Path, "results");
        using var run = CliProcess.Start(_temp.Path, "run", spec, "--results", results, "--workers", "2", "--engine", "reference", "--journal", _server.ConnectionString);
        var sweepId = SweepCli.AwaitSweepId(run, "the run to start");
        Poll.Until(() => run.HasExited || Done(sweepId) >= 1, TimeSpan.FromSeconds(60), "a recorded part", SweepCli.JournalPoll);
        Assert.False(run.HasExited, "the run finished before the database could be restarted:\n" + run.Out + run.Err);
        Assert.True(Done(sweepId) < cells, "every cell was recorded before the restart: the sweep is too short");

        _server.Control("restart");

        Assert.True(run.WaitForExit(TimeSpan.FromSeconds(120)), "the run did not finish after the restart:\n" + run.Out + run.Err);
        Assert.True(run.ExitCode == 0, run.Out + run.Err);
        TestSweeps.AssertExactlyOnce(Path.Combine(results, sweepId), cells);
        Assert.Equal(cells, Done(sweepId));
    }

    [PostgresFact]
    public void A_database_away_past_the_limit_stops_the_run_in_one_line_and_the_rerun_resumes()
    {
        const int cells = 40;
        var spec = TestSweeps.Write(_temp.Path, "pg-away", seeds: cells, maxEpochs: 10000, n: 60);
        var results = Path.Combine(_temp.Path, "results");
        string[] command = ["run", spec, "--results", results, "--workers", "2", "--engine", "reference", "--journal", _server.ConnectionString];
        var env = new Dictionary<string, string> { ["TWOFACTOR_JOURNAL_OUTAGE"] = "4" };
        string sweepId;
        using (var run = CliProcess.Start(_temp.Path, env, command))
        {
            sweepId = SweepCli.AwaitSweepId(run, "the run to start");
            Poll.Until(() => run.HasExited || Done(sweepId) >= 1, TimeSpan.FromSeconds(60), "a recorded part", SweepCli.JournalPoll);
            Assert.False(run.HasExited, run.Out + run.Err);
            Assert.True(Done(sweepId) < cells, "every cell was recorded before the database went away: the sweep is too short");
            _server.Control("down");
            Assert.True(run.WaitForExit(TimeSpan.FromSeconds(90)), "the run did not give up on the database:\n" + run.Out + run.Err);
            Assert.True(run.ExitCode == 1, $"exit {run.ExitCode}\n{run.Out}\n{run.Err}");
            var error = Assert.Single(run.Err.Split('\n', StringSplitOptions.RemoveEmptyEntries), l => l.StartsWith("error:"));
            Assert.Contains("unreachable for", error);
            Assert.Contains("run the same command again", error);
        }
        _server.Control("up");
        using var rerun = CliProcess.Start(_temp.Path, env, command);
        Assert.True(rerun.WaitForExit(TimeSpan.FromSeconds(120)), rerun.Out + rerun.Err);
        Assert.True(rerun.ExitCode == 0, rerun.Out + rerun.Err);
        TestSweeps.AssertExactlyOnce(Path.Combine(results, sweepId), cells);
    }

    private int Done(string sweepId)
    {
        try
        {
            return SweepStatusReader.ReadAsync(new JournalTarget.Postgres(_server.ConnectionString), sweepId).GetAwaiter().GetResult().Done;
        }
        catch (SweepStartException)
        {
            return -1;
        }
    }
}

/// <summary>A throw-away PostgreSQL server of the tests' own (.ci/postgres.sh with a private port and folder), shared by a test class.</summary>
public sealed class PrivatePostgres : IDisposable
{
    private readonly Dictionary<string, string> _env = new()
    {
        ["TWOFACTOR_PG_PORT"] = FreePort.Next().ToString(),
        // Under /tmp itself: the server runs as user postgres, which cannot enter the tests' private temp folders.
        ["TWOFACTOR_PG_ROOT"] = $"/tmp/twofactor-pg-{Guid.NewGuid():N}",
    };
    private string? _connectionString;
    private bool _started;

    /// <summary>Starts the server on first use (so that a skipped test starts none).</summary>
    public string ConnectionString
    {
        get
        {
            if (_connectionString is null)
            {
                _started = true;
                _connectionString = Control("start").Trim();
            }
            return _connectionString;
        }
    }

    /// <summary>Runs .ci/postgres.sh ACTION for this server; returns its output.</summary>
    public string Control(string action)
    {
        using var process = CliProcess.StartProgram(RepositoryFiles.Root, _env, "bash", RepositoryFiles.Path(".ci", "postgres.sh"), action);
        var result = process.Finish(TimeSpan.FromSeconds(120));
        Assert.True(result.ExitCode == 0, $"postgres.sh {action}: {result.Err}");
        // This process's pooled connections died with the server: the next read must open new ones.
        Npgsql.NpgsqlConnection.ClearAllPools();
        return result.Out;
    }

    public void Dispose()
    {
        if (!_started) return;
        Npgsql.NpgsqlConnection.ClearAllPools();
        Control("stop");
        try { Directory.Delete(_env["TWOFACTOR_PG_ROOT"], recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }
}
