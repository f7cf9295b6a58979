namespace TwoFactor.Sweeps;

/// <summary>Whether an output is one value per cell or a curve (a list of doubles).</summary>
public enum OutputKind
{
    Scalar,
    List,
}

/// <summary>
/// One output of a protocol, a column of the results table. Scalars have CLR type double, long or bool
/// (always nullable in Parquet: a failed cell has none); lists are lists of double, or of long for integer
/// lists (the row holds them as whole doubles; the results store writes them as BIGINT[]).
/// </summary>
public sealed record OutputColumn(string Name, OutputKind Kind, Type ClrType)
{
    public static OutputColumn Scalar(string name, Type type) => new(name, OutputKind.Scalar, Nullable.GetUnderlyingType(type) ?? type);
    public static OutputColumn List(string name) => new(name, OutputKind.List, typeof(double));
    public static OutputColumn List(string name, Type elementType) => new(name, OutputKind.List, elementType);
}
