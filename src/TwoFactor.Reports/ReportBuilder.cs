using System.Globalization;
using System.Text;

namespace TwoFactor.Reports;

/// <summary>Image formats a report writes (the first one is shown in the page).</summary>
public static class ReportFormats
{
    public static readonly string[] All = ["png", "svg"];
}

/// <summary>Where and how to write a report; <paramref name="Command"/> is shown in the page as the command that produced it.</summary>
public sealed record ReportOptions(string? OutputDirectory, IReadOnlyList<string> Formats, string Command);

/// <summary>What a report wrote: the page, and per figure its files.</summary>
public sealed record ReportOutcome(string OutputDirectory, string IndexPath, IReadOnlyList<HtmlPage.FigureFiles> Figures, IReadOnlyList<string> Notes,
    SweepResults Results);

/// <summary>
/// Builds a report of one results folder: loads and checks the committed parts (all input errors before anything is
/// written), builds the protocol's figures, renders each one per format plus a CSV of its plotted numbers, and writes
/// index.html. Default output: &lt;results folder&gt;/report/.
/// </summary>
public static class ReportBuilder
{
    public const string DefaultFolderName = "report";
    public const string IndexFileName = "index.html";

    public static async Task<ReportOutcome> BuildAsync(string resultsFolder, ReportOptions options, IProgress<string>? progress = null,
        CancellationToken ct = default)
    {
        if (options.Formats.Count == 0) throw new ReportInputException("--format: give at least one of " + string.Join(", ", ReportFormats.All));
        var unknown = options.Formats.FirstOrDefault(f => !ReportFormats.All.Contains(f));
        if (unknown is not null) throw new ReportInputException($"--format: unknown format '{unknown}'; choose from {string.Join(", ", ReportFormats.All)}");

        var results = await SweepResults.LoadAsync(resultsFolder, FigureCatalog.Columns, progress, ct);
        progress?.Report($"{results.Rows.Count} rows ({results.Completed.Count} completed, {results.Failed.Count} failed), " +
                         $"{results.Missing.Count} of {results.Plan.Cells.Count} planned cells missing");
        var theory = Theory.Load();
        var set = new FigureSet();
        if (!theory.Available) set.Note($"theory curves not found ({Theory.L1File}, {Theory.L2File}, {Theory.CapacityFile}): figures show the data only");
        foreach (var builder in FigureCatalog.For(results.Protocol)) builder.Build(results, theory, set);

        string output = Path.GetFullPath(options.OutputDirectory ?? Path.Combine(results.Folder, DefaultFolderName));
        Directory.CreateDirectory(output);
        var files = new List<HtmlPage.FigureFiles>();
        for (int k = 0; k < set.Figures.Count; k++)
        {
            ct.ThrowIfCancellationRequested();
            var figure = set.Figures[k];
            progress?.Report($"figure {k + 1}/{set.Figures.Count}: {figure.Id}");
            var images = new List<string>();
            foreach (var format in options.Formats)
            {
                string name = $"{figure.Id}.{format}";
                if (format == "png") FigureRenderer.SavePng(figure, Path.Combine(output, name));
                else FigureRenderer.SaveSvg(figure, Path.Combine(output, name));
                images.Add(name);
            }
            string data = $"{figure.Id}.csv";
            File.WriteAllText(Path.Combine(output, data), FigureCsv.Write(figure));
            files.Add(new HtmlPage.FigureFiles(figure, images[0], images.Skip(1).ToList(), data));
        }
        string index = Path.Combine(output, IndexFileName);
        File.WriteAllText(index, HtmlPage.Write(results, files, set.Notes, options.Command, DateTimeOffset.UtcNow));
        progress?.Report($"wrote {index}");
        return new ReportOutcome(output, index, files, set.Notes, results);
    }
}

/// <summary>
/// The numbers a figure plots, one line per point: panel, series, x, y, y_std (sample std over seeds, empty when one
/// seed), n (rows behind the point; empty for theory curves). Round-trip precision, so they can be checked exactly.
/// </summary>
public static class FigureCsv
{
    public const string Header = "panel,series,x,y,y_std,n";

    public static string Write(Figure figure)
    {
        var csv = new StringBuilder(Header).Append('\n');
        for (int p = 0; p < figure.Panels.Count; p++)
        {
            var panel = figure.Panels[p];
            string panelName = panel.Title.Length > 0 ? panel.Title : (p + 1).ToString(CultureInfo.InvariantCulture);
            foreach (var s in panel.Series)
            {
                for (int k = 0; k < s.X.Length; k++)
                {
                    csv.Append(Quote(panelName)).Append(',').Append(Quote(s.Label)).Append(',').Append(RowValues.Exact(s.X[k])).Append(',')
                        .Append(RowValues.Exact(s.Y[k])).Append(',').Append(s.YErr is null ? "" : RowValues.Exact(s.YErr[k])).Append(',')
                        .Append(s.Count is null ? "" : s.Count[k].ToString(CultureInfo.InvariantCulture)).Append('\n');
                }
            }
        }
        return csv.ToString();
    }

    private static string Quote(string text) => text.IndexOfAny([',', '"', '\n']) >= 0 ? $"\"{text.Replace("\"", "\"\"")}\"" : text;
}
