namespace TwoFactor.Core.SpineAnalysis;

/// <summary>A trace file that cannot be analysed; the message names the source, row and column (1-based) and the reason.</summary>
public sealed class SpineDataException(string message) : Exception(message);
