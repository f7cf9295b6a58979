using System.Data.Common;
using Akka.Actor;
using Npgsql;
using TwoFactor.Cluster.Actors;
using TwoFactor.Cluster.Logging;
using TwoFactor.Cluster.Progress;

namespace TwoFactor.Cluster.Hosting;

/// <summary>A sweep found in a journal, with its summary.</summary>
public sealed record KnownSweep(string SweepId, string Journal, JournalSummary Summary);

/// <summary>Reads sweep progress from journals: the SQLite files under a results root, or a PostgreSQL journal.</summary>
public static class SweepStatusReader
{
    /// <summary>Every sweep with a journal.db under the results root, or every sweep in the PostgreSQL journal.</summary>
    public static async Task<IReadOnlyList<KnownSweep>> ListAsync(string resultsRoot, string? postgres, LogSettings? log = null)
    {
        var found = new List<KnownSweep>();
        if (postgres is not null)
        {
            var target = new JournalTarget.Postgres(postgres);
            foreach (var id in PostgresSweepIds(target))
                found.Add(new KnownSweep(id, target.Describe(), await ReadAsync(target, id, log)));
            return found;
        }
        if (!Directory.Exists(resultsRoot)) return found;
        foreach (var folder in Directory.EnumerateDirectories(resultsRoot).Order(StringComparer.Ordinal))
        {
            var id = Path.GetFileName(folder);
            var db = JournalTarget.SqlitePathOf(resultsRoot, id);
            if (!File.Exists(db)) continue;
            var target = new JournalTarget.Sqlite(db);
            found.Add(new KnownSweep(id, target.Describe(), await ReadAsync(target, id, log)));
        }
        return found;
    }

    /// <summary>Replays one sweep's journal (snapshot + events) in a short-lived actor system.</summary>
    /// <remarks>Every failure is a <see cref="SweepStartException"/> with one line saying which journal and why.</remarks>
    public static async Task<JournalSummary> ReadAsync(JournalTarget journal, string sweepId, LogSettings? log = null)
    {
        journal.CheckBeforeStart();
        using var system = ActorSystemBootstrap.StartLocal("twofactor-status", log ?? new LogSettings(), journal);
        try
        {
            var done = new TaskCompletionSource<JournalSummary>(TaskCreationOptions.RunContinuationsAsynchronously);
            system.ActorOf(JournalReader.Props(sweepId, done));
            return await done.Task.WaitAsync(TimeSpan.FromSeconds(30));
        }
        catch (TimeoutException)
        {
            throw new SweepStartException($"journal: reading sweep {sweepId} from {journal.Describe()} took longer than 30 s");
        }
        catch (DbException e)
        {
            throw new SweepStartException(Secrets.Redact($"journal: cannot read sweep {sweepId} from {journal.Describe()}: {e.Message}" +
                (journal is JournalTarget.Sqlite ? " (the file is damaged: restore it from a backup, or move it away and rerun the sweep to recompute it)" : "")), e);
        }
        finally
        {
            await ActorSystemBootstrap.StopAsync(system);
        }
    }

    private static IReadOnlyList<string> PostgresSweepIds(JournalTarget.Postgres target)
    {
        target.CheckBeforeStart();
        try
        {
            return QuerySweepIds(target);
        }
        catch (DbException e)
        {
            throw new SweepStartException(Secrets.Redact($"journal: cannot list sweeps in {target.Describe()}: {e.Message}"), e);
        }
    }

    private static IReadOnlyList<string> QuerySweepIds(JournalTarget.Postgres target)
    {
        using var connection = new NpgsqlConnection(target.ConnectionString);
        connection.Open();
        using var exists = new NpgsqlCommand("SELECT to_regclass('journal') IS NOT NULL", connection);
        if (exists.ExecuteScalar() is not true) return [];
        using var command = new NpgsqlCommand("SELECT DISTINCT persistence_id FROM journal WHERE persistence_id LIKE 'sweep-%' ORDER BY 1", connection);
        using var reader = command.ExecuteReader();
        var ids = new List<string>();
        while (reader.Read()) ids.Add(reader.GetString(0)["sweep-".Length..]);
        return ids;
    }
}
