namespace TwoFactor.Sweeps;

/// <summary>Converts result rows to and from the column dictionaries of Parquet.Net's untyped serializer.</summary>
internal static class ResultRowCodec
{
    public static IDictionary<string, object?> ToDictionary(ResultRow row, IProtocol protocol)
    {
        var d = new Dictionary<string, object?>
        {
            [ResultSchema.SweepId] = row.SweepId,
            [ResultSchema.SweepName] = row.SweepName,
            [ResultSchema.CellId] = row.CellId,
            [ResultSchema.Protocol] = row.Protocol,
            [ResultSchema.Status] = row.Status,
            [ResultSchema.ErrorMessage] = row.ErrorMessage,
        };
        foreach (var def in protocol.Parameters)
        {
            // A parameter absent from the resolved set does not apply to the cell's model: null (baselines' z, ...).
            var value = row.Parameters.GetValueOrDefault(def.Name);
            // The untyped serializer takes string list elements as ReadOnlyMemory<char>.
            d[def.Name] = def.Type == ParameterType.TextList
                ? (value as string[] ?? []).Select(s => s.AsMemory()).ToArray()
                : Canonical(value, def.ClrType, def.Name);
        }
        foreach (var column in protocol.OutputColumns)
        {
            d[column.Name] = column.Kind != OutputKind.List ? Canonical(row.Scalars.GetValueOrDefault(column.Name), column.ClrType, column.Name)
                : column.ClrType == typeof(long) ? Integers(row.Lists.GetValueOrDefault(column.Name) ?? [], column.Name)
                : row.Lists.GetValueOrDefault(column.Name) ?? [];
        }
        d[ResultSchema.Engine] = row.Engine;
        d[ResultSchema.Host] = row.Host;
        d[ResultSchema.CellWallSeconds] = row.WallSeconds;
        d[ResultSchema.CodeVersion] = row.CodeVersion;
        d[ResultSchema.StartedAt] = row.StartedAt.UtcDateTime;
        d[ResultSchema.FinishedAt] = row.FinishedAt.UtcDateTime;
        return d;
    }

    /// <summary>
    /// The row back from a dictionary; parameter and output columns are told apart by the row's protocol.
    /// Parts written by earlier versions stay readable: a column they lack reads as null (an empty list), and
    /// lists stored as doubles (trajectory epochs before they became BIGINT[]) read the same as integer lists.
    /// </summary>
    public static ResultRow FromDictionary(IDictionary<string, object?> d)
    {
        string protocolName = Text(d, ResultSchema.Protocol)!;
        var protocol = ProtocolCatalog.Get(protocolName);
        var parameters = new Dictionary<string, object?>();
        foreach (var def in protocol.Parameters)
        {
            var value = d.TryGetValue(def.Name, out var v) ? v : null;
            parameters[def.Name] = def.Type == ParameterType.TextList ? TextList(value) : Canonical(value, def.ClrType, def.Name);
        }
        var scalars = new Dictionary<string, object?>();
        var lists = new Dictionary<string, double[]>();
        foreach (var column in protocol.OutputColumns)
        {
            var value = d.TryGetValue(column.Name, out var v) ? v : null;
            if (column.Kind == OutputKind.List) lists[column.Name] = Doubles(value);
            else scalars[column.Name] = Canonical(value, column.ClrType, column.Name);
        }
        return new ResultRow(
            Text(d, ResultSchema.SweepId)!, Text(d, ResultSchema.CellId)!, protocolName, Text(d, ResultSchema.Status)!,
            Text(d, ResultSchema.ErrorMessage), parameters, scalars, lists,
            Text(d, ResultSchema.Engine)!, Text(d, ResultSchema.Host)!, Convert.ToDouble(d[ResultSchema.CellWallSeconds], System.Globalization.CultureInfo.InvariantCulture),
            Text(d, ResultSchema.CodeVersion)!, Time(d[ResultSchema.StartedAt]), Time(d[ResultSchema.FinishedAt]))
        {
            SweepName = Text(d, ResultSchema.SweepName),
        };
    }

    /// <summary>An integer list column (held as whole doubles in the row); a fraction is a bug in the protocol, not rounded away.</summary>
    private static long[] Integers(double[] values, string name) => values.Select(v => v == Math.Floor(v) && Math.Abs(v) < 9.2e18
        ? (long)v
        : throw new InvalidOperationException($"column {name}: {v} is not an integer")).ToArray();

    private static object? Canonical(object? value, Type type, string name)
    {
        if (value is null) return null;
        if (type == typeof(double)) return Convert.ToDouble(value, System.Globalization.CultureInfo.InvariantCulture);
        if (type == typeof(long)) return Convert.ToInt64(value, System.Globalization.CultureInfo.InvariantCulture);
        if (type == typeof(bool)) return (bool)value;
        if (type == typeof(string)) return Str(value);
        throw new InvalidOperationException($"column {name}: unsupported type {type.Name}");
    }

    private static string? Text(IDictionary<string, object?> d, string key) => d.TryGetValue(key, out var v) ? Str(v) : null;

    /// <summary>The untyped reader returns strings as ReadOnlyMemory&lt;char&gt; unless told otherwise globally.</summary>
    private static string? Str(object? value) => value switch
    {
        null => null,
        ReadOnlyMemory<char> m => m.ToString(),
        _ => value.ToString(),
    };

    private static string[] TextList(object? value) => value switch
    {
        null => [],
        string[] a => a,
        System.Collections.IEnumerable e => e.Cast<object?>().Select(x => Str(x) ?? "").ToArray(),
        _ => [Str(value)!],
    };

    private static double[] Doubles(object? value) => value switch
    {
        null => [],
        double[] a => a,
        System.Collections.IEnumerable e => e.Cast<object?>().Select(x => Convert.ToDouble(x, System.Globalization.CultureInfo.InvariantCulture)).ToArray(),
        _ => [],
    };

    private static DateTimeOffset Time(object? value) => value switch
    {
        DateTimeOffset o => o.ToUniversalTime(),
        DateTime t => new DateTimeOffset(DateTime.SpecifyKind(t, DateTimeKind.Utc)),
        _ => throw new InvalidOperationException($"not a timestamp: {value}"),
    };
}
