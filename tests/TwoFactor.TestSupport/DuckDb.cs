using DuckDB.NET.Data;

namespace TwoFactor.TestSupport;

/// <summary>Queries Parquet files with DuckDB: an independent reader, so the files are checked as other tools will see them.</summary>
public static class DuckDb
{
    public static List<object?[]> Query(string sql)
    {
        using var connection = new DuckDBConnection("DataSource=:memory:");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        using var reader = command.ExecuteReader();
        var rows = new List<object?[]>();
        while (reader.Read())
        {
            var row = new object?[reader.FieldCount];
            for (int i = 0; i < reader.FieldCount; i++) row[i] = reader.IsDBNull(i) ? null : reader.GetValue(i);
            rows.Add(row);
        }
        return rows;
    }

    public static object? Scalar(string sql) => Query(sql).Single()[0];

    /// <summary>
    /// The committed parts of a sweep folder (part-*.parquet, never the temporary files a killed writer leaves) as a
    /// glob for read_parquet('...'), quoted for an SQL string literal.
    /// </summary>
    public static string PartsGlob(string sweepFolder) => Quoted(Path.Combine(sweepFolder, "part-*.parquet"));

    /// <summary>A path for an SQL string literal: a quote in a temp folder's name must not end the literal.</summary>
    public static string Quoted(string path) => path.Replace("'", "''");

    /// <summary>Column name -> DuckDB type name, from DESCRIBE.</summary>
    public static Dictionary<string, string> Describe(string glob) =>
        Query($"DESCRIBE SELECT * FROM read_parquet('{glob}')").ToDictionary(r => (string)r[0]!, r => (string)r[1]!);
}
