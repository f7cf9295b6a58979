namespace TwoFactor.Sweeps.Tests;

/// <summary>Helpers that load and plan sweep text, failing the test with every error when it is invalid.</summary>
public static class Sweeps
{
    public static SweepLoadResult Load(string yaml, params string[] overrides) =>
        SweepLoader.LoadText(yaml, "test.yaml", overrides);

    public static SweepSpec Spec(string yaml, params string[] overrides)
    {
        var result = Load(yaml, overrides);
        Assert.True(result.Ok, string.Join("\n", result.Errors));
        return result.Spec!;
    }

    public static SweepPlan Plan(string yaml, params string[] overrides) => SweepPlanner.Plan(Spec(yaml, overrides));

    /// <summary>A row with made-up outputs that still follow the protocol's columns (for storage tests).</summary>
    public static ResultRow SyntheticRow(Cell cell, IProtocol protocol, int salt, bool failed = false)
    {
        var scalars = new Dictionary<string, object?>();
        var lists = new Dictionary<string, double[]>();
        foreach (var column in protocol.OutputColumns)
        {
            if (column.Kind == OutputKind.List)
            {
                // Integer lists (trajectory epochs) hold whole numbers; curves anything.
                double step = column.ClrType == typeof(long) ? 1000 : 0.25;
                lists[column.Name] = failed ? [] : Enumerable.Range(0, 1 + (salt + column.Name.Length) % 4).Select(k => salt + step * k).ToArray();
                continue;
            }
            scalars[column.Name] = failed ? null
                : column.ClrType == typeof(double) ? salt + 0.5
                : column.ClrType == typeof(long) ? (object)(long)(salt * 10)
                : salt % 2 == 0;
        }
        var start = new DateTimeOffset(2026, 11, 24, 12, 0, 0, TimeSpan.Zero).AddSeconds(salt);
        return new ResultRow(cell.SweepId, cell.CellId, protocol.Name, failed ? CellStatus.Failed : CellStatus.Completed,
            failed ? "boom" : null, cell.Parameters, scalars, lists, "reference", "test-host", 1.5 + salt, "test-version",
            start, start.AddSeconds(2))
        {
            SweepName = cell.SweepName,
        };
    }
}
