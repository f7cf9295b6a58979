using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace TwoFactor.Engines.Cpu;

/// <summary>
/// The inner loops of field computation. Each kernel has a 512-bit and a 256-bit form: .NET reports which the
/// CPU accelerates, and the 256-bit form is what runs on CPUs without AVX-512 (AVX2 machines, Apple and other
/// ARM cores through the portable Vector256 API).
/// </summary>
internal static class FieldKernels
{
    private static readonly bool Wide = Vector512.IsHardwareAccelerated;

    /// <summary>
    /// Dot products of four weight rows with two pattern rows: sums[2 r + p] = w_r . x_p. Register-blocked
    /// (eight accumulators) so each loaded vector feeds several multiply-adds; rows are read once for both
    /// patterns and patterns once for the four rows.
    /// </summary>
    public static void FourByTwo(ReadOnlySpan<double> w0, ReadOnlySpan<double> w1, ReadOnlySpan<double> w2, ReadOnlySpan<double> w3,
                                 ReadOnlySpan<double> x0, ReadOnlySpan<double> x1, Span<double> sums)
    {
        int n = x0.Length, j = 0;
        ref double r0 = ref MemoryMarshal.GetReference(w0), r1 = ref MemoryMarshal.GetReference(w1);
        ref double r2 = ref MemoryMarshal.GetReference(w2), r3 = ref MemoryMarshal.GetReference(w3);
        ref double p0 = ref MemoryMarshal.GetReference(x0), p1 = ref MemoryMarshal.GetReference(x1);
        if (w0.Length < n || w1.Length < n || w2.Length < n || w3.Length < n || x1.Length < n || sums.Length < 8)
            throw new ArgumentException("rows shorter than the pattern length");
        double s00 = 0, s01 = 0, s10 = 0, s11 = 0, s20 = 0, s21 = 0, s30 = 0, s31 = 0;
        if (Wide)
        {
            Vector512<double> a00 = default, a01 = default, a10 = default, a11 = default, a20 = default, a21 = default, a30 = default, a31 = default;
            for (; j <= n - Vector512<double>.Count; j += Vector512<double>.Count)
            {
                var x0v = Vector512.LoadUnsafe(ref p0, (nuint)j);
                var x1v = Vector512.LoadUnsafe(ref p1, (nuint)j);
                var v = Vector512.LoadUnsafe(ref r0, (nuint)j);
                a00 = Vector512.FusedMultiplyAdd(v, x0v, a00); a01 = Vector512.FusedMultiplyAdd(v, x1v, a01);
                v = Vector512.LoadUnsafe(ref r1, (nuint)j);
                a10 = Vector512.FusedMultiplyAdd(v, x0v, a10); a11 = Vector512.FusedMultiplyAdd(v, x1v, a11);
                v = Vector512.LoadUnsafe(ref r2, (nuint)j);
                a20 = Vector512.FusedMultiplyAdd(v, x0v, a20); a21 = Vector512.FusedMultiplyAdd(v, x1v, a21);
                v = Vector512.LoadUnsafe(ref r3, (nuint)j);
                a30 = Vector512.FusedMultiplyAdd(v, x0v, a30); a31 = Vector512.FusedMultiplyAdd(v, x1v, a31);
            }
            s00 = Vector512.Sum(a00); s01 = Vector512.Sum(a01); s10 = Vector512.Sum(a10); s11 = Vector512.Sum(a11);
            s20 = Vector512.Sum(a20); s21 = Vector512.Sum(a21); s30 = Vector512.Sum(a30); s31 = Vector512.Sum(a31);
        }
        else
        {
            Vector256<double> a00 = default, a01 = default, a10 = default, a11 = default, a20 = default, a21 = default, a30 = default, a31 = default;
            for (; j <= n - Vector256<double>.Count; j += Vector256<double>.Count)
            {
                var x0v = Vector256.LoadUnsafe(ref p0, (nuint)j);
                var x1v = Vector256.LoadUnsafe(ref p1, (nuint)j);
                var v = Vector256.LoadUnsafe(ref r0, (nuint)j);
                a00 = Vector256.FusedMultiplyAdd(v, x0v, a00); a01 = Vector256.FusedMultiplyAdd(v, x1v, a01);
                v = Vector256.LoadUnsafe(ref r1, (nuint)j);
                a10 = Vector256.FusedMultiplyAdd(v, x0v, a10); a11 = Vector256.FusedMultiplyAdd(v, x1v, a11);
                v = Vector256.LoadUnsafe(ref r2, (nuint)j);
                a20 = Vector256.FusedMultiplyAdd(v, x0v, a20); a21 = Vector256.FusedMultiplyAdd(v, x1v, a21);
                v = Vector256.LoadUnsafe(ref r3, (nuint)j);
                a30 = Vector256.FusedMultiplyAdd(v, x0v, a30); a31 = Vector256.FusedMultiplyAdd(v, x1v, a31);
            }
            s00 = Vector256.Sum(a00); s01 = Vector256.Sum(a01); s10 = Vector256.Sum(a10); s11 = Vector256.Sum(a11);
            s20 = Vector256.Sum(a20); s21 = Vector256.Sum(a21); s30 = Vector256.Sum(a30); s31 = Vector256.Sum(a31);
        }
        for (; j < n; j++)
        {
            double x0s = x0[j], x1s = x1[j];
            s00 += w0[j] * x0s; s01 += w0[j] * x1s;
            s10 += w1[j] * x0s; s11 += w1[j] * x1s;
            s20 += w2[j] * x0s; s21 += w2[j] * x1s;
            s30 += w3[j] * x0s; s31 += w3[j] * x1s;
        }
        sums[0] = s00; sums[1] = s01; sums[2] = s10; sums[3] = s11;
        sums[4] = s20; sums[5] = s21; sums[6] = s30; sums[7] = s31;
    }

    /// <summary>Sums of four weight rows over the active inputs of one pattern: each index is read once for the four.</summary>
    public static void SparseSumFour(ReadOnlySpan<double> w0, ReadOnlySpan<double> w1, ReadOnlySpan<double> w2, ReadOnlySpan<double> w3,
                                     int[] active, Span<double> sums)
    {
        double s0 = 0, s1 = 0, s2 = 0, s3 = 0;
        foreach (int j in active)
        {
            s0 += w0[j]; s1 += w1[j]; s2 += w2[j]; s3 += w3[j];
        }
        sums[0] = s0; sums[1] = s1; sums[2] = s2; sums[3] = s3;
    }

    /// <summary>
    /// fields[mu] += sum_k delta[k] * columns[inputs[k] * m + mu]: the field change from a few changed inputs,
    /// in chunks of four vectors of patterns held in registers while the changed columns stream past.
    /// </summary>
    public static void AddDenseColumns(Span<double> fields, float[] columns, int m, ReadOnlySpan<int> inputs, ReadOnlySpan<double> delta)
    {
        if (fields.Length < m || delta.Length < inputs.Length) throw new ArgumentException("fields or deltas too short");
        ref double field = ref MemoryMarshal.GetReference(fields);
        int mu = 0;
        if (Wide) mu = AddColumns512(ref field, columns, m, inputs, delta);
        else mu = AddColumns256(ref field, columns, m, inputs, delta);
        for (; mu < m; mu++)
        {
            double sum = 0;
            for (int k = 0; k < inputs.Length; k++) sum += delta[k] * columns[inputs[k] * m + mu];
            fields[mu] += sum;
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static int AddColumns512(ref double field, float[] columns, int m, ReadOnlySpan<int> inputs, ReadOnlySpan<double> delta)
    {
        const int W = 8; // Vector512<double>.Count
        ref float column = ref MemoryMarshal.GetArrayDataReference(columns);
        ref double deltaRef = ref MemoryMarshal.GetReference(delta);
        int mu = 0;
        // Eight accumulators (64 patterns) per pass over the changed columns, then four, then one.
        for (; mu <= m - 8 * W; mu += 8 * W)
        {
            Vector512<double> a0 = default, a1 = default, a2 = default, a3 = default, a4 = default, a5 = default, a6 = default, a7 = default;
            for (int k = 0; k < inputs.Length; k++)
            {
                var d = Vector512.Create(Unsafe.Add(ref deltaRef, k));
                nuint at = (nuint)(inputs[k] * m + mu);
                var x0 = Vector512.LoadUnsafe(ref column, at);
                var x1 = Vector512.LoadUnsafe(ref column, at + 2 * W);
                var x2 = Vector512.LoadUnsafe(ref column, at + 4 * W);
                var x3 = Vector512.LoadUnsafe(ref column, at + 6 * W);
                a0 = Vector512.FusedMultiplyAdd(d, Vector512.WidenLower(x0), a0);
                a1 = Vector512.FusedMultiplyAdd(d, Vector512.WidenUpper(x0), a1);
                a2 = Vector512.FusedMultiplyAdd(d, Vector512.WidenLower(x1), a2);
                a3 = Vector512.FusedMultiplyAdd(d, Vector512.WidenUpper(x1), a3);
                a4 = Vector512.FusedMultiplyAdd(d, Vector512.WidenLower(x2), a4);
                a5 = Vector512.FusedMultiplyAdd(d, Vector512.WidenUpper(x2), a5);
                a6 = Vector512.FusedMultiplyAdd(d, Vector512.WidenLower(x3), a6);
                a7 = Vector512.FusedMultiplyAdd(d, Vector512.WidenUpper(x3), a7);
            }
            ReadOnlySpan<Vector512<double>> sums = [a0, a1, a2, a3, a4, a5, a6, a7];
            for (int c = 0; c < 8; c++)
                (Vector512.LoadUnsafe(ref field, (nuint)(mu + c * W)) + sums[c]).StoreUnsafe(ref field, (nuint)(mu + c * W));
        }
        for (; mu <= m - 4 * W; mu += 4 * W)
        {
            Vector512<double> a0 = default, a1 = default, a2 = default, a3 = default;
            for (int k = 0; k < inputs.Length; k++)
            {
                var d = Vector512.Create(delta[k]);
                nuint at = (nuint)(inputs[k] * m + mu);
                var low = Vector512.LoadUnsafe(ref column, at);
                var high = Vector512.LoadUnsafe(ref column, at + 2 * W);
                a0 = Vector512.FusedMultiplyAdd(d, Vector512.WidenLower(low), a0);
                a1 = Vector512.FusedMultiplyAdd(d, Vector512.WidenUpper(low), a1);
                a2 = Vector512.FusedMultiplyAdd(d, Vector512.WidenLower(high), a2);
                a3 = Vector512.FusedMultiplyAdd(d, Vector512.WidenUpper(high), a3);
            }
            (Vector512.LoadUnsafe(ref field, (nuint)mu) + a0).StoreUnsafe(ref field, (nuint)mu);
            (Vector512.LoadUnsafe(ref field, (nuint)(mu + W)) + a1).StoreUnsafe(ref field, (nuint)(mu + W));
            (Vector512.LoadUnsafe(ref field, (nuint)(mu + 2 * W)) + a2).StoreUnsafe(ref field, (nuint)(mu + 2 * W));
            (Vector512.LoadUnsafe(ref field, (nuint)(mu + 3 * W)) + a3).StoreUnsafe(ref field, (nuint)(mu + 3 * W));
        }
        for (; mu <= m - W; mu += W)
        {
            Vector512<double> a0 = default;
            for (int k = 0; k < inputs.Length; k++)
                a0 = Vector512.FusedMultiplyAdd(Vector512.Create(delta[k]), Vector512.WidenLower(Vector256.LoadUnsafe(ref column, (nuint)(inputs[k] * m + mu)).ToVector512()), a0);
            (Vector512.LoadUnsafe(ref field, (nuint)mu) + a0).StoreUnsafe(ref field, (nuint)mu);
        }
        return mu;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static int AddColumns256(ref double field, float[] columns, int m, ReadOnlySpan<int> inputs, ReadOnlySpan<double> delta)
    {
        const int W = 4; // Vector256<double>.Count
        ref float column = ref MemoryMarshal.GetArrayDataReference(columns);
        int mu = 0;
        for (; mu <= m - 4 * W; mu += 4 * W)
        {
            Vector256<double> a0 = default, a1 = default, a2 = default, a3 = default;
            for (int k = 0; k < inputs.Length; k++)
            {
                var d = Vector256.Create(delta[k]);
                nuint at = (nuint)(inputs[k] * m + mu);
                var low = Vector256.LoadUnsafe(ref column, at);
                var high = Vector256.LoadUnsafe(ref column, at + 2 * W);
                a0 = Vector256.FusedMultiplyAdd(d, Vector256.WidenLower(low), a0);
                a1 = Vector256.FusedMultiplyAdd(d, Vector256.WidenUpper(low), a1);
                a2 = Vector256.FusedMultiplyAdd(d, Vector256.WidenLower(high), a2);
                a3 = Vector256.FusedMultiplyAdd(d, Vector256.WidenUpper(high), a3);
            }
            (Vector256.LoadUnsafe(ref field, (nuint)mu) + a0).StoreUnsafe(ref field, (nuint)mu);
            (Vector256.LoadUnsafe(ref field, (nuint)(mu + W)) + a1).StoreUnsafe(ref field, (nuint)(mu + W));
            (Vector256.LoadUnsafe(ref field, (nuint)(mu + 2 * W)) + a2).StoreUnsafe(ref field, (nuint)(mu + 2 * W));
            (Vector256.LoadUnsafe(ref field, (nuint)(mu + 3 * W)) + a3).StoreUnsafe(ref field, (nuint)(mu + 3 * W));
        }
        for (; mu <= m - W; mu += W)
        {
            Vector256<double> a0 = default;
            for (int k = 0; k < inputs.Length; k++)
                a0 = Vector256.FusedMultiplyAdd(Vector256.Create(delta[k]), Vector256.WidenLower(Vector128.LoadUnsafe(ref column, (nuint)(inputs[k] * m + mu)).ToVector256()), a0);
            (Vector256.LoadUnsafe(ref field, (nuint)mu) + a0).StoreUnsafe(ref field, (nuint)mu);
        }
        return mu;
    }

    /// <summary>
    /// drive += sum_k g[k] * pattern row rows[k] (phase B's G = sum_mu g^mu xi^mu), four patterns per pass so the
    /// drive row is loaded and stored once for four multiply-adds instead of once for each.
    /// </summary>
    public static void AddPatternRows(Span<double> drive, double[] patterns, int n, ReadOnlySpan<int> rows, ReadOnlySpan<double> g)
    {
        if (drive.Length < n || g.Length < rows.Length) throw new ArgumentException("drive or weights too short");
        ref double d = ref MemoryMarshal.GetReference(drive);
        ref double x = ref MemoryMarshal.GetArrayDataReference(patterns);
        int k = 0;
        for (; k + 4 <= rows.Length; k += 4)
        {
            nuint o0 = (nuint)(rows[k] * n), o1 = (nuint)(rows[k + 1] * n), o2 = (nuint)(rows[k + 2] * n), o3 = (nuint)(rows[k + 3] * n);
            var g0 = Vector256.Create(g[k]); var g1 = Vector256.Create(g[k + 1]);
            var g2 = Vector256.Create(g[k + 2]); var g3 = Vector256.Create(g[k + 3]);
            int j = 0;
            for (; j <= n - 4; j += 4)
            {
                var sum = Vector256.LoadUnsafe(ref d, (nuint)j);
                sum = Vector256.FusedMultiplyAdd(Vector256.LoadUnsafe(ref x, o0 + (nuint)j), g0, sum);
                sum = Vector256.FusedMultiplyAdd(Vector256.LoadUnsafe(ref x, o1 + (nuint)j), g1, sum);
                sum = Vector256.FusedMultiplyAdd(Vector256.LoadUnsafe(ref x, o2 + (nuint)j), g2, sum);
                sum = Vector256.FusedMultiplyAdd(Vector256.LoadUnsafe(ref x, o3 + (nuint)j), g3, sum);
                sum.StoreUnsafe(ref d, (nuint)j);
            }
            for (; j < n; j++)
            {
                double sum = drive[j];
                sum = Math.FusedMultiplyAdd(patterns[(int)o0 + j], g[k], sum);
                sum = Math.FusedMultiplyAdd(patterns[(int)o1 + j], g[k + 1], sum);
                sum = Math.FusedMultiplyAdd(patterns[(int)o2 + j], g[k + 2], sum);
                sum = Math.FusedMultiplyAdd(patterns[(int)o3 + j], g[k + 3], sum);
                drive[j] = sum;
            }
        }
        for (; k < rows.Length; k++)
            System.Numerics.Tensors.TensorPrimitives.FusedMultiplyAdd(patterns.AsSpan(rows[k] * n, n), g[k], drive[..n], drive[..n]);
    }

    /// <summary>sum_mu g[mu] columns[offset + mu] over one column of m floats, widened to double.</summary>
    public static double DotColumn(float[] columns, int offset, int m, ReadOnlySpan<double> g)
    {
        if (g.Length < m || offset + m > columns.Length) throw new ArgumentException("column out of range");
        ref float column = ref MemoryMarshal.GetArrayDataReference(columns);
        ref double weight = ref MemoryMarshal.GetReference(g);
        int mu = 0;
        double sum = 0;
        if (Wide)
        {
            Vector512<double> a0 = default, a1 = default;
            for (; mu <= m - 16; mu += 16)
            {
                var x = Vector512.LoadUnsafe(ref column, (nuint)(offset + mu));
                a0 = Vector512.FusedMultiplyAdd(Vector512.WidenLower(x), Vector512.LoadUnsafe(ref weight, (nuint)mu), a0);
                a1 = Vector512.FusedMultiplyAdd(Vector512.WidenUpper(x), Vector512.LoadUnsafe(ref weight, (nuint)(mu + 8)), a1);
            }
            sum = Vector512.Sum(a0 + a1);
        }
        else
        {
            Vector256<double> a0 = default, a1 = default;
            for (; mu <= m - 8; mu += 8)
            {
                var x = Vector256.LoadUnsafe(ref column, (nuint)(offset + mu));
                a0 = Vector256.FusedMultiplyAdd(Vector256.WidenLower(x), Vector256.LoadUnsafe(ref weight, (nuint)mu), a0);
                a1 = Vector256.FusedMultiplyAdd(Vector256.WidenUpper(x), Vector256.LoadUnsafe(ref weight, (nuint)(mu + 4)), a1);
            }
            sum = Vector256.Sum(a0 + a1);
        }
        for (; mu < m; mu++) sum += g[mu] * columns[offset + mu];
        return sum;
    }

    /// <summary>
    /// result[p] = sum_mu g[mu] columns[inputs[p] * m + mu] for every listed input, four columns per pass so each
    /// loaded vector of g feeds four multiply-adds and the horizontal sums are shared out.
    /// </summary>
    public static void DotColumns(float[] columns, int m, ReadOnlySpan<int> inputs, ReadOnlySpan<double> g, Span<double> result)
    {
        if (g.Length < m || result.Length < inputs.Length) throw new ArgumentException("weights or results too short");
        int p = 0;
        if (Wide)
        {
            ref float column = ref MemoryMarshal.GetArrayDataReference(columns);
            ref double weight = ref MemoryMarshal.GetReference(g);
            for (; p + 4 <= inputs.Length; p += 4)
            {
                nuint c0 = (nuint)(inputs[p] * m), c1 = (nuint)(inputs[p + 1] * m), c2 = (nuint)(inputs[p + 2] * m), c3 = (nuint)(inputs[p + 3] * m);
                // Separate accumulators for the lower and upper halves: eight independent chains keep both FMA
                // pipes busy (one chain per column would wait out the FMA latency twice per iteration).
                Vector512<double> a0 = default, a1 = default, a2 = default, a3 = default;
                Vector512<double> b0 = default, b1 = default, b2 = default, b3 = default;
                int mu = 0;
                for (; mu <= m - 16; mu += 16)
                {
                    var lo = Vector512.LoadUnsafe(ref weight, (nuint)mu);
                    var hi = Vector512.LoadUnsafe(ref weight, (nuint)(mu + 8));
                    var x = Vector512.LoadUnsafe(ref column, c0 + (nuint)mu);
                    a0 = Vector512.FusedMultiplyAdd(Vector512.WidenLower(x), lo, a0); b0 = Vector512.FusedMultiplyAdd(Vector512.WidenUpper(x), hi, b0);
                    x = Vector512.LoadUnsafe(ref column, c1 + (nuint)mu);
                    a1 = Vector512.FusedMultiplyAdd(Vector512.WidenLower(x), lo, a1); b1 = Vector512.FusedMultiplyAdd(Vector512.WidenUpper(x), hi, b1);
                    x = Vector512.LoadUnsafe(ref column, c2 + (nuint)mu);
                    a2 = Vector512.FusedMultiplyAdd(Vector512.WidenLower(x), lo, a2); b2 = Vector512.FusedMultiplyAdd(Vector512.WidenUpper(x), hi, b2);
                    x = Vector512.LoadUnsafe(ref column, c3 + (nuint)mu);
                    a3 = Vector512.FusedMultiplyAdd(Vector512.WidenLower(x), lo, a3); b3 = Vector512.FusedMultiplyAdd(Vector512.WidenUpper(x), hi, b3);
                }
                double s0 = Vector512.Sum(a0 + b0), s1 = Vector512.Sum(a1 + b1), s2 = Vector512.Sum(a2 + b2), s3 = Vector512.Sum(a3 + b3);
                for (; mu < m; mu++)
                {
                    double gm = g[mu];
                    s0 += gm * columns[(int)c0 + mu]; s1 += gm * columns[(int)c1 + mu];
                    s2 += gm * columns[(int)c2 + mu]; s3 += gm * columns[(int)c3 + mu];
                }
                result[p] = s0; result[p + 1] = s1; result[p + 2] = s2; result[p + 3] = s3;
            }
        }
        for (; p < inputs.Length; p++) result[p] = DotColumn(columns, inputs[p] * m, m, g);
    }
}
