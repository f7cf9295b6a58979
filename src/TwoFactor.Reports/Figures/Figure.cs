namespace TwoFactor.Reports;

/// <summary>How a series is drawn.</summary>
public enum SeriesKind
{
    /// <summary>Lines through markers; error bars where <see cref="Series.YErr"/> is set.</summary>
    LineMarkers,
    /// <summary>Markers only (baselines, scatter clouds); error bars where set.</summary>
    Markers,
    /// <summary>A thin line without markers (trajectories, curves with many points).</summary>
    Line,
    /// <summary>A line with a shaded band of +- <see cref="Series.YErr"/>.</summary>
    Band,
    /// <summary>A dashed reference line (theory, published values); a band when <see cref="Series.YErr"/> is set.</summary>
    Reference,
}

/// <summary>
/// One plotted series: points (X, Y), optional +- YErr (the std over seeds for aggregated series) and the number of
/// rows behind each point. Plain data, so figures are tested without pixels and written out as CSV beside the images.
/// </summary>
public sealed record Series(string Label, double[] X, double[] Y, SeriesKind Kind)
{
    public double[]? YErr { get; init; }

    /// <summary>Rows (seeds) behind each point; null for series that are not aggregates of rows (theory curves).</summary>
    public int[]? Count { get; init; }

    /// <summary>Series with the same group share a colour (e.g. every trajectory of one z); -1: own colour.</summary>
    public int Group { get; init; } = -1;

    /// <summary>False for all but one member of a group of thin lines, so the legend lists the group once.</summary>
    public bool InLegend { get; init; } = true;

    /// <summary>Text drawn beside each point (e.g. "z=2" along the two-factor family's line); null: none.</summary>
    public string[]? PointLabels { get; init; }

    /// <summary>The legend's text when it differs from <see cref="Label"/> (a group's name for one of its cells).</summary>
    public string? Legend { get; init; }
}

/// <summary>One set of axes. <see cref="XTicks"/> replaces numeric ticks for categorical x (models).</summary>
public sealed record Panel(string Title, string XLabel, string YLabel, IReadOnlyList<Series> Series)
{
    public IReadOnlyList<(double Position, string Label)>? XTicks { get; init; }
}

/// <summary>A table shown under a figure in the page (the numbers of the comparison figure).</summary>
public sealed record DataTable(IReadOnlyList<string> Header, IReadOnlyList<IReadOnlyList<string>> Rows);

/// <summary>
/// A figure of the report: file stem <see cref="Id"/>, one or more panels side by side, a caption that says what is
/// plotted, and the result columns it reads.
/// </summary>
public sealed record Figure(string Id, string Title, string Caption, IReadOnlyList<string> Columns, IReadOnlyList<Panel> Panels)
{
    public DataTable? Table { get; init; }
}
