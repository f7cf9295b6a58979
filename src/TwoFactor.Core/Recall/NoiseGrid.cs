using System.Globalization;

namespace TwoFactor.Core.Recall;

/// <summary>
/// The noise levels of a robustness test: linspace(0, max, levels), computed in decimal arithmetic so that every
/// stored level is the double nearest its decimal value (k = 12 of 25 levels up to 0.49 is 0.245, and the
/// last level is 0.49, not 0.49000000000000005 as k * max / (n - 1) in binary floating point gives). Sweep
/// generators (linspace, range) are exact decimals the same way, so a grid level and an axis value written
/// the same are the same number. Every protocol builds its grids here.
/// </summary>
public static class NoiseGrid
{
    /// <summary>linspace(0, max, levels): one level is [0]; no levels is empty.</summary>
    public static double[] Linspace(decimal max, int levels)
    {
        if (levels <= 0) return [];
        if (levels == 1) return [0.0];
        var grid = new double[levels];
        for (int k = 0; k < levels; k++) grid[k] = (double)(max * k / (levels - 1));
        return grid;
    }

    /// <inheritdoc cref="Linspace(decimal, int)"/>
    /// <remarks>A max outside decimal's range (validation normally rules it out) falls back to binary arithmetic.</remarks>
    public static double[] Linspace(double max, int levels)
    {
        if (TryExact(max, out var exact)) return Linspace(exact, levels);
        if (levels <= 0) return [];
        return levels == 1 ? [0.0] : Enumerable.Range(0, levels).Select(k => max * k / (levels - 1)).ToArray();
    }

    /// <summary>
    /// The decimal a double was written as: its shortest round-trip text (0.49 for the double nearest 0.49),
    /// so parameters read from YAML or the command line keep their decimal value.
    /// </summary>
    public static bool TryExact(double value, out decimal exact)
    {
        exact = 0;
        return double.IsFinite(value)
               && decimal.TryParse(value.ToString("R", CultureInfo.InvariantCulture), NumberStyles.Float, CultureInfo.InvariantCulture, out exact);
    }
}
