using Parquet.Schema;

namespace TwoFactor.Sweeps;

/// <summary>
/// The Parquet schema of a protocol's results (docs/results-schema.md): identity and status columns, every
/// parameter as a typed column, every scalar output, every curve as a list of doubles (integer lists as lists of
/// longs), then run metadata.
/// All value columns are nullable: a failed cell has no outputs.
/// </summary>
public static class ResultSchema
{
    public const string SweepId = "sweep_id";
    /// <summary>The sweep file's name (null in parts written before the column existed).</summary>
    public const string SweepName = "sweep_name";
    public const string CellId = "cell_id";
    public const string Protocol = "protocol";
    public const string Status = "status";
    public const string ErrorMessage = "error_message";
    public const string Engine = "engine";
    public const string Host = "host";
    /// <summary>Wall time of the whole cell (named apart from the static protocol's own wall_seconds output).</summary>
    public const string CellWallSeconds = "cell_wall_seconds";
    public const string CodeVersion = "code_version";
    public const string StartedAt = "started_at";
    public const string FinishedAt = "finished_at";

    public static readonly string[] LeadingColumns = [SweepId, SweepName, CellId, Protocol, Status, ErrorMessage];
    public static readonly string[] TrailingColumns = [Engine, Host, CellWallSeconds, CodeVersion, StartedAt, FinishedAt];

    /// <exception cref="InvalidOperationException">Two columns share a name (compared case-insensitively, as DuckDB does).</exception>
    public static ParquetSchema For(IProtocol protocol)
    {
        var fields = new List<Field>();
        fields.AddRange(LeadingColumns.Select(name => new DataField<string>(name, name is ErrorMessage or SweepName)));
        fields.AddRange(protocol.Parameters.Select(ParameterField));
        fields.AddRange(protocol.OutputColumns.Select(OutputField));
        fields.Add(new DataField<string>(Engine, false));
        fields.Add(new DataField<string>(Host, false));
        fields.Add(new DataField<double>(CellWallSeconds));
        fields.Add(new DataField<string>(CodeVersion, false));
        fields.Add(Timestamp(StartedAt));
        fields.Add(Timestamp(FinishedAt));

        var duplicate = fields.GroupBy(f => f.Name, StringComparer.OrdinalIgnoreCase).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
            throw new InvalidOperationException($"protocol {protocol.Name}: column name '{duplicate.Key}' is used twice in the results schema");
        return new ParquetSchema(fields);
    }

    private static Field ParameterField(ParameterDefinition def) => def.Type switch
    {
        ParameterType.Integer => new DataField<long?>(def.Name),
        ParameterType.Float => new DataField<double?>(def.Name),
        ParameterType.Boolean => new DataField<bool?>(def.Name),
        ParameterType.Text => new DataField<string>(def.Name, true),
        _ => new ListField(def.Name, new DataField<string>("element", false)),
    };

    private static Field OutputField(OutputColumn column)
    {
        if (column.Kind == OutputKind.List)
            return column.ClrType == typeof(long)
                ? new ListField(column.Name, new DataField<long>("element"))
                : new ListField(column.Name, new DataField<double>("element"));
        if (column.ClrType == typeof(double)) return new DataField<double?>(column.Name);
        if (column.ClrType == typeof(long)) return new DataField<long?>(column.Name);
        if (column.ClrType == typeof(bool)) return new DataField<bool?>(column.Name);
        throw new InvalidOperationException($"output column {column.Name}: unsupported type {column.ClrType.Name}");
    }

    private static DateTimeDataField Timestamp(string name) =>
        new(name, DateTimeFormat.Timestamp, isAdjustedToUTC: true, unit: DateTimeTimeUnit.Micros, isNullable: false);
}
