using System.Globalization;

namespace TwoFactor.Sweeps;

/// <summary>
/// Binds one sweep-file key to one property of a Core parameters record: its definition (type, default,
/// description), how a canonical value is applied to the record and read back. A protocol over a record is
/// then a list of these, so adding a parameter is one line.
/// </summary>
internal sealed record RecordBinding<TRecord>(ParameterDefinition Definition, Func<TRecord, object?, TRecord> Apply, Func<TRecord, object?> Read, bool IsInt32 = false)
{
    public static RecordBinding<TRecord> Int(string name, string description, Func<TRecord, int> get, Func<TRecord, int, TRecord> set, TRecord defaults) =>
        new(new ParameterDefinition(name, ParameterType.Integer, (long)get(defaults), get(defaults).ToString(CultureInfo.InvariantCulture), description),
            (r, v) => set(r, checked((int)(long)v!)), r => (long)get(r), IsInt32: true);

    public static RecordBinding<TRecord> Long(string name, string description, Func<TRecord, long> get, Func<TRecord, long, TRecord> set, TRecord defaults) =>
        new(new ParameterDefinition(name, ParameterType.Integer, get(defaults), get(defaults).ToString(CultureInfo.InvariantCulture), description),
            (r, v) => set(r, (long)v!), r => get(r));

    public static RecordBinding<TRecord> Float(string name, string description, Func<TRecord, double> get, Func<TRecord, double, TRecord> set, TRecord defaults) =>
        new(new ParameterDefinition(name, ParameterType.Float, get(defaults), CanonicalText.Format(get(defaults)), description),
            (r, v) => set(r, (double)v!), r => get(r));

    public static RecordBinding<TRecord> Text(string name, string description, Func<TRecord, string> get, Func<TRecord, string, TRecord> set,
        TRecord defaults, IReadOnlyList<string> allowed) =>
        new(new ParameterDefinition(name, ParameterType.Text, get(defaults), get(defaults), description, allowed),
            (r, v) => set(r, (string)v!), r => get(r));

    /// <summary>A nullable integer (null: derived default, described by <paramref name="defaultText"/>).</summary>
    public static RecordBinding<TRecord> OptionalInt(string name, string description, string defaultText, Func<TRecord, int?> get, Func<TRecord, int?, TRecord> set) =>
        new(new ParameterDefinition(name, ParameterType.Integer, null, defaultText, description, Optional: true),
            (r, v) => set(r, v is null ? null : checked((int)(long)v)), r => (long?)get(r), IsInt32: true);

    public static RecordBinding<TRecord> OptionalLong(string name, string description, string defaultText, Func<TRecord, long?> get, Func<TRecord, long?, TRecord> set) =>
        new(new ParameterDefinition(name, ParameterType.Integer, null, defaultText, description, Optional: true),
            (r, v) => set(r, (long?)v), r => get(r));

    public static RecordBinding<TRecord> OptionalFloat(string name, string description, string defaultText, Func<TRecord, double?> get, Func<TRecord, double?, TRecord> set) =>
        new(new ParameterDefinition(name, ParameterType.Float, null, defaultText, description, Optional: true),
            (r, v) => set(r, (double?)v), r => get(r));

    /// <summary>A nullable choice among <paramref name="allowed"/> (null: the model's default).</summary>
    public static RecordBinding<TRecord> OptionalText(string name, string description, string defaultText, Func<TRecord, string?> get,
        Func<TRecord, string?, TRecord> set, IReadOnlyList<string> allowed) =>
        new(new ParameterDefinition(name, ParameterType.Text, null, defaultText, description, allowed, Optional: true),
            (r, v) => set(r, (string?)v), r => get(r));

    public static RecordBinding<TRecord> TextList(string name, string description, string defaultText, Func<TRecord, string[]> get,
        Func<TRecord, string[], TRecord> set, TRecord defaults, IReadOnlyList<string> allowed) =>
        new(new ParameterDefinition(name, ParameterType.TextList, get(defaults), defaultText, description, allowed),
            (r, v) => set(r, (string[])v!), r => get(r));
}

/// <summary>The conversions every record-backed protocol needs, from a list of bindings.</summary>
internal static class RecordBindings
{
    public static TRecord ToRecord<TRecord>(IReadOnlyList<RecordBinding<TRecord>> bindings, TRecord defaults, IReadOnlyDictionary<string, object?> values)
    {
        var record = defaults;
        foreach (var (key, value) in values)
        {
            if (value is null) continue;
            var binding = Named(bindings, key);
            // Resolved cells carry every parameter, most at their defaults: skip the copy of the record that
            // applying an unchanged value makes (ToModel runs several times per cell; these copies were most of it).
            if (!Unchanged(binding.Read(record), value)) record = binding.Apply(record, value);
        }
        return record;
    }

    /// <summary>Whether applying <paramref name="value"/> would leave the property as it is (doubles bit for bit: -0.0 is not 0.0).</summary>
    private static bool Unchanged(object? current, object value) => current is double a && value is double b
        ? BitConverter.DoubleToInt64Bits(a) == BitConverter.DoubleToInt64Bits(b)
        : current is not null && current.GetType() == value.GetType() && current.Equals(value);

    /// <summary>The binding of a key: a plain search, run for every value of every cell (a lambda here allocated per value).</summary>
    private static RecordBinding<TRecord> Named<TRecord>(IReadOnlyList<RecordBinding<TRecord>> bindings, string key)
    {
        for (int b = 0; b < bindings.Count; b++)
            if (bindings[b].Definition.Name == key) return bindings[b];
        throw new ArgumentException($"unknown parameter '{key}'", "values");
    }

    public static IReadOnlyDictionary<string, object?> FromRecord<TRecord>(IReadOnlyList<RecordBinding<TRecord>> bindings, TRecord record) =>
        bindings.ToDictionary(b => b.Definition.Name, b => b.Read(record));

    /// <summary>
    /// A record-backed protocol's checks of one cell's given values: 32-bit overflows first (they cannot be
    /// converted to the record), then the record's own range and consistency checks.
    /// </summary>
    public static IReadOnlyList<Core.Parameters.ParameterError> Validate<TRecord>(IReadOnlyList<RecordBinding<TRecord>> bindings, TRecord defaults,
        IReadOnlyDictionary<string, object?> specified, Func<TRecord, IReadOnlyList<Core.Parameters.ParameterError>> validate)
    {
        var overflows = Int32Overflows(bindings, specified).ToList();
        return overflows.Count > 0 ? overflows : validate(ToRecord(bindings, defaults, specified));
    }

    /// <summary>Every parameter of the protocol with its value, the defaults filled in where none was given.</summary>
    public static IReadOnlyDictionary<string, object?> Resolve<TRecord>(IReadOnlyList<RecordBinding<TRecord>> bindings, TRecord defaults,
        IReadOnlyDictionary<string, object?> specified) =>
        FromRecord(bindings, ToRecord(bindings, defaults, specified));

    /// <summary>Integer values that do not fit the record's int properties, reported instead of overflowing.</summary>
    public static IEnumerable<Core.Parameters.ParameterError> Int32Overflows<TRecord>(IReadOnlyList<RecordBinding<TRecord>> bindings,
        IReadOnlyDictionary<string, object?> values) =>
        values.Where(kv => kv.Value is long v && (v < int.MinValue || v > int.MaxValue)
                           && bindings.Any(b => b.IsInt32 && b.Definition.Name == kv.Key))
            .Select(kv => new Core.Parameters.ParameterError(kv.Key, $"must fit in a 32-bit integer (got {kv.Value})"));
}
