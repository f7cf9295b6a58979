using System.Globalization;
using System.Text.RegularExpressions;

namespace TwoFactor.Reports.Tests;

/// <summary>
/// The numbers a report shows (plotted points in the CSVs, the page's cell counts and tables) equal DuckDB queries over
/// the same committed parts.
/// </summary>
[Collection(ReportSweepsCollection.Name)]
public sealed partial class ReportNumbersTests(ReportSweeps sweeps)
{
    private static double D(object? value) => Convert.ToDouble(value, CultureInfo.InvariantCulture);

    private static string Html(string folder) => File.ReadAllText(Path.Combine(ReportSweeps.ReportFolder(folder), "index.html"));

    [Fact]
    public void Static_density_points_are_the_mean_and_std_over_seeds()
    {
        var points = CsvPoint.Read(Path.Combine(ReportSweeps.ReportFolder(sweeps.Static), "density-vs-alpha.csv"));
        var expected = ReportSweeps.Query(sweeps.Static,
            "SELECT z, alpha, avg(density), stddev_samp(density), count(*) FROM PARTS WHERE status = 'completed' GROUP BY z, alpha ORDER BY z, alpha");
        Assert.Equal(4, expected.Count);
        foreach (var row in expected)
        {
            // f = 0.5: alpha_c = 1, so x = alpha / alpha_c = alpha.
            var p = Assert.Single(points, p => p.Series == $"z={row[0]}" && p.X == D(row[1]));
            Assert.Equal(D(row[2]), p.Y, 12);
            Assert.Equal(D(row[3]), p.YStd!.Value, 12);
            Assert.Equal(Convert.ToInt32(row[4], CultureInfo.InvariantCulture), p.N);
            Assert.Equal(2, p.N);
        }
        Assert.Contains(points, p => p.Series.StartsWith("L1 theory", StringComparison.Ordinal));
    }

    [Fact]
    public void Cell_counts_on_the_page_equal_the_parts_and_the_plan()
    {
        foreach (var folder in new[] { sweeps.Static, sweeps.WakeSleep, sweeps.SynapticNoise })
        {
            var counts = ReportSweeps.Query(folder,
                "SELECT CAST(sum(CASE WHEN status = 'completed' THEN 1 ELSE 0 END) AS BIGINT), CAST(sum(CASE WHEN status = 'failed' THEN 1 ELSE 0 END) AS BIGINT), count(DISTINCT cell_id) FROM PARTS")[0];
            var loaded = SweepLoader.Load(Path.Combine(folder, "sweep.yaml"), []);
            int planned = SweepPlanner.Plan(loaded.Spec!).Cells.Count;
            string html = Html(folder);
            Assert.Equal(planned, Count(html, "planned"));
            Assert.Equal(Convert.ToInt32(counts[0], CultureInfo.InvariantCulture), Count(html, "done"));
            Assert.Equal(Convert.ToInt32(counts[1], CultureInfo.InvariantCulture), Count(html, "failed"));
            Assert.Equal(planned - Convert.ToInt32(counts[2], CultureInfo.InvariantCulture), Count(html, "missing"));
        }
    }

    [Fact]
    public void Model_comparison_table_equals_the_parts()
    {
        var table = TableRows(Html(sweeps.Static), "table-model-comparison");
        var expected = ReportSweeps.Query(sweeps.Static,
            "SELECT alpha, z, avg(density), stddev_samp(density), avg(tolerance_cue_isotropic), stddev_samp(tolerance_cue_isotropic), count(*) " +
            "FROM PARTS WHERE status = 'completed' AND tolerance_cue_isotropic IS NOT NULL GROUP BY alpha, z ORDER BY alpha, z");
        Assert.NotEmpty(expected);
        Assert.Equal(expected.Count, table.Count);
        foreach (var row in expected)
        {
            var shown = Assert.Single(table, t => t[0] == G4(row[0]) && t[2] == $"z={G4(row[1])}");
            Assert.Equal("two-factor", shown[1]);
            Assert.Equal<string>([G4(row[2]), G4(row[3]), G4(row[4]), G4(row[5]), row[6]!.ToString()!], shown[3..]);
        }
    }

    [Fact]
    public void Wake_sleep_before_and_after_points_equal_the_parts()
    {
        var points = CsvPoint.Read(Path.Combine(ReportSweeps.ReportFolder(sweeps.WakeSleep), "before-after-sleep.csv"));
        var expected = ReportSweeps.Query(sweeps.WakeSleep,
            "SELECT alpha, avg(density_before), avg(density_after), stddev_samp(density_after), count(*) FROM PARTS WHERE status = 'completed' GROUP BY alpha ORDER BY alpha");
        Assert.Equal(2, expected.Count);
        foreach (var row in expected)
        {
            Assert.Equal(D(row[1]), Assert.Single(points, p => p.Panel == "density" && p.Series == "before sleep" && p.X == D(row[0])).Y, 12);
            var after = Assert.Single(points, p => p.Panel == "density" && p.Series == "after sleep" && p.X == D(row[0]));
            Assert.Equal(D(row[2]), after.Y, 12);
            Assert.Equal(D(row[3]), after.YStd!.Value, 12);
        }
    }

    [Fact]
    public void Synaptic_noise_r_squared_table_equals_the_parts()
    {
        var table = TableRows(Html(sweeps.SynapticNoise), "table-r-squared");
        var expected = ReportSweeps.Query(sweeps.SynapticNoise, "SELECT model, z, r_squared FROM PARTS WHERE status = 'completed'");
        Assert.Equal(7, expected.Count);
        foreach (var row in expected)
        {
            string label = (string)row[0]! == "z-factor" ? $"z={row[1]}" : (string)row[0]!;
            Assert.Equal(G4(row[2]), Assert.Single(table, t => t[0] == label)[1]);
        }
    }

    private static string G4(object? value) => value is long or int ? Convert.ToString(value, CultureInfo.InvariantCulture)! : D(value).ToString("G4", CultureInfo.InvariantCulture);

    private static int Count(string html, string id)
    {
        var m = Regex.Match(html, $"<td id=\"count-{id}\">(\\d+)</td>");
        Assert.True(m.Success, $"no count-{id} cell in the page");
        return int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture);
    }

    /// <summary>The body rows of the page's table with this id, cells decoded.</summary>
    private static List<string[]> TableRows(string html, string id)
    {
        int start = html.IndexOf($"id=\"{id}\"", StringComparison.Ordinal);
        Assert.True(start >= 0, $"no table {id} in the page");
        string table = html[start..html.IndexOf("</table>", start, StringComparison.Ordinal)];
        return Row().Matches(table).Select(m => Cell().Matches(m.Value).Select(c => System.Net.WebUtility.HtmlDecode(c.Groups[1].Value)).ToArray())
            .Where(cells => cells.Length > 0).ToList();
    }

    [GeneratedRegex("<tr>.*?</tr>", RegexOptions.Singleline)]
    private static partial Regex Row();

    [GeneratedRegex("<td>(.*?)</td>", RegexOptions.Singleline)]
    private static partial Regex Cell();
}
