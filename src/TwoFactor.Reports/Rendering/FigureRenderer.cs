using ScottPlot;
using SkiaSharp;

namespace TwoFactor.Reports;

/// <summary>
/// Draws a <see cref="Figure"/> with ScottPlot: its panels on a grid of at most <see cref="MaxColumns"/> columns, each
/// <see cref="PanelWidth"/> x <see cref="PanelHeight"/> pixels, as PNG (Skia raster) or SVG (Skia's SVG canvas, text as text).
/// </summary>
public static class FigureRenderer
{
    public const int PanelWidth = 560, PanelHeight = 420, MaxColumns = 3;

    /// <summary>A thin-line panel with more legend entries than this puts the legend beside the axes.</summary>
    private const int LegendInsideMax = 6;

    public static (int Width, int Height) Size(Figure figure)
    {
        int columns = Math.Min(MaxColumns, Math.Max(1, figure.Panels.Count));
        int rows = (figure.Panels.Count + columns - 1) / columns;
        return (columns * PanelWidth, Math.Max(1, rows) * PanelHeight);
    }

    public static void SavePng(Figure figure, string path)
    {
        var (width, height) = Size(figure);
        using var surface = SKSurface.Create(new SKImageInfo(width, height)) ?? throw new InvalidOperationException("Skia could not create a raster surface");
        Draw(figure, surface.Canvas);
        using var image = surface.Snapshot();
        using var png = image.Encode(SKEncodedImageFormat.Png, 100);
        using var file = File.Create(path);
        png.SaveTo(file);
    }

    public static void SaveSvg(Figure figure, string path)
    {
        var (width, height) = Size(figure);
        using var file = File.Create(path);
        using (var canvas = SKSvgCanvas.Create(new SKRect(0, 0, width, height), file)) Draw(figure, canvas);
    }

    private static void Draw(Figure figure, SKCanvas canvas)
    {
        EmbeddedFont.Install();
        canvas.Clear(SKColors.White);
        int columns = Math.Min(MaxColumns, Math.Max(1, figure.Panels.Count));
        for (int k = 0; k < figure.Panels.Count; k++)
        {
            float left = k % columns * PanelWidth, top = k / columns * PanelHeight;
            // A plot clears the whole canvas it renders to: record each panel on its own picture, then place it clipped.
            using var recorder = new SKPictureRecorder();
            var panelCanvas = recorder.BeginRecording(new SKRect(0, 0, PanelWidth, PanelHeight));
            Build(figure.Panels[k]).Render(panelCanvas, new PixelRect(0, PanelWidth, PanelHeight, 0));
            using var picture = recorder.EndRecording();
            canvas.Save();
            canvas.ClipRect(new SKRect(left, top, left + PanelWidth, top + PanelHeight));
            canvas.Translate(left, top);
            canvas.DrawPicture(picture);
            canvas.Restore();
        }
    }

    private static Plot Build(Panel panel)
    {
        var plot = new Plot();
        var palette = new ScottPlot.Palettes.Category10();
        if (panel.Title.Length > 0) plot.Title(panel.Title, size: 15);
        plot.XLabel(panel.XLabel, size: 14);
        plot.YLabel(panel.YLabel, size: 14);
        int own = 0;
        foreach (var s in panel.Series)
        {
            var points = Enumerable.Range(0, s.X.Length).Where(k => double.IsFinite(s.X[k]) && double.IsFinite(s.Y[k])).ToArray();
            if (points.Length == 0) continue;
            double[] xs = [.. points.Select(k => s.X[k])], ys = [.. points.Select(k => s.Y[k])];
            double[]? err = s.YErr is null ? null : [.. points.Select(k => double.IsFinite(s.YErr[k]) ? s.YErr[k] : 0)];
            bool reference = s.Kind == SeriesKind.Reference || s.Group == 99;
            var color = reference ? Colors.Black : palette.GetColor(s.Group >= 0 ? s.Group : own++);
            string? legend = s.InLegend ? s.Legend ?? s.Label : null;
            if (err is not null && s.Kind is SeriesKind.Band or SeriesKind.Reference)
            {
                var band = plot.Add.FillY(xs, [.. ys.Select((y, k) => y - err[k])], [.. ys.Select((y, k) => y + err[k])]);
                band.FillColor = color.WithAlpha(s.Kind == SeriesKind.Reference ? 0.12 : 0.25);
                band.LineWidth = 0;
            }
            else if (err is not null && err.Any(e => e > 0))
            {
                var bars = plot.Add.ErrorBar(xs, ys, err);
                bars.Color = color;
            }
            if (s.PointLabels is { } pointLabels)
            {
                foreach (int k in points)
                {
                    var text = plot.Add.Text(pointLabels[k], s.X[k], s.Y[k]);
                    text.LabelFontSize = 11;
                    text.LabelFontColor = color;
                    text.LabelOffsetX = 5;
                    text.LabelOffsetY = -16;
                }
            }
            var line = plot.Add.Scatter(xs, ys, color);
            line.LegendText = legend ?? "";
            switch (s.Kind)
            {
                case SeriesKind.Markers:
                    line.LineWidth = 0;
                    line.MarkerSize = 8;
                    if (s.Group == 99) line.MarkerShape = MarkerShape.OpenCircle;
                    break;
                case SeriesKind.Line:
                    line.MarkerSize = 0;
                    line.LineWidth = 1;
                    line.Color = color.WithAlpha(0.7);
                    break;
                case SeriesKind.Band:
                    line.MarkerSize = 0;
                    line.LineWidth = 2;
                    break;
                case SeriesKind.Reference:
                    line.MarkerSize = 0;
                    line.LineWidth = 1.5f;
                    line.LinePattern = LinePattern.Dashed;
                    break;
                default:
                    line.MarkerSize = 6;
                    line.LineWidth = 1.5f;
                    break;
            }
        }
        // Room for point labels at the data's edges, and above the highest point for the legend.
        if (panel.Series.Any(s => s.PointLabels is not null)) plot.Axes.Margins(horizontal: 0.12, vertical: 0.25);
        if (panel.XTicks is { Count: > 0 } ticks)
        {
            plot.Axes.Bottom.TickGenerator = new ScottPlot.TickGenerators.NumericManual([.. ticks.Select(t => t.Position)], [.. ticks.Select(t => t.Label)]);
            plot.Axes.SetLimitsX(-0.6, ticks.Count - 0.4);
        }
        int entries = panel.Series.Count(s => s.InLegend && (s.Legend ?? s.Label).Length > 0);
        if (entries > LegendInsideMax)
        {
            plot.ShowLegend(Edge.Right);
            plot.Legend.FontSize = 9;
        }
        else if (entries > 0)
        {
            var legend = plot.ShowLegend(Alignment.UpperRight);
            legend.FontSize = 11;
            legend.BackgroundColor = Colors.White.WithAlpha(0.8);
        }
        return plot;
    }
}
