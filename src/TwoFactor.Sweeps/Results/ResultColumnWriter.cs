using Parquet;
using Parquet.Schema;

namespace TwoFactor.Sweeps;

/// <summary>
/// Writes result rows as one Parquet row group, column by column through Parquet.Net's column API: each top-level
/// field of the schema, in schema order, takes every row's value of the column of that name
/// (<see cref="ResultRowCodec.Columns.ValueOf"/>), converted to the field's type. The untyped row serializer this replaces
/// built a dictionary per row and striped it value by value: about 30 microseconds per row of a tiny cell, a tenth
/// of the cell's whole cost in a sweep of them. Any schema whose columns the rows have can be written (older
/// layouts included), so the field types, not the protocol, decide the encoding. Empty lists (a failed cell's
/// curves, an empty text list) are written as empty, not null: definition level 1 of 2, as the row serializer did.
/// </summary>
internal static class ResultColumnWriter
{
    public static async Task WriteAsync(ParquetSchema schema, IReadOnlyList<ResultRow> rows, IProtocol protocol, Stream stream,
        CancellationToken ct = default)
    {
        var columns = new ResultRowCodec.Columns(protocol);
        await using var writer = await ParquetWriter.CreateAsync(schema, stream, cancellationToken: ct);
        using var group = writer.CreateRowGroup();
        foreach (var field in schema.Fields)
        {
            var values = new object?[rows.Count];
            for (int r = 0; r < rows.Count; r++) values[r] = columns.ValueOf(rows[r], field.Name);
            await (field switch
            {
                DataField data => WriteScalarsAsync(group, data, values, ct),
                ListField { Item: DataField element } => WriteListsAsync(group, element, values, ct),
                _ => throw new NotSupportedException($"column {field.Name}: {field.GetType().Name} fields are not written"),
            });
        }
        group.CompleteValidate();
    }

    private static Task WriteScalarsAsync(ParquetRowGroupWriter group, DataField field, object?[] values, CancellationToken ct)
    {
        var type = field.ClrType;
        string name = field.Name;
        if (type == typeof(string) || type == typeof(ReadOnlyMemory<char>)) return group.WriteAsync(field, Convert(values, ResultRowCodec.Text));
        if (type == typeof(DateTime)) return Required(group, field, Convert(values, v => ResultRowCodec.Timestamp(v).UtcDateTime), ct);
        if (field.IsNullable)
        {
            if (type == typeof(double)) return Optional(group, field, Convert(values, v => v is null ? (double?)null : ResultRowCodec.Double(v, name)), ct);
            if (type == typeof(long)) return Optional(group, field, Convert(values, v => v is null ? (long?)null : ResultRowCodec.Long(v, name)), ct);
            if (type == typeof(bool)) return Optional(group, field, Convert(values, v => (bool?)v), ct);
        }
        else
        {
            if (type == typeof(double)) return Required(group, field, Convert(values, v => ResultRowCodec.Double(v, name)), ct);
            if (type == typeof(long)) return Required(group, field, Convert(values, v => ResultRowCodec.Long(v, name)), ct);
            if (type == typeof(bool)) return Required(group, field, Convert(values, v => (bool)(v ?? throw new InvalidOperationException($"column {name}: no value"))), ct);
        }
        throw new NotSupportedException($"column {name}: unsupported type {type.Name}");
    }

    private static Task Required<T>(ParquetRowGroupWriter group, DataField field, T[] values, CancellationToken ct) where T : struct =>
        group.WriteAsync<T>(field, values.AsMemory(), null, null, ct);

    private static Task Optional<T>(ParquetRowGroupWriter group, DataField field, T?[] values, CancellationToken ct) where T : struct =>
        group.WriteAsync<T>(field, values.AsMemory(), null, null, ct);

    /// <summary>
    /// A list column: the elements of every row in a row, repetition level 0 at each row's first element, definition
    /// level 2 for an element and 1 for an empty list (which is written as one level without a value).
    /// </summary>
    private static Task WriteListsAsync(ParquetRowGroupWriter group, DataField element, object?[] values, CancellationToken ct)
    {
        var type = element.ClrType;
        if (type == typeof(double)) return WriteListsAsync(group, element, values, v => ResultRowCodec.Doubles(v), ct);
        if (type == typeof(long)) return WriteListsAsync(group, element, values, v => ResultRowCodec.Longs(v, element.Path.ToString()), ct);
        if (type == typeof(string) || type == typeof(ReadOnlyMemory<char>))
            return WriteListsAsync(group, element, values, v => ResultRowCodec.Texts(v).Select(s => s.AsMemory()).ToArray(), ct);
        throw new NotSupportedException($"list column {element.Path}: unsupported element type {type.Name}");
    }

    private static Task WriteListsAsync<T>(ParquetRowGroupWriter group, DataField element, object?[] values, Func<object?, T[]> elements,
        CancellationToken ct) where T : struct
    {
        var lists = Convert(values, elements);
        int levels = 0, count = 0;
        foreach (var list in lists)
        {
            levels += Math.Max(list.Length, 1);
            count += list.Length;
        }
        var flat = new T[count];
        var definition = new int[levels];
        var repetition = new int[levels];
        int at = 0, next = 0;
        foreach (var list in lists)
        {
            if (list.Length == 0)
            {
                definition[at++] = 1;
                continue;
            }
            for (int k = 0; k < list.Length; k++)
            {
                definition[at] = 2;
                repetition[at++] = k == 0 ? 0 : 1;
                flat[next++] = list[k];
            }
        }
        return group.WriteAllPartsAsync<T>(element, flat, definition.AsMemory(), repetition.AsMemory(), ct);
    }

    private static TOut[] Convert<TOut>(object?[] values, Func<object?, TOut> convert)
    {
        var result = new TOut[values.Length];
        for (int i = 0; i < values.Length; i++) result[i] = convert(values[i]);
        return result;
    }
}
