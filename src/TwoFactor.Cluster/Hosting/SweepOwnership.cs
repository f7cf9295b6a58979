namespace TwoFactor.Cluster.Hosting;

/// <summary>
/// One coordinator per sweep folder at a time: an exclusive lock on results/&lt;sweep_id&gt;/owner.lock, held
/// for the life of the process and released by the operating system however the process ends (on Linux
/// .NET takes it with flock for FileShare.None). The owner's host and pid are written next to it in
/// owner.txt so that a second process can name it. The lock file itself is never deleted: deleting a locked
/// file would let a third process lock a new file of the same name while the second still holds the old one.
/// With a PostgreSQL journal, coordinators on two hosts may use two results folders but one journal: the
/// journal is then locked too, with a session-level advisory lock keyed by the sweep id, which the server
/// releases when the owner's connection ends (process death included); the owner's host and pid travel as
/// the connection's application_name, so the refusal can name it. After a database restart the advisory
/// lock is not taken again until the coordinator restarts (the file lock still holds on its folder).
/// </summary>
public sealed class SweepOwnership : IDisposable
{
    public const string LockFileName = "owner.lock";
    public const string OwnerFileName = "owner.txt";

    private readonly FileStream _lock;
    private Npgsql.NpgsqlConnection? _journalLock;

    private SweepOwnership(FileStream held) => _lock = held;

    /// <summary>The folder lock, plus the journal's advisory lock when the journal is PostgreSQL.</summary>
    /// <exception cref="SweepStartException">Another live process owns the sweep (the message names it).</exception>
    public static SweepOwnership Acquire(string sweepDirectory, string sweepId, JournalTarget journal)
    {
        // The journal's lock first: a refusal there leaves no trace in this host's results folder.
        var journalLock = journal is JournalTarget.Postgres postgres ? LockJournal(postgres, sweepId) : null;
        try
        {
            var ownership = Acquire(sweepDirectory, sweepId);
            ownership._journalLock = journalLock;
            return ownership;
        }
        catch
        {
            journalLock?.Dispose();
            throw;
        }
    }

    private static Npgsql.NpgsqlConnection LockJournal(JournalTarget.Postgres journal, string sweepId)
    {
        // An unreachable or misnamed server is reported as such (journal: cannot connect ...), not as a lock problem.
        journal.CheckBeforeStart();
        // A sweep id is 64 bits of hex: the advisory lock key as is (classid = high word, objid = low word).
        long key = ulong.TryParse(sweepId, System.Globalization.NumberStyles.HexNumber, null, out var id)
            ? unchecked((long)id)
            : sweepId.Aggregate(17L, (h, c) => unchecked(h * 31 + c));
        var builder = new Npgsql.NpgsqlConnectionStringBuilder(journal.ConnectionString)
        {
            ApplicationName = $"twofactor host={Environment.MachineName} pid={Environment.ProcessId}",
            Pooling = false,
            KeepAlive = 10,
            Timeout = 5,
        };
        var connection = new Npgsql.NpgsqlConnection(builder.ConnectionString);
        try
        {
            connection.Open();
            using var take = new Npgsql.NpgsqlCommand("SELECT pg_try_advisory_lock(@key)", connection);
            take.Parameters.AddWithValue("key", key);
            if (take.ExecuteScalar() is true) return connection;
            using var who = new Npgsql.NpgsqlCommand(
                "SELECT a.application_name FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid " +
                "WHERE l.locktype = 'advisory' AND l.granted AND l.objsubid = 1 " +
                "AND ((l.classid::bigint << 32) | l.objid::bigint) = @key LIMIT 1", connection);
            who.Parameters.AddWithValue("key", key);
            var owner = who.ExecuteScalar() as string;
            throw new SweepStartException($"sweep {sweepId} is already running: owned by " +
                                          $"{(string.IsNullOrEmpty(owner) ? "another process" : owner.Replace("twofactor ", ""))} " +
                                          "(it holds the sweep's lock in the PostgreSQL journal); wait for it to finish or stop it, then run again");
        }
        catch (Exception e) when (e is Npgsql.NpgsqlException or InvalidOperationException)
        {
            connection.Dispose();
            throw new SweepStartException($"journal: cannot take the sweep's lock in PostgreSQL {journal.Describe()}: {e.Message}", e);
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }

    /// <summary>Takes the sweep folder (creating it when new).</summary>
    /// <exception cref="SweepStartException">Another live process owns it (the message names it; nothing was written).</exception>
    private static SweepOwnership Acquire(string sweepDirectory, string sweepId)
    {
        var lockPath = Path.Combine(sweepDirectory, LockFileName);
        var ownerPath = Path.Combine(sweepDirectory, OwnerFileName);
        FileStream held;
        try
        {
            // Only a folder that does not exist yet is created: a second process finds it and the lock in it.
            if (!Directory.Exists(sweepDirectory)) Directory.CreateDirectory(sweepDirectory);
            held = new FileStream(lockPath, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
        }
        catch (IOException) when (File.Exists(lockPath))
        {
            throw new SweepStartException($"sweep {sweepId} is already running: owned by {DescribeOwner(ownerPath)}; " +
                                          "wait for it to finish or stop it, then run again");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new SweepStartException($"cannot take the sweep folder {sweepDirectory}: {e.Message}", e);
        }
        try
        {
            File.WriteAllText(ownerPath, $"host={Environment.MachineName} pid={Environment.ProcessId} since={DateTimeOffset.UtcNow:u}\n");
        }
        catch (IOException)
        {
            // The lock is what counts; a full disk only costs the second process the owner's name.
        }
        return new SweepOwnership(held);
    }

    private static string DescribeOwner(string ownerPath)
    {
        // The owner writes owner.txt right after taking the lock: give it a moment when we raced it.
        for (int attempt = 0; attempt < 10; attempt++)
        {
            try
            {
                var text = File.ReadAllText(ownerPath).Trim();
                if (text.Length > 0) return text;
            }
            catch (IOException)
            {
            }
            Thread.Sleep(50);
        }
        return "another process (its owner.txt is missing)";
    }

    public void Dispose()
    {
        _journalLock?.Dispose();
        _lock.Dispose();
    }
}
