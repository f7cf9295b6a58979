namespace TwoFactor.Sweeps;

/// <summary>One point of the grid before resolution: the values the sweep sets, and where each was written.</summary>
internal sealed record ExpandedCell(
    int Index,
    Dictionary<string, object?> Specified,
    Dictionary<string, (string KeyPath, SourceLocation Source)> Origins);

/// <summary>
/// The cartesian product of the axes, in file order with the last axis varying fastest (like nested loops
/// written in the same order). Deterministic: it depends on the spec alone, so any cell can be rebuilt from
/// its index (<see cref="At"/>) instead of being kept in memory.
/// </summary>
internal static class CellExpander
{
    /// <summary>The cell at <paramref name="index"/> of the expansion order (the axis digits in mixed radix).</summary>
    public static ExpandedCell At(SweepSpec spec, int index)
    {
        var specified = new Dictionary<string, object?>();
        var origins = new Dictionary<string, (string, SourceLocation)>();
        foreach (var value in spec.Base)
        {
            specified[value.Parameter] = value.Value;
            origins[value.Parameter] = (value.KeyPath, value.Source);
        }
        var digits = Digits(spec, index);
        for (int a = 0; a < spec.Axes.Count; a++)
        {
            foreach (var column in spec.Axes[a].Columns)
            {
                if (ReferenceEquals(column.Values[digits[a]], AxisColumn.Absent)) continue; // another block's parameter
                specified[column.Parameter] = column.Values[digits[a]];
                origins[column.Parameter] = (column.KeyPath, column.Sources[digits[a]]);
            }
        }
        return new ExpandedCell(index, specified, origins);
    }

    /// <summary>Only the values the sweep sets at <paramref name="index"/> (what a planned cell is rebuilt from).</summary>
    public static Dictionary<string, object?> SpecifiedAt(SweepSpec spec, int index)
    {
        var specified = new Dictionary<string, object?>();
        foreach (var value in spec.Base) specified[value.Parameter] = value.Value;
        var digits = Digits(spec, index);
        for (int a = 0; a < spec.Axes.Count; a++)
        {
            foreach (var column in spec.Axes[a].Columns)
                if (!ReferenceEquals(column.Values[digits[a]], AxisColumn.Absent)) specified[column.Parameter] = column.Values[digits[a]];
        }
        return specified;
    }

    private static int[] Digits(SweepSpec spec, int index)
    {
        var digits = new int[spec.Axes.Count];
        long rest = index;
        for (int a = spec.Axes.Count - 1; a >= 0; a--)
        {
            int length = spec.Axes[a].Length;
            digits[a] = (int)(rest % length);
            rest /= length;
        }
        return digits;
    }
}
