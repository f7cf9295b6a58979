using System.Runtime.Serialization;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace TwoFactor.Cluster.Actors;

/// <summary>
/// Sorts journal errors into those that heal by waiting (a database restarting, a dropped connection: retry
/// with backoff until <see cref="CoordinatorSettings.JournalOutageLimit"/>) and those that do not (a file that
/// is not a database, a full disk, a record this version cannot read: stop at once with the way out).
/// </summary>
public static class JournalFaults
{
    private const int SqliteBusy = 5, SqliteLocked = 6, SqliteIoError = 10, SqliteCorrupt = 11, SqliteFull = 13, SqliteNotADatabase = 26;

    public static Exception Root(Exception e) => e.InnerException is null ? e : Root(e.InnerException);

    public static bool IsPermanent(Exception e)
    {
        for (var x = e; x is not null; x = x.InnerException)
        {
            switch (x)
            {
                case SqliteException s:
                    return s.SqliteErrorCode is not (SqliteBusy or SqliteLocked);
                case SerializationException:
                    return true;
                // Wrong password, missing database, missing permission: waiting does not help.
                case PostgresException p when p.SqlState.StartsWith("28", StringComparison.Ordinal)
                                              || p.SqlState.StartsWith("3D", StringComparison.Ordinal)
                                              || p.SqlState.StartsWith("42", StringComparison.Ordinal):
                    return true;
            }
        }
        return false;
    }

    /// <summary>One line for the user: what is wrong and what to do about it.</summary>
    public static string Describe(Exception e, string journal)
    {
        for (var x = e; x is not null; x = x.InnerException)
        {
            // A full disk shows as SQLITE_FULL, or as SQLITE_IOERR when the WAL or its index cannot grow.
            if (x is SqliteException { SqliteErrorCode: SqliteFull or SqliteIoError } io)
                return $"{journal} cannot be written ({io.Message}; is the disk full?): free space, then run the same command again (nothing recorded is lost)";
            if (x is SqliteException { SqliteErrorCode: SqliteCorrupt or SqliteNotADatabase } s)
                return $"{journal} is damaged ({s.Message}): run `twofactor repair` with the same sweep file to rebuild it from the intact parts";
        }
        return $"{journal}: {Root(e).Message}";
    }
}
