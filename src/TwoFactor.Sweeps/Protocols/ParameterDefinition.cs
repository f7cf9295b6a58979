namespace TwoFactor.Sweeps;

/// <summary>The value type of a protocol parameter; it fixes the YAML parsing and the Parquet column type.</summary>
public enum ParameterType
{
    /// <summary>A whole number, stored as <see cref="long"/> (Parquet INT64).</summary>
    Integer,
    /// <summary>A real number, stored as <see cref="double"/> (Parquet DOUBLE).</summary>
    Float,
    /// <summary>true / false, stored as <see cref="bool"/>.</summary>
    Boolean,
    /// <summary>Text, stored as <see cref="string"/>; restricted to <see cref="ParameterDefinition.Allowed"/> when given.</summary>
    Text,
    /// <summary>A list of texts, stored as <see cref="string"/>[] (Parquet list of strings).</summary>
    TextList,
}

/// <summary>
/// One parameter of a protocol: its sweep-file key, type, default (as shown to users), description and,
/// for texts, the allowed values. Drives validation, did-you-mean suggestions and the typed Parquet columns.
/// </summary>
/// <param name="Default">The default as a canonical value, or null when it is derived (see <paramref name="DefaultText"/>).</param>
/// <param name="DefaultText">How the default is described to users, e.g. "paper value for z".</param>
/// <param name="Allowed">For <see cref="ParameterType.Text"/> and <see cref="ParameterType.TextList"/>: the allowed values.</param>
/// <param name="Optional">Whether null ("use the derived default") is accepted.</param>
public sealed record ParameterDefinition(
    string Name,
    ParameterType Type,
    object? Default,
    string DefaultText,
    string Description,
    IReadOnlyList<string>? Allowed = null,
    bool Optional = false)
{
    /// <summary>The CLR type of the canonical value (long, double, bool, string, string[]).</summary>
    public Type ClrType => Type switch
    {
        ParameterType.Integer => typeof(long),
        ParameterType.Float => typeof(double),
        ParameterType.Boolean => typeof(bool),
        ParameterType.Text => typeof(string),
        _ => typeof(string[]),
    };
}
