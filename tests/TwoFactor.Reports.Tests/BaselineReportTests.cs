using System.Globalization;

namespace TwoFactor.Reports.Tests;

/// <summary>
/// The report of a real baseline-comparison sweep (configs/compare-baselines-small.yaml, issue 11): the comparison
/// figure holds every storage rule of the dataset, each point equal to a DuckDB query over the parts, and the page
/// shows the per-model axis blocks.
/// </summary>
[Collection(ReportSweepsCollection.Name)]
public sealed class BaselineReportTests(ReportSweeps sweeps)
{
    private string Report => ReportSweeps.ReportFolder(sweeps.Baselines);

    [Fact]
    public void The_comparison_figure_has_every_model_of_the_dataset()
    {
        Assert.True(File.Exists(Path.Combine(Report, "model-comparison.png")));
        Assert.True(File.Exists(Path.Combine(Report, "model-comparison.svg")));
        var points = CsvPoint.Read(Path.Combine(Report, "model-comparison.csv"));
        var models = ReportSweeps.Query(sweeps.Baselines, "SELECT DISTINCT model FROM PARTS WHERE model <> 'two-factor' ORDER BY model")
            .Select(r => (string)r[0]!).ToList();
        Assert.Equal(["hebbian", "hebbian-pruned", "l1-perceptron", "neuronal-regulation", "willshaw"], models);
        foreach (var model in models) Assert.Contains(points, p => p.Series == model || p.Series.StartsWith(model + " (", StringComparison.Ordinal));
        Assert.Contains(points, p => p.Series.StartsWith("two-factor family", StringComparison.Ordinal));
    }

    [Fact]
    public void Each_baseline_point_is_its_cells_density_and_tolerance()
    {
        var points = CsvPoint.Read(Path.Combine(Report, "model-comparison.csv"));
        var rows = ReportSweeps.Query(sweeps.Baselines,
            "SELECT alpha, target_density, density, tolerance_cue_isotropic FROM PARTS WHERE model = 'hebbian-pruned' ORDER BY alpha, target_density");
        Assert.Equal(4, rows.Count);
        foreach (var row in rows)
        {
            double alpha = Convert.ToDouble(row[0], CultureInfo.InvariantCulture), target = Convert.ToDouble(row[1], CultureInfo.InvariantCulture);
            var point = Assert.Single(points, p => p.Panel == $"alpha = {alpha.ToString(CultureInfo.InvariantCulture)}"
                && p.Series.StartsWith("hebbian-pruned", StringComparison.Ordinal)
                && p.Series.Contains($"target_density={target.ToString(CultureInfo.InvariantCulture)}", StringComparison.Ordinal));
            Assert.Equal(Convert.ToDouble(row[2], CultureInfo.InvariantCulture), point.X, 12);
            Assert.Equal(Convert.ToDouble(row[3], CultureInfo.InvariantCulture), point.Y, 12);
        }
    }

    [Fact]
    public void The_page_lists_the_per_model_blocks_with_absent_values_as_dashes()
    {
        var html = File.ReadAllText(Path.Combine(Report, "index.html"));
        Assert.Contains("model-comparison.png", html);
        var row = System.Text.RegularExpressions.Regex.Match(html, "<td>target_density</td><td>([^<]*)</td>");
        Assert.True(row.Success, "no axis row for target_density");
        var values = row.Groups[1].Value.Split(", ");
        Assert.Contains("-", values);
        Assert.Contains("0.2", values);
        Assert.Contains("0.35", values);
    }
}
