using TwoFactor.Sweeps;

namespace TwoFactor.Cluster.Tests;

/// <summary>Tiny real sweeps (static protocol, N=20, 50 epochs, no recall tests: milliseconds per cell) and their datasets.</summary>
public static class TestSweeps
{
    public static string Yaml(string name, int seeds, int maxEpochs = 50, int n = 20) => $"""
        name: {name}
        base: {"{"}N: {n}, max_epochs: {maxEpochs}, tests: none, trajectory_interval: 0{"}"}
        axes:
          seeds: {seeds}
        """;

    /// <summary>A sweep of <paramref name="seeds"/> cells of N = <paramref name="n"/> (a cell costs about N^3 alpha epochs).</summary>
    public static string Write(string folder, string name, int seeds, int maxEpochs = 50, int n = 20)
    {
        Directory.CreateDirectory(folder);
        var path = Path.Combine(folder, $"{name}.yaml");
        File.WriteAllText(path, Yaml(name, seeds, maxEpochs, n));
        return path;
    }

    public static SweepPlan Plan(string name, int seeds, int maxEpochs = 50, int n = 20)
    {
        var loaded = SweepLoader.LoadText(Yaml(name, seeds, maxEpochs, n), $"{name}.yaml", []);
        Assert.True(loaded.Ok, string.Join("\n", loaded.Errors));
        return SweepPlanner.Plan(loaded.Spec!);
    }

    /// <summary>Units of <paramref name="perUnit"/> cells in plan order.</summary>
    public static IReadOnlyList<WorkUnit> Units(SweepPlan plan, int perUnit) =>
        Enumerable.Range(0, (plan.CellCount + perUnit - 1) / perUnit)
            .Select(i => new WorkUnit(i, i * perUnit, Math.Min(perUnit, plan.CellCount - i * perUnit))).ToList();

    /// <summary>Rows and distinct cell ids of the committed parts, read by DuckDB (an independent Parquet reader).</summary>
    public static (long Rows, long Distinct, long Failed) Dataset(string sweepDirectory)
    {
        if (!Directory.EnumerateFiles(sweepDirectory, "part-*.parquet").Any()) return (0, 0, 0);
        var row = DuckDb.Query("SELECT count(*), count(DISTINCT cell_id), CAST(sum(CASE WHEN status = 'failed' THEN 1 ELSE 0 END) AS BIGINT) " +
            $"FROM read_parquet('{DuckDb.PartsGlob(sweepDirectory)}')").Single();
        return (Convert.ToInt64(row[0]), Convert.ToInt64(row[1]), row[2] is null ? 0 : Convert.ToInt64(row[2]));
    }

    /// <summary>
    /// The dataset holds every planned cell exactly once, <paramref name="failed"/> of them failed (DuckDB: rows =
    /// distinct cell ids = <paramref name="cells"/> planned): what every fault test ends with.
    /// </summary>
    public static void AssertExactlyOnce(string sweepDirectory, int cells, int failed = 0)
    {
        var (rows, distinct, failedRows) = Dataset(sweepDirectory);
        Assert.True((rows, distinct, failedRows) == (cells, cells, failed),
            $"{sweepDirectory}: {rows} rows, {distinct} distinct cells, {failedRows} failed; planned {cells}, {failed} failed");
    }

    /// <summary>The set of cell ids in the dataset.</summary>
    public static HashSet<string> CellIds(string sweepDirectory) =>
        DuckDb.Query($"SELECT cell_id FROM read_parquet('{DuckDb.PartsGlob(sweepDirectory)}')").Select(r => (string)r[0]!).ToHashSet();
}
