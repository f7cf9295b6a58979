using System.Collections.Concurrent;
using Npgsql;

namespace TwoFactor.Cluster.Logging;

/// <summary>
/// Secrets this process knows (the journal's password): registered once when read, masked in every log line
/// and error message, so a password never reaches a log file, the console or `status` output.
/// </summary>
public static class Secrets
{
    private const string Mask = "***";
    private static readonly ConcurrentDictionary<string, byte> Known = new(StringComparer.Ordinal);

    /// <summary>Remembers the password of a PostgreSQL connection string (and the raw string, if unparsable).</summary>
    public static void RegisterConnectionString(string connectionString)
    {
        try
        {
            var builder = new NpgsqlConnectionStringBuilder(connectionString);
            if (!string.IsNullOrEmpty(builder.Password)) Register(builder.Password);
        }
        catch (ArgumentException)
        {
            // Malformed: mask the whole string; its parts cannot be told apart.
            Register(connectionString);
        }
    }

    public static void Register(string secret)
    {
        // Very short values would mask ordinary words; a password of 1-3 characters is not a secret anyway.
        if (secret.Length >= 4) Known.TryAdd(secret, 0);
    }

    public static string Redact(string text)
    {
        foreach (var secret in Known.Keys.OrderByDescending(s => s.Length))
            if (text.Contains(secret, StringComparison.Ordinal)) text = text.Replace(secret, Mask, StringComparison.Ordinal);
        return text;
    }
}
