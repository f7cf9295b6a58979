using TwoFactor.Core.Randomness;

namespace TwoFactor.Core.Noise;

/// <summary>
/// Standard normals by the ziggurat method (Marsaglia and Tsang 2000, 128 layers). About 97% of draws cost one
/// 64-bit random number, a compare and a multiply; the noise processes need a billion normals per model, where
/// Box-Muller's log/sqrt/sin/cos dominated the run time. The layer index and the 32-bit value come from different
/// bits of one 64-bit draw (the original shared bits between them, a known flaw).
/// </summary>
internal static class ZigguratNormal
{
    private const int Layers = 128;
    private const double TailStart = 3.442619855899;
    private const double LayerArea = 9.91256303526217e-3;
    private const double Scale = 2147483648.0; // 2^31: the 32-bit value is a signed fraction

    private static readonly uint[] Thresholds = new uint[Layers];
    private static readonly double[] Widths = new double[Layers];
    private static readonly double[] Heights = new double[Layers];

    static ZigguratNormal()
    {
        double dn = TailStart, tn = dn;
        double q = LayerArea / Math.Exp(-0.5 * dn * dn);
        Thresholds[0] = (uint)(dn / q * Scale);
        Thresholds[1] = 0;
        Widths[0] = q / Scale;
        Widths[Layers - 1] = dn / Scale;
        Heights[0] = 1.0;
        Heights[Layers - 1] = Math.Exp(-0.5 * dn * dn);
        for (int i = Layers - 2; i >= 1; i--)
        {
            dn = Math.Sqrt(-2.0 * Math.Log(LayerArea / dn + Math.Exp(-0.5 * dn * dn)));
            Thresholds[i + 1] = (uint)(dn / tn * Scale);
            tn = dn;
            Heights[i] = Math.Exp(-0.5 * dn * dn);
            Widths[i] = dn / Scale;
        }
    }

    public static double Next(DeterministicRandom rng)
    {
        while (true)
        {
            ulong bits = rng.NextUInt64();
            int hz = (int)(bits >> 32);
            int iz = (int)(bits & (Layers - 1));
            uint magnitude = hz < 0 ? (uint)(-(long)hz) : (uint)hz;
            if (magnitude < Thresholds[iz]) return hz * Widths[iz]; // inside the layer's rectangle: the common case

            double x = hz * Widths[iz];
            if (iz == 0)
            {
                // Base layer beyond r: sample the tail exactly (Marsaglia 1964).
                double tx, ty;
                do
                {
                    tx = -Math.Log(1.0 - rng.NextDouble()) / TailStart;
                    ty = -Math.Log(1.0 - rng.NextDouble());
                } while (ty + ty < tx * tx);
                return hz > 0 ? TailStart + tx : -TailStart - tx;
            }
            // Wedge between the rectangle and the density: accept under the curve, else draw again.
            if (Heights[iz] + rng.NextDouble() * (Heights[iz - 1] - Heights[iz]) < Math.Exp(-0.5 * x * x)) return x;
        }
    }
}
