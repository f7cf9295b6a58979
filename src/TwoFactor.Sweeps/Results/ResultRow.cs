namespace TwoFactor.Sweeps;

/// <summary>Status values of a result row.</summary>
public static class CellStatus
{
    public const string Completed = "completed";
    public const string Failed = "failed";
}

/// <summary>
/// One row of the results table: one executed cell. <see cref="Parameters"/> are the cell's canonical
/// resolved values; <see cref="Scalars"/> and <see cref="Lists"/> hold every output column of the protocol
/// (null scalars and empty lists for a failed cell).
/// </summary>
public sealed record ResultRow(
    string SweepId,
    string CellId,
    string Protocol,
    string Status,
    string? ErrorMessage,
    IReadOnlyDictionary<string, object?> Parameters,
    IReadOnlyDictionary<string, object?> Scalars,
    IReadOnlyDictionary<string, double[]> Lists,
    string Engine,
    string Host,
    double WallSeconds,
    string CodeVersion,
    DateTimeOffset StartedAt,
    DateTimeOffset FinishedAt)
{
    /// <summary>The sweep file's name, beside <see cref="SweepId"/> in the results (null in rows of older parts).</summary>
    public string? SweepName { get; init; }

    /// <summary>Whether the cell failed (status "failed", in any case: older parts wrote it as they liked).</summary>
    public bool IsFailed => string.Equals(Status, CellStatus.Failed, StringComparison.OrdinalIgnoreCase);
}
