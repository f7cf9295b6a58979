namespace TwoFactor.Reports;

/// <summary>
/// Input the report cannot work on (no results folder, no committed parts, an unreadable part, columns missing):
/// one line that names the file and the reason, raised before any figure is drawn. The CLI prints it with exit code 2.
/// </summary>
public sealed class ReportInputException(string message) : Exception(message);
