using System.Globalization;

namespace TwoFactor.Reports;

/// <summary>Typed access to a result row's parameters and outputs by column name (parameters first, then scalars).</summary>
public static class RowValues
{
    /// <summary>A numeric parameter or scalar output; null when absent, null or not a finite number.</summary>
    public static double? Number(this ResultRow row, string column)
    {
        object? value = row.Parameters.TryGetValue(column, out var p) ? p : row.Scalars.GetValueOrDefault(column);
        double? d = value switch
        {
            double x => x,
            long x => x,
            int x => x,
            bool b => b ? 1 : 0,
            _ => null,
        };
        return d is { } v && double.IsFinite(v) ? v : null;
    }

    /// <summary>A parameter or output as display text (canonical form: 0.1, [a,b]); null when absent or null.</summary>
    public static string? Text(this ResultRow row, string column)
    {
        object? value = row.Parameters.TryGetValue(column, out var p) ? p : row.Scalars.GetValueOrDefault(column);
        return value is null ? null : CanonicalText.Format(value);
    }

    public static double[] List(this ResultRow row, string column) => row.Lists.GetValueOrDefault(column) ?? [];

    /// <summary>Short number format for labels and tables (round-trip precision lives in the CSV files).</summary>
    public static string Short(double value) => double.IsNaN(value) ? "" : value.ToString("G4", CultureInfo.InvariantCulture);

    /// <summary>Round-trip number format for the CSV files, so tests and readers can compare exactly.</summary>
    public static string Exact(double value) => double.IsNaN(value) ? "" : value.ToString("R", CultureInfo.InvariantCulture);
}
