namespace TwoFactor.Sweeps;

/// <summary>A committed part file: its name (e.g. part-00003.parquet), its row count and the cells it holds.</summary>
public sealed record PartInfo(string FileName, int Rows, IReadOnlyList<string> CellIds);
