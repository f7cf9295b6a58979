using System.Globalization;
using System.Net;
using System.Text;

namespace TwoFactor.Reports;

/// <summary>
/// The report's index.html: one page with inline CSS and no scripts or external fonts (works offline, from a file
/// URL): the sweep's identity and the command that made the page, cell counts, fixed parameters and axes, every
/// figure with its caption, columns, data file and table, notes on figures left out, failed and missing cells.
/// </summary>
public static class HtmlPage
{
    /// <summary>Missing cells listed by id at most (the count is always complete).</summary>
    public const int MaxListedMissing = 50;

    public sealed record FigureFiles(Figure Figure, string Image, IReadOnlyList<string> Other, string Data);

    public static string Write(SweepResults results, IReadOnlyList<FigureFiles> figures, IReadOnlyList<string> notes, string command, DateTimeOffset generatedAt)
    {
        var plan = results.Plan;
        var h = new StringBuilder();
        h.Append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
            .Append("<title>").Append(E($"{plan.Name} ({plan.SweepId}): sweep report")).Append("</title>\n")
            .Append("<style>\n").Append(Css).Append("</style>\n</head>\n<body>\n");
        h.Append("<h1>").Append(E(plan.Name)).Append(" <span class=\"id\">").Append(E(plan.SweepId)).Append("</span></h1>\n");
        if (results.Spec.Description is { } description) h.Append("<p>").Append(E(description)).Append("</p>\n");
        h.Append("<p>Protocol <b>").Append(E(plan.Protocol)).Append("</b>; results folder <code>").Append(E(results.Folder))
            .Append("</code>; ").Append(results.Parts.Count.ToString(CultureInfo.InvariantCulture)).Append(" committed part(s) read; generated ")
            .Append(E(generatedAt.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss 'UTC'", CultureInfo.InvariantCulture))).Append(".</p>\n");
        h.Append("<p>Produced by <code id=\"command\">").Append(E(command)).Append("</code></p>\n");
        var versions = results.Rows.Select(r => r.CodeVersion).Distinct().Order(StringComparer.Ordinal).ToList();
        if (versions.Count > 0) h.Append("<p>Code version(s) of the rows: ").Append(E(string.Join(", ", versions))).Append("</p>\n");

        Counts(h, results);
        Parameters(h, results);
        Contents(h, figures);
        for (int k = 0; k < figures.Count; k++) FigureSection(h, figures[k], k + 1);
        if (notes.Count > 0)
        {
            h.Append("<h2 id=\"notes\">Figures not drawn</h2>\n<ul>\n");
            foreach (var note in notes) h.Append("<li>").Append(E(note)).Append("</li>\n");
            h.Append("</ul>\n");
        }
        Failed(h, results);
        Missing(h, results);
        h.Append("</body>\n</html>\n");
        return h.ToString();
    }

    private static void Counts(StringBuilder h, SweepResults results)
    {
        h.Append("<h2 id=\"cells\">Cells</h2>\n<table class=\"counts\">\n<tr><th>planned</th><th>done</th><th>failed</th><th>missing</th></tr>\n<tr>")
            .Append(Td(results.Plan.Cells.Count, "planned")).Append(Td(results.Completed.Count, "done"))
            .Append(Td(results.Failed.Count, "failed")).Append(Td(results.Missing.Count, "missing")).Append("</tr>\n</table>\n")
            .Append("<p class=\"note\">done: rows with status completed; failed: rows with status failed; missing: cells of the plan ")
            .Append("(re-planned from sweep.yaml) without a row in a committed part: still running, not started, or lost with a killed run ")
            .Append("(run the same sweep again to resume).</p>\n");
    }

    private static string Td(int value, string id) => $"<td id=\"count-{id}\">{value.ToString(CultureInfo.InvariantCulture)}</td>";

    /// <summary>An axis value; "-" where a per-model block does not set the parameter (AxisColumn.Absent), as `plan` shows it.</summary>
    private static string AxisValue(object? value) => ReferenceEquals(value, AxisColumn.Absent) ? "-" : CanonicalText.Format(value);

    private static void Parameters(StringBuilder h, SweepResults results)
    {
        var spec = results.Spec;
        h.Append("<h2 id=\"parameters\">Parameters</h2>\n");
        if (spec.Base.Count > 0)
        {
            h.Append("<table class=\"fixed\">\n<tr><th>fixed parameter</th><th>value</th></tr>\n");
            foreach (var v in spec.Base) h.Append("<tr><td>").Append(E(v.Parameter)).Append("</td><td>").Append(E(CanonicalText.Format(v.Value))).Append("</td></tr>\n");
            h.Append("</table>\n");
        }
        if (spec.Axes.Count > 0)
        {
            h.Append("<table class=\"axes\">\n<tr><th>axis</th><th>parameter</th><th>values</th></tr>\n");
            foreach (var axis in spec.Axes)
            {
                foreach (var column in axis.Columns)
                {
                    h.Append("<tr><td>").Append(E(axis.Name)).Append("</td><td>").Append(E(column.Parameter)).Append("</td><td>")
                        .Append(E(string.Join(", ", column.Values.Select(AxisValue)))).Append("</td></tr>\n");
                }
            }
            h.Append("</table>\n");
        }
        h.Append("<p class=\"note\">Parameters not listed take their defaults; every row holds its resolved values (docs/results-schema.md).</p>\n");
    }

    private static void Contents(StringBuilder h, IReadOnlyList<FigureFiles> figures)
    {
        if (figures.Count == 0) return;
        h.Append("<h2>Figures</h2>\n<ol class=\"toc\">\n");
        foreach (var f in figures) h.Append("<li><a href=\"#").Append(E(f.Figure.Id)).Append("\">").Append(E(f.Figure.Title)).Append("</a></li>\n");
        h.Append("</ol>\n");
    }

    private static void FigureSection(StringBuilder h, FigureFiles files, int number)
    {
        var f = files.Figure;
        var (width, height) = FigureRenderer.Size(f);
        h.Append("<section class=\"figure\" id=\"").Append(E(f.Id)).Append("\">\n<h3>Figure ").Append(number.ToString(CultureInfo.InvariantCulture))
            .Append(". ").Append(E(f.Title)).Append("</h3>\n")
            .Append("<img src=\"").Append(E(files.Image)).Append("\" width=\"").Append(width.ToString(CultureInfo.InvariantCulture))
            .Append("\" height=\"").Append(height.ToString(CultureInfo.InvariantCulture)).Append("\" alt=\"").Append(E(f.Title)).Append("\">\n")
            .Append("<p class=\"caption\">").Append(E(f.Caption)).Append("</p>\n")
            .Append("<p class=\"note\">Columns: ").Append(E(string.Join(", ", f.Columns))).Append(". Plotted numbers: <a href=\"")
            .Append(E(files.Data)).Append("\">").Append(E(files.Data)).Append("</a>");
        foreach (var other in files.Other) h.Append("; <a href=\"").Append(E(other)).Append("\">").Append(E(other)).Append("</a>");
        h.Append(".</p>\n");
        if (f.Table is { } table)
        {
            h.Append("<table class=\"data\" id=\"table-").Append(E(f.Id)).Append("\">\n<tr>");
            foreach (var c in table.Header) h.Append("<th>").Append(E(c)).Append("</th>");
            h.Append("</tr>\n");
            foreach (var row in table.Rows)
            {
                h.Append("<tr>");
                foreach (var c in row) h.Append("<td>").Append(E(c)).Append("</td>");
                h.Append("</tr>\n");
            }
            h.Append("</table>\n");
        }
        h.Append("</section>\n");
    }

    private static void Failed(StringBuilder h, SweepResults results) =>
        CellTable(h, "failed", "Failed cells", "None.", ["cell_id", "parameters", "error_message"],
            results.Failed.Count, results.Failed.Select(r => (r.CellId, new[] { Varied(results, r.Parameters), r.ErrorMessage ?? "" })));

    private static void Missing(StringBuilder h, SweepResults results) =>
        CellTable(h, "missing", "Missing cells", "None: every planned cell has a row.", ["cell_id", "parameters"],
            results.Missing.Count, results.Missing.Take(MaxListedMissing).Select(c => (c.CellId, new[] { Varied(results, c.Parameters) })));

    /// <summary>
    /// A section of cells by id (failed or missing ones): the heading with the complete <paramref name="count"/>,
    /// a row per listed cell (its id and other columns), and how many more there are than were listed.
    /// </summary>
    private static void CellTable(StringBuilder h, string id, string title, string none, string[] headers,
        int count, IEnumerable<(string CellId, string[] Columns)> listed)
    {
        h.Append("<h2 id=\"").Append(id).Append("\">").Append(title).Append(" (").Append(count.ToString(CultureInfo.InvariantCulture)).Append(")</h2>\n");
        if (count == 0)
        {
            h.Append("<p>").Append(none).Append("</p>\n");
            return;
        }
        h.Append("<table class=\"").Append(id).Append("\">\n<tr>");
        foreach (var header in headers) h.Append("<th>").Append(header).Append("</th>");
        h.Append("</tr>\n");
        int rows = 0;
        foreach (var (cellId, columns) in listed)
        {
            rows++;
            h.Append("<tr><td><code>").Append(E(cellId)).Append("</code></td>");
            foreach (var column in columns) h.Append("<td>").Append(E(column)).Append("</td>");
            h.Append("</tr>\n");
        }
        h.Append("</table>\n");
        if (count > rows)
            h.Append("<p class=\"note\">... and ").Append((count - rows).ToString(CultureInfo.InvariantCulture)).Append(" more.</p>\n");
    }

    /// <summary>A cell's values of the sweep's axes, e.g. "alpha=0.1, z=2, seed=1".</summary>
    private static string Varied(SweepResults results, IReadOnlyDictionary<string, object?> parameters) =>
        string.Join(", ", results.Spec.Axes.SelectMany(a => a.Columns).Select(c => c.Parameter).Distinct()
            .Select(p => $"{p}={(parameters.TryGetValue(p, out var v) ? CanonicalText.Format(v) : "?")}"));

    private static string E(string text) => WebUtility.HtmlEncode(text);

    private const string Css = """
        body { font-family: sans-serif; max-width: 1720px; margin: 1.5em auto; padding: 0 1em; color: #222; line-height: 1.4; }
        h1 .id { font-size: 0.6em; color: #777; font-weight: normal; }
        table { border-collapse: collapse; margin: 0.5em 0 1em; }
        th, td { border: 1px solid #ccc; padding: 0.2em 0.6em; text-align: left; vertical-align: top; font-size: 0.92em; }
        th { background: #f2f2f2; }
        td#count-failed, table.failed td:last-child { color: #a00; }
        .note { color: #555; font-size: 0.9em; }
        .caption { max-width: 1100px; }
        section.figure { margin: 2em 0; border-top: 1px solid #ddd; }
        img { max-width: 100%; height: auto; border: 1px solid #eee; }
        code { background: #f6f6f6; padding: 0 0.2em; }

        """;
}
