using System.Globalization;

namespace TwoFactor.Core.SpineAnalysis;

/// <summary>
/// Reads traces from comma-separated text: one row per synapse, one column per time point, no header.
/// An empty cell or NaN is a missing measurement. Takes a <see cref="TextReader"/> (the caller opens the file),
/// so Core stays free of file I/O. Every problem is reported with the source name, 1-based row and column.
/// </summary>
public static class TraceCsvParser
{
    public static TraceMatrix Parse(TextReader reader, string sourceName)
    {
        var values = new List<double>();
        int columns = -1;
        int rows = 0;
        int lineNumber = 0;
        int blankLinesPending = 0;
        while (reader.ReadLine() is { } line)
        {
            lineNumber++;
            if (string.IsNullOrWhiteSpace(line))
            {
                blankLinesPending++; // trailing blank lines are fine; blank lines between rows are not
                continue;
            }
            if (blankLinesPending > 0)
                throw new SpineDataException($"{sourceName}: row {lineNumber - blankLinesPending}: empty line inside the table");

            string[] cells = line.Split(',');
            if (columns < 0) columns = cells.Length;
            else if (cells.Length != columns)
                throw new SpineDataException($"{sourceName}: row {lineNumber}: {cells.Length} columns, expected {columns} like row 1 (ragged rows)");

            for (int c = 0; c < cells.Length; c++) values.Add(ParseCell(cells[c], sourceName, lineNumber, c + 1));
            rows++;
        }

        if (rows == 0) throw new SpineDataException($"{sourceName}: no data rows");
        if (columns < 2) throw new SpineDataException($"{sourceName}: row 1: {columns} column; at least 2 time points are needed");
        return new TraceMatrix(rows, columns, values.ToArray());
    }

    public static TraceMatrix Parse(string text, string sourceName) => Parse(new StringReader(text), sourceName);

    private static double ParseCell(string cell, string source, int row, int column)
    {
        string trimmed = cell.Trim();
        if (trimmed.Length == 0 || trimmed.Equals("nan", StringComparison.OrdinalIgnoreCase)) return double.NaN;
        if (!double.TryParse(trimmed, NumberStyles.Float, CultureInfo.InvariantCulture, out double value))
            throw new SpineDataException($"{source}: row {row}, column {column}: '{Shorten(trimmed)}' is not a number"
                + (row == 1 ? " (the file has no header row: every row is one synapse's sizes)" : ""));
        if (double.IsInfinity(value))
            throw new SpineDataException($"{source}: row {row}, column {column}: infinite size");
        if (value < 0)
            throw new SpineDataException($"{source}: row {row}, column {column}: negative size {trimmed} (sizes must be >= 0)");
        return value;
    }

    private static string Shorten(string text) => text.Length <= 20 ? text : text[..20] + "...";
}
