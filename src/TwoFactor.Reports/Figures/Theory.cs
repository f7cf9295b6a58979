using TwoFactor.Core.Theory;

namespace TwoFactor.Reports;

/// <summary>
/// The mean-field theory curves shipped in data/theory (data/README.md): the L1 solution's density (z = 2), the L2
/// solution's margin kappa (z = 1) and the capacity alpha_c, each per coding level f. Found like the other shipped data
/// files (<see cref="DataFiles"/>); a report without them still draws the data and says the theory is absent.
/// </summary>
public sealed class Theory
{
    private readonly TheoryTable? _l1, _l2, _capacity;

    private Theory(TheoryTable? l1, TheoryTable? l2, TheoryTable? capacity)
    {
        _l1 = l1;
        _l2 = l2;
        _capacity = capacity;
    }

    public const string L1File = "data/theory/theory_l1_z2.csv";
    public const string L2File = "data/theory/theory_l2_z1.csv";
    public const string CapacityFile = "data/theory/theory_capacity.csv";

    public static Theory Load() => new(TryLoad(L1File), TryLoad(L2File), TryLoad(CapacityFile));

    public bool Available => _l1 is not null && _l2 is not null && _capacity is not null;

    /// <summary>alpha_c for coding level f (sign-constrained weights), or null when the table has no row for f.</summary>
    public double? Capacity(double f)
    {
        if (_capacity is null) return null;
        int fc = _capacity.Column("f"), ac = _capacity.Column("alpha_c");
        var row = _capacity.Rows.FirstOrDefault(r => Math.Abs(r[fc] - f) < 1e-9);
        return row?[ac];
    }

    /// <summary>Density of the L1 (z = 2) solution against alpha at coding level f, alpha ascending.</summary>
    public (double[] Alpha, double[] Value)? L1Density(double f) => Curve(_l1, f, "density");

    /// <summary>Min margin kappa of the L2 (z = 1) solution against alpha at coding level f.</summary>
    public (double[] Alpha, double[] Value)? L2Kappa(double f) => Curve(_l2, f, "kappa");

    private static (double[] Alpha, double[] Value)? Curve(TheoryTable? table, double f, string column)
    {
        if (table is null) return null;
        int fc = table.Column("f"), ac = table.Column("alpha"), vc = table.Column(column);
        var rows = table.Rows.Where(r => Math.Abs(r[fc] - f) < 1e-9).OrderBy(r => r[ac]).ToList();
        if (rows.Count < 2) return null;
        return (rows.Select(r => r[ac]).ToArray(), rows.Select(r => r[vc]).ToArray());
    }

    private static TheoryTable? TryLoad(string path)
    {
        try
        {
            string located = DataFiles.Locate(path);
            using var reader = File.OpenText(located);
            return TheoryTable.Parse(reader, located);
        }
        catch (FileNotFoundException)
        {
            return null;
        }
    }
}
