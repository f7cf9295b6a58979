using SkiaSharp;

namespace TwoFactor.Reports.Tests;

/// <summary>Decoded PNGs and the checks that they hold a picture: luminance spread and share of non-white pixels.</summary>
public static class Images
{
    public static SKBitmap Decode(string path)
    {
        var bitmap = SKBitmap.Decode(path);
        Assert.True(bitmap is not null, $"{path} does not decode as an image");
        return bitmap!;
    }

    /// <summary>Standard deviation of the luminance (0..255) over all pixels: 0 for a blank image.</summary>
    public static double LuminanceStd(SKBitmap bitmap)
    {
        double sum = 0, sum2 = 0;
        int n = 0;
        for (int y = 0; y < bitmap.Height; y++)
        for (int x = 0; x < bitmap.Width; x++)
        {
            var c = bitmap.GetPixel(x, y);
            double l = 0.299 * c.Red + 0.587 * c.Green + 0.114 * c.Blue;
            sum += l;
            sum2 += l * l;
            n++;
        }
        double mean = sum / n;
        return Math.Sqrt(Math.Max(0, sum2 / n - mean * mean));
    }

    public static double NonWhiteFraction(SKBitmap bitmap) => Count(bitmap, c => c.Red < 240 || c.Green < 240 || c.Blue < 240) / (double)(bitmap.Width * bitmap.Height);

    /// <summary>Pixels of clearly saturated colour (the figures' palette; the page's own text is black and grey).</summary>
    public static int Colourful(SKBitmap bitmap) => Count(bitmap, c => Math.Max(c.Red, Math.Max(c.Green, c.Blue)) - Math.Min(c.Red, Math.Min(c.Green, c.Blue)) > 80);

    private static int Count(SKBitmap bitmap, Func<SKColor, bool> predicate)
    {
        int count = 0;
        for (int y = 0; y < bitmap.Height; y++)
        for (int x = 0; x < bitmap.Width; x++)
            if (predicate(bitmap.GetPixel(x, y))) count++;
        return count;
    }
}
