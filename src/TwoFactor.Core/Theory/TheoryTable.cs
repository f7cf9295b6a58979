using System.Globalization;

namespace TwoFactor.Core.Theory;

/// <summary>
/// A numeric table with a header row (the mean-field theory files shipped in data/theory). Parsed from text,
/// so Core stays free of file I/O: callers open the file.
/// </summary>
public sealed class TheoryTable
{
    private readonly Dictionary<string, int> _columns;

    public IReadOnlyList<double[]> Rows { get; }

    private TheoryTable(Dictionary<string, int> columns, List<double[]> rows)
    {
        _columns = columns;
        Rows = rows;
    }

    public static TheoryTable Parse(TextReader reader, string sourceName)
    {
        string header = reader.ReadLine() ?? throw new FormatException($"{sourceName}: empty file");
        var names = header.Split(',').Select(s => s.Trim()).ToArray();
        var columns = names.Select((name, index) => (name, index)).ToDictionary(x => x.name, x => x.index);
        var rows = new List<double[]>();
        int lineNumber = 1;
        for (string? line = reader.ReadLine(); line is not null; line = reader.ReadLine())
        {
            lineNumber++;
            if (string.IsNullOrWhiteSpace(line)) continue;
            var cells = line.Split(',');
            if (cells.Length != names.Length)
                throw new FormatException($"{sourceName}:{lineNumber}: expected {names.Length} values, found {cells.Length}");
            var row = new double[cells.Length];
            for (int c = 0; c < cells.Length; c++)
            {
                if (!double.TryParse(cells[c], NumberStyles.Float, CultureInfo.InvariantCulture, out row[c]))
                    throw new FormatException($"{sourceName}:{lineNumber}: column '{names[c]}' is not a number: '{cells[c]}'");
            }
            rows.Add(row);
        }
        return new TheoryTable(columns, rows);
    }

    public int Column(string name) => _columns.TryGetValue(name, out int index)
        ? index
        : throw new KeyNotFoundException($"no column '{name}' (have: {string.Join(", ", _columns.Keys)})");

    /// <summary>
    /// Linear interpolation of column <paramref name="valueColumn"/> in alpha along the curve of coding level f
    /// (the rows whose f equals <paramref name="f"/>), as data/README.md prescribes.
    /// </summary>
    public double InterpolateAtAlpha(double f, double alpha, string valueColumn)
    {
        int fColumn = Column("f"), alphaColumn = Column("alpha"), value = Column(valueColumn);
        var curve = Rows.Where(r => Math.Abs(r[fColumn] - f) < 1e-9).OrderBy(r => r[alphaColumn]).ToList();
        if (curve.Count < 2) throw new ArgumentOutOfRangeException(nameof(f), $"no theory curve for f = {f}");
        if (alpha < curve[0][alphaColumn] || alpha > curve[^1][alphaColumn])
            throw new ArgumentOutOfRangeException(nameof(alpha), $"alpha {alpha} outside the curve [{curve[0][alphaColumn]}, {curve[^1][alphaColumn]}]");
        for (int k = 1; k < curve.Count; k++)
        {
            double a0 = curve[k - 1][alphaColumn], a1 = curve[k][alphaColumn];
            if (alpha > a1) continue;
            double t = a1 == a0 ? 0 : (alpha - a0) / (a1 - a0);
            return curve[k - 1][value] + t * (curve[k][value] - curve[k - 1][value]);
        }
        return curve[^1][value];
    }
}
