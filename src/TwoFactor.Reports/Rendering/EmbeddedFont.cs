using ScottPlot;
using SkiaSharp;

namespace TwoFactor.Reports;

/// <summary>
/// Makes ScottPlot draw every text with the DejaVu Sans file embedded in this assembly, so figures have readable text on
/// a machine without any system font (the Skia native assets come without fontconfig) and look the same everywhere.
/// </summary>
internal static class EmbeddedFont
{
    public const string Family = "DejaVu Sans";
    private static readonly Lazy<SKTypeface> Typeface = new(Load);
    private static readonly object Gate = new();
    private static bool _installed;

    public static void Install()
    {
        lock (Gate)
        {
            if (_installed) return;
            Fonts.FontResolvers.Insert(0, new Resolver());
            Fonts.Default = Family;
            Fonts.Sans = Family;
            _installed = true;
        }
    }

    private static SKTypeface Load()
    {
        using var stream = typeof(EmbeddedFont).Assembly.GetManifestResourceStream("TwoFactor.Reports.DejaVuSans.ttf")
                           ?? throw new InvalidOperationException("embedded font TwoFactor.Reports.DejaVuSans.ttf is missing from the assembly");
        using var data = SKData.Create(stream);
        return SKTypeface.FromData(data) ?? throw new InvalidOperationException("the embedded DejaVu Sans font could not be loaded");
    }

    /// <summary>Answers every family name with the embedded face: plots name fonts ("Sans", detected families) we do not control.</summary>
    private sealed class Resolver : IFontResolver
    {
        public SKTypeface CreateTypeface(string fontName, FontWeight weight, FontSlant slant, FontSpacing width) => Typeface.Value;

        public SKTypeface CreateTypeface(string fontName, bool bold, bool italic) => Typeface.Value;
    }
}
