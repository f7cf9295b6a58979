using System.Text.RegularExpressions;
using System.Xml.Linq;

namespace TwoFactor.Reports.Tests;

/// <summary>
/// The files a report of each protocol's small real sweep writes: every expected figure as PNG, SVG and CSV; PNGs of
/// the expected size and not blank; SVGs that parse as XML and name every series; a page that references only files
/// that exist and nothing outside the folder.
/// </summary>
[Collection(ReportSweepsCollection.Name)]
public sealed partial class ReportFilesTests(ReportSweeps sweeps)
{
    public static readonly Dictionary<string, string[]> ExpectedFigures = new()
    {
        ["static"] = ["density-vs-alpha", "min-margin-vs-alpha", "recall-vs-noise", "tolerance-vs-z", "trajectories", "model-comparison"],
        ["wake-sleep"] = ["before-after-sleep", "radius-change", "pruning-probability", "sleep-trajectories"],
        ["synaptic-noise"] = ["cv-vs-q", "q-min-vs-z", "r-squared", "increment-exponents"],
    };

    private string Folder(string protocol) => protocol switch
    {
        "static" => sweeps.Static,
        "wake-sleep" => sweeps.WakeSleep,
        _ => sweeps.SynapticNoise,
    };

    [Theory]
    [InlineData("static")]
    [InlineData("wake-sleep")]
    [InlineData("synaptic-noise")]
    public void Every_expected_file_exists(string protocol)
    {
        string report = ReportSweeps.ReportFolder(Folder(protocol));
        Assert.True(File.Exists(Path.Combine(report, "index.html")));
        foreach (var id in ExpectedFigures[protocol])
        foreach (var ext in new[] { "png", "svg", "csv" })
            Assert.True(File.Exists(Path.Combine(report, $"{id}.{ext}")), $"{protocol}: {id}.{ext} missing in {report}");
        // The convergence figure depends on whether a cell converged; either it is there or the page says why not.
        string html = File.ReadAllText(Path.Combine(report, "index.html"));
        if (protocol == "static")
            Assert.True(File.Exists(Path.Combine(report, "convergence-vs-alpha.png")) || html.Contains("no cell converged"));
    }

    [Theory]
    [InlineData("static")]
    [InlineData("wake-sleep")]
    [InlineData("synaptic-noise")]
    public void Pngs_decode_with_the_expected_size_and_are_not_blank(string protocol)
    {
        string report = ReportSweeps.ReportFolder(Folder(protocol));
        foreach (var id in ExpectedFigures[protocol])
        {
            int panels = CsvPoint.Read(Path.Combine(report, $"{id}.csv")).Select(p => p.Panel).Distinct().Count();
            int columns = Math.Min(FigureRenderer.MaxColumns, panels), rows = (panels + columns - 1) / columns;
            using var png = Images.Decode(Path.Combine(report, $"{id}.png"));
            Assert.Equal((columns * FigureRenderer.PanelWidth, rows * FigureRenderer.PanelHeight), (png.Width, png.Height));
            double std = Images.LuminanceStd(png), ink = Images.NonWhiteFraction(png);
            Assert.True(std > 15, $"{id}.png looks blank: luminance std {std:F1}");
            Assert.True(ink > 0.01, $"{id}.png looks blank: {ink:P2} non-white pixels");
        }
    }

    [Theory]
    [InlineData("static")]
    [InlineData("wake-sleep")]
    [InlineData("synaptic-noise")]
    public void Svgs_parse_as_xml_and_name_every_series(string protocol)
    {
        string report = ReportSweeps.ReportFolder(Folder(protocol));
        XNamespace svg = "http://www.w3.org/2000/svg";
        foreach (var id in ExpectedFigures[protocol])
        {
            var doc = XDocument.Load(Path.Combine(report, $"{id}.svg"));
            Assert.Equal(svg + "svg", doc.Root!.Name);
            var texts = doc.Descendants(svg + "text").Select(t => t.Value.Trim()).ToHashSet();
            var series = CsvPoint.Read(Path.Combine(report, $"{id}.csv")).Select(p => p.Series).Distinct().ToList();
            Assert.NotEmpty(series);
            // Thin per-cell lines are listed once per group in the legend ("z=2, alpha=0.1" for "z=2, alpha=0.1, seed=1, cell ...").
            foreach (var label in series)
                Assert.True(texts.Any(t => t == label || label.StartsWith(t + ", seed=", StringComparison.Ordinal)), $"{id}.svg: no legend text for series '{label}'");
            int shapes = doc.Descendants().Count(e => e.Name == svg + "path" || e.Name == svg + "ellipse");
            Assert.True(shapes > series.Count, $"{id}.svg: {shapes} shapes for {series.Count} series");
        }
    }

    [Theory]
    [InlineData("static")]
    [InlineData("wake-sleep")]
    [InlineData("synaptic-noise")]
    public void The_page_references_only_files_that_exist_and_nothing_external(string protocol)
    {
        string report = ReportSweeps.ReportFolder(Folder(protocol));
        string html = File.ReadAllText(Path.Combine(report, "index.html"));
        var references = Reference().Matches(html).Select(m => m.Groups[2].Value).ToList();
        Assert.Contains(references, r => r.EndsWith(".png", StringComparison.Ordinal));
        foreach (var r in references.Where(r => !r.StartsWith('#')))
        {
            Assert.DoesNotContain("://", r);
            Assert.True(File.Exists(Path.Combine(report, r)), $"index.html references {r}, which is not in {report}");
        }
        foreach (var id in ExpectedFigures[protocol]) Assert.Contains($"src=\"{id}.png\"", html);
        Assert.DoesNotContain("<script", html);
        Assert.DoesNotContain("<link", html);
        Assert.DoesNotContain("url(", html);
        Assert.DoesNotContain("@import", html);
        Assert.Contains("twofactor report ", html);
    }

    [GeneratedRegex("(src|href)=\"([^\"]*)\"")]
    private static partial Regex Reference();
}
