namespace TwoFactor.Sweeps;

/// <summary>
/// How a result row maps to columns: each column's value of a row (<see cref="Columns"/>, written by
/// <see cref="ResultColumnWriter"/>), the conversions to the column types, and the row back from the column
/// dictionaries of Parquet.Net's untyped reader.
/// </summary>
internal static class ResultRowCodec
{
    /// <summary>
    /// Where each column of a protocol's rows comes from: the run metadata by its fixed name, else the parameter,
    /// scalar output or list output of that name (null when the row has none: a parameter that does not apply to
    /// the cell's model, a failed cell's outputs). Built once per part, not per row.
    /// </summary>
    public sealed class Columns(IProtocol protocol)
    {
        private readonly HashSet<string> _parameters = protocol.Parameters.Select(p => p.Name).ToHashSet(StringComparer.Ordinal);

        public object? ValueOf(ResultRow row, string column) => column switch
        {
            ResultSchema.SweepId => row.SweepId,
            ResultSchema.SweepName => row.SweepName,
            ResultSchema.CellId => row.CellId,
            ResultSchema.Protocol => row.Protocol,
            ResultSchema.Status => row.Status,
            ResultSchema.ErrorMessage => row.ErrorMessage,
            ResultSchema.Engine => row.Engine,
            ResultSchema.Host => row.Host,
            ResultSchema.CellWallSeconds => row.WallSeconds,
            ResultSchema.CodeVersion => row.CodeVersion,
            ResultSchema.StartedAt => row.StartedAt,
            ResultSchema.FinishedAt => row.FinishedAt,
            _ when _parameters.Contains(column) => row.Parameters.GetValueOrDefault(column),
            _ => row.Scalars.TryGetValue(column, out var scalar) ? scalar : row.Lists.GetValueOrDefault(column),
        };
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
            parameters[def.Name] = def.Type == ParameterType.TextList ? Texts(value) : Canonical(value, def.ClrType, def.Name);
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
            Text(d, ResultSchema.CodeVersion)!, Timestamp(d[ResultSchema.StartedAt]), Timestamp(d[ResultSchema.FinishedAt]))
        {
            SweepName = Text(d, ResultSchema.SweepName),
        };
    }

    /// <summary>An integer list column (held as whole doubles in the row); a fraction is a bug in the protocol, not rounded away.</summary>
    public static long[] Longs(object? value, string name) => value as long[] ?? Doubles(value).Select(v => v == Math.Floor(v) && Math.Abs(v) < 9.2e18
        ? (long)v
        : throw new InvalidOperationException($"column {name}: {v} is not an integer")).ToArray();

    public static double Double(object? value, string name) => value is double d ? d
        : Canonical(value, typeof(double), name) is double converted ? converted : throw new InvalidOperationException($"column {name}: no value");

    public static long Long(object? value, string name) => value is long l ? l
        : Canonical(value, typeof(long), name) is long converted ? converted : throw new InvalidOperationException($"column {name}: no value");

    private static object? Canonical(object? value, Type type, string name)
    {
        if (value is null) return null;
        if (type == typeof(double)) return Convert.ToDouble(value, System.Globalization.CultureInfo.InvariantCulture);
        if (type == typeof(long)) return Convert.ToInt64(value, System.Globalization.CultureInfo.InvariantCulture);
        if (type == typeof(bool)) return (bool)value;
        if (type == typeof(string)) return Text(value);
        throw new InvalidOperationException($"column {name}: unsupported type {type.Name}");
    }

    private static string? Text(IDictionary<string, object?> d, string key) => d.TryGetValue(key, out var v) ? Text(v) : null;

    /// <summary>A text column's value: the untyped reader returns strings as ReadOnlyMemory&lt;char&gt; unless told otherwise globally.</summary>
    public static string? Text(object? value) => value switch
    {
        null => null,
        ReadOnlyMemory<char> m => m.ToString(),
        _ => value.ToString(),
    };

    public static string[] Texts(object? value) => value switch
    {
        null => [],
        string[] a => a,
        System.Collections.IEnumerable e => e.Cast<object?>().Select(x => Text(x) ?? "").ToArray(),
        _ => [Text(value)!],
    };

    public static double[] Doubles(object? value) => value switch
    {
        null => [],
        double[] a => a,
        System.Collections.IEnumerable e => e.Cast<object?>().Select(x => Convert.ToDouble(x, System.Globalization.CultureInfo.InvariantCulture)).ToArray(),
        _ => [],
    };

    public static DateTimeOffset Timestamp(object? value) => value switch
    {
        DateTimeOffset o => o.ToUniversalTime(),
        DateTime t => new DateTimeOffset(DateTime.SpecifyKind(t, DateTimeKind.Utc)),
        _ => throw new InvalidOperationException($"not a timestamp: {value}"),
    };
}
