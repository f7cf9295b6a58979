using DuckDB.NET.Data;

namespace TwoFactor.Sweeps.Tests;

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

    /// <summary>Column name -> DuckDB type name, from DESCRIBE.</summary>
    public static Dictionary<string, string> Describe(string glob) =>
        Query($"DESCRIBE SELECT * FROM read_parquet('{glob}')").ToDictionary(r => (string)r[0]!, r => (string)r[1]!);
}
