using System.Globalization;
using System.Text;

namespace TwoFactor.Sweeps;

/// <summary>
/// The snapshot text of a spec: overrides applied, base values typed, every axis written out as explicit
/// lists (generators expanded). Loading it back gives the same cells and the same sweep id.
/// </summary>
internal static class CanonicalYaml
{
    public static string Write(SweepSpec spec, string sweepId)
    {
        var y = new StringBuilder();
        y.Append("# Snapshot of sweep ").Append(sweepId).Append(" (").Append(spec.CellCount.ToString(CultureInfo.InvariantCulture))
            .Append(" cells): the spec with overrides applied and every axis written out.\n");
        y.Append("name: ").Append(Quote(spec.Name)).Append('\n');
        y.Append("protocol: ").Append(spec.Protocol.Name).Append('\n');
        if (spec.Description is not null) y.Append("description: ").Append(Quote(spec.Description)).Append('\n');
        if (spec.Base.Count > 0)
        {
            y.Append("base:\n");
            foreach (var value in OrderByDefinition(spec, spec.Base, v => v.Parameter))
                y.Append("  ").Append(value.Parameter).Append(": ").Append(Value(value.Value)).Append('\n');
        }
        if (spec.Axes.Count > 0)
        {
            y.Append("axes:\n");
            var usedGroupNames = new HashSet<string>();
            foreach (var axis in spec.Axes)
            {
                if (axis.IsBlocks)
                {
                    WriteBlocks(y, axis);
                    continue;
                }
                if (axis.Columns.Count == 1 && !axis.IsGroup)
                {
                    y.Append("  ").Append(axis.Columns[0].Parameter).Append(": ").Append(List(axis.Columns[0].Values)).Append('\n');
                    continue;
                }
                // Group names carry no meaning; keep them unique so the snapshot stays valid YAML.
                string name = axis.IsGroup ? Unique(axis.Name == "zip" ? "group" : axis.Name, usedGroupNames) : axis.Name;
                y.Append("  ").Append(Key(name)).Append(":\n");
                var members = axis.Columns;
                if (!axis.IsGroup)
                {
                    y.Append("    values: ").Append(List(axis.Columns[0].Values)).Append('\n');
                    members = axis.Columns.Skip(1).ToList();
                }
                y.Append("    zip:\n");
                foreach (var column in members)
                    y.Append("      ").Append(column.Parameter).Append(": ").Append(List(column.Values)).Append('\n');
            }
        }
        return y.ToString();
    }

    /// <summary>Per-value blocks as written: each block's rows as one zip of the parameters it sets (null: no parameters).</summary>
    private static void WriteBlocks(StringBuilder y, SweepAxis axis)
    {
        var lead = axis.Columns[0];
        y.Append("  ").Append(lead.Parameter).Append(":\n");
        for (int start = 0, end; start < axis.Length; start = end)
        {
            for (end = start; end < axis.Length && Equals(lead.Values[end], lead.Values[start]); end++) { }
            var present = axis.Columns.Skip(1).Where(c => !ReferenceEquals(c.Values[start], AxisColumn.Absent)).ToList();
            y.Append("    ").Append(Key((string)lead.Values[start]!)).Append(':');
            if (present.Count == 0)
            {
                y.Append(" null\n");
                continue;
            }
            y.Append("\n      zip:\n");
            foreach (var column in present)
                y.Append("        ").Append(column.Parameter).Append(": ").Append(List(column.Values.Skip(start).Take(end - start))).Append('\n');
        }
    }

    private static string Unique(string name, HashSet<string> used)
    {
        string candidate = name;
        for (int k = 2; !used.Add(candidate); k++) candidate = $"{name}_{k}";
        return candidate;
    }

    private static IEnumerable<T> OrderByDefinition<T>(SweepSpec spec, IEnumerable<T> items, Func<T, string> name)
    {
        var order = spec.Protocol.Parameters.Select((p, i) => (p.Name, i)).ToDictionary(x => x.Name, x => x.i);
        return items.OrderBy(item => order.GetValueOrDefault(name(item), int.MaxValue));
    }

    private static string List(IEnumerable<object?> values) => "[" + string.Join(", ", values.Select(Value)) + "]";

    private static string Value(object? value) => value switch
    {
        null => "null",
        string s => Quote(s),
        string[] list => "[" + string.Join(", ", list.Select(Quote)) + "]",
        _ => CanonicalText.Format(value),
    };

    private static string Key(string key) => key.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '-') ? key : Quote(key);

    /// <summary>A YAML double-quoted scalar (JSON-compatible escapes).</summary>
    private static string Quote(string text)
    {
        var q = new StringBuilder("\"");
        foreach (char c in text)
        {
            q.Append(c switch
            {
                '"' => "\\\"",
                '\\' => "\\\\",
                '\n' => "\\n",
                '\r' => "\\r",
                '\t' => "\\t",
                _ when char.IsControl(c) => $"\\u{(int)c:x4}",
                _ => c.ToString(),
            });
        }
        return q.Append('"').ToString();
    }
}
