namespace TwoFactor.Sweeps;

/// <summary>One point of the grid before resolution: the values the sweep sets, and where each was written.</summary>
internal sealed record ExpandedCell(
    int Index,
    Dictionary<string, object?> Specified,
    Dictionary<string, (string KeyPath, SourceLocation Source)> Origins);

/// <summary>
/// The cartesian product of the axes, in file order with the last axis varying fastest (like nested loops
/// written in the same order). Deterministic: it depends on the spec alone.
/// </summary>
internal static class CellExpander
{
    public static IEnumerable<ExpandedCell> Expand(SweepSpec spec)
    {
        long count = spec.CellCount;
        var digits = new int[spec.Axes.Count];
        for (long index = 0; index < count; index++)
        {
            var specified = new Dictionary<string, object?>();
            var origins = new Dictionary<string, (string, SourceLocation)>();
            foreach (var value in spec.Base)
            {
                specified[value.Parameter] = value.Value;
                origins[value.Parameter] = (value.KeyPath, value.Source);
            }
            for (int a = 0; a < spec.Axes.Count; a++)
            {
                foreach (var column in spec.Axes[a].Columns)
                {
                    if (ReferenceEquals(column.Values[digits[a]], AxisColumn.Absent)) continue; // another block's parameter
                    specified[column.Parameter] = column.Values[digits[a]];
                    origins[column.Parameter] = (column.KeyPath, column.Sources[digits[a]]);
                }
            }
            yield return new ExpandedCell((int)index, specified, origins);

            for (int a = spec.Axes.Count - 1; a >= 0; a--)
            {
                if (++digits[a] < spec.Axes[a].Length) break;
                digits[a] = 0;
            }
        }
    }
}
