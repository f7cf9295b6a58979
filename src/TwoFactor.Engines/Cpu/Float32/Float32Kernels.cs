using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace TwoFactor.Engines.Cpu.Float32;

/// <summary>
/// The float32 engine's products, 16 floats per 512-bit vector. Pattern columns (<c>[j * Mp + mu]</c>) and rows
/// (<c>[mu * Np + j]</c>) are padded with zeros to multiples of 16 (<see cref="Lanes"/>), so no loop has a tail.
/// Each kernel keeps its accumulators in registers in a call-free loop (the JIT spills vector locals that live
/// across a call). Every output element is a sum in a fixed order that does not depend on which other rows
/// share the call, so results do not depend on how neurons are grouped or on the thread count. Where
/// Vector512 is not accelerated a scalar loop runs instead (correct, slower; an AVX2 form is not written yet). Its
/// order of additions is not the vector kernels', so float32 results differ in the last bits between machines
/// with and without 512-bit vectors (results of one machine stay the same for every thread count).
/// </summary>
internal static class Float32Kernels
{
    public const int Lanes = 16;
    private static readonly bool Wide = Vector512.IsHardwareAccelerated && Avx.IsSupported;

    public static int Padded(int count) => (count + Lanes - 1) / Lanes * Lanes;

    /// <summary>
    /// Four combinations of the rows of one matrix at once: out_r[x] = sum_{k &lt; n} w_r[k] matrix[k * mp + x] for
    /// x &lt; mp, streaming the matrix once for the four (a chunk loaded once feeds four multiply-adds), in chunks of
    /// 64 (4 x 4 accumulators), then of 16. Two uses: the fields of four fully connected neurons (matrix: the
    /// pattern columns, w_r: weight rows with dead inputs 0, n = N, mp = Mp) and their phase-B drives (matrix: the
    /// pattern rows, w_r: the soft-min weights with 0 for patterns below the cut, n = M, mp = Np). Adding 0 x xi
    /// leaves a float sum unchanged, so each drive equals the sum over the kept patterns alone, in the same order.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void CombineFour(ReadOnlySpan<float> w0, ReadOnlySpan<float> w1, ReadOnlySpan<float> w2, ReadOnlySpan<float> w3,
                                  float[] columns, int n, int mp, Span<float> f0, Span<float> f1, Span<float> f2, Span<float> f3)
    {
        if (w0.Length < n || w1.Length < n || w2.Length < n || w3.Length < n || columns.Length < n * mp
            || f0.Length < mp || f1.Length < mp || f2.Length < mp || f3.Length < mp)
            throw new ArgumentException("rows, columns or fields too short");
        if (!Wide)
        {
            FieldsScalar(w0, columns, n, mp, f0); FieldsScalar(w1, columns, n, mp, f1);
            FieldsScalar(w2, columns, n, mp, f2); FieldsScalar(w3, columns, n, mp, f3);
            return;
        }
        ref float c = ref MemoryMarshal.GetArrayDataReference(columns);
        ref float r0 = ref MemoryMarshal.GetReference(w0), r1 = ref MemoryMarshal.GetReference(w1);
        ref float r2 = ref MemoryMarshal.GetReference(w2), r3 = ref MemoryMarshal.GetReference(w3);
        int mu = 0;
        for (; mu + 4 * Lanes <= mp; mu += 4 * Lanes)
        {
            Vector512<float> a00 = default, a01 = default, a02 = default, a03 = default, a10 = default, a11 = default, a12 = default, a13 = default;
            Vector512<float> a20 = default, a21 = default, a22 = default, a23 = default, a30 = default, a31 = default, a32 = default, a33 = default;
            for (int j = 0; j < n; j++)
            {
                nuint at = (nuint)(j * mp + mu);
                var x0 = Vector512.LoadUnsafe(ref c, at); var x1 = Vector512.LoadUnsafe(ref c, at + Lanes);
                var x2 = Vector512.LoadUnsafe(ref c, at + 2 * Lanes); var x3 = Vector512.LoadUnsafe(ref c, at + 3 * Lanes);
                var v = Vector512.Create(Unsafe.Add(ref r0, j));
                a00 = Vector512.FusedMultiplyAdd(v, x0, a00); a01 = Vector512.FusedMultiplyAdd(v, x1, a01);
                a02 = Vector512.FusedMultiplyAdd(v, x2, a02); a03 = Vector512.FusedMultiplyAdd(v, x3, a03);
                v = Vector512.Create(Unsafe.Add(ref r1, j));
                a10 = Vector512.FusedMultiplyAdd(v, x0, a10); a11 = Vector512.FusedMultiplyAdd(v, x1, a11);
                a12 = Vector512.FusedMultiplyAdd(v, x2, a12); a13 = Vector512.FusedMultiplyAdd(v, x3, a13);
                v = Vector512.Create(Unsafe.Add(ref r2, j));
                a20 = Vector512.FusedMultiplyAdd(v, x0, a20); a21 = Vector512.FusedMultiplyAdd(v, x1, a21);
                a22 = Vector512.FusedMultiplyAdd(v, x2, a22); a23 = Vector512.FusedMultiplyAdd(v, x3, a23);
                v = Vector512.Create(Unsafe.Add(ref r3, j));
                a30 = Vector512.FusedMultiplyAdd(v, x0, a30); a31 = Vector512.FusedMultiplyAdd(v, x1, a31);
                a32 = Vector512.FusedMultiplyAdd(v, x2, a32); a33 = Vector512.FusedMultiplyAdd(v, x3, a33);
            }
            Store4(f0, mu, a00, a01, a02, a03); Store4(f1, mu, a10, a11, a12, a13);
            Store4(f2, mu, a20, a21, a22, a23); Store4(f3, mu, a30, a31, a32, a33);
        }
        for (; mu < mp; mu += Lanes)
        {
            Vector512<float> a0 = default, a1 = default, a2 = default, a3 = default;
            for (int j = 0; j < n; j++)
            {
                var x = Vector512.LoadUnsafe(ref c, (nuint)(j * mp + mu));
                a0 = Vector512.FusedMultiplyAdd(Vector512.Create(Unsafe.Add(ref r0, j)), x, a0);
                a1 = Vector512.FusedMultiplyAdd(Vector512.Create(Unsafe.Add(ref r1, j)), x, a1);
                a2 = Vector512.FusedMultiplyAdd(Vector512.Create(Unsafe.Add(ref r2, j)), x, a2);
                a3 = Vector512.FusedMultiplyAdd(Vector512.Create(Unsafe.Add(ref r3, j)), x, a3);
            }
            a0.CopyTo(f0[mu..]); a1.CopyTo(f1[mu..]); a2.CopyTo(f2[mu..]); a3.CopyTo(f3[mu..]);
        }
    }

    private static void Store4(Span<float> f, int mu, Vector512<float> a0, Vector512<float> a1, Vector512<float> a2, Vector512<float> a3)
    {
        a0.CopyTo(f[mu..]); a1.CopyTo(f[(mu + Lanes)..]); a2.CopyTo(f[(mu + 2 * Lanes)..]); a3.CopyTo(f[(mu + 3 * Lanes)..]);
    }

    /// <summary>Scalar form of <see cref="CombineFour"/> for one row, in the same order of additions per element.</summary>
    private static void FieldsScalar(ReadOnlySpan<float> w, float[] columns, int n, int mp, Span<float> fields)
    {
        fields[..mp].Clear();
        for (int j = 0; j < n; j++)
            for (int mu = 0; mu < mp; mu++) fields[mu] = MathF.FusedMultiplyAdd(w[j], columns[j * mp + mu], fields[mu]);
    }

    /// <summary>
    /// A combination of listed rows of one matrix: fields[x] = sum_p weights[p] columns[list[p] * mp + x] for
    /// x &lt; mp, in chunks of up to 128 held in eight registers. Two uses: the fields of a pruned neuron over its
    /// alive inputs only (matrix: the pattern columns; rho N M multiply-adds at density rho) and the phase-B drive
    /// of a fully connected neuron for z &gt; 2 (matrix: the pattern rows, list: the kept patterns, mp = Np).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void CombineListed(ReadOnlySpan<int> list, ReadOnlySpan<float> weights, float[] columns, int mp, Span<float> fields)
    {
        if (weights.Length < list.Length || fields.Length < mp) throw new ArgumentException("weights or fields too short");
        if (!Wide)
        {
            fields[..mp].Clear();
            for (int p = 0; p < list.Length; p++)
                for (int q = 0; q < mp; q++) fields[q] = MathF.FusedMultiplyAdd(weights[p], columns[list[p] * mp + q], fields[q]);
            return;
        }
        ref float c = ref MemoryMarshal.GetArrayDataReference(columns);
        ref float w = ref MemoryMarshal.GetReference(weights);
        ref int l = ref MemoryMarshal.GetReference(list);
        int count = list.Length, mu = 0;
        for (; mu + 8 * Lanes <= mp; mu += 8 * Lanes)
        {
            Vector512<float> a0 = default, a1 = default, a2 = default, a3 = default, a4 = default, a5 = default, a6 = default, a7 = default;
            for (int p = 0; p < count; p++)
            {
                var v = Vector512.Create(Unsafe.Add(ref w, p));
                nuint at = (nuint)(Unsafe.Add(ref l, p) * mp + mu);
                a0 = Vector512.FusedMultiplyAdd(v, Vector512.LoadUnsafe(ref c, at), a0);
                a1 = Vector512.FusedMultiplyAdd(v, Vector512.LoadUnsafe(ref c, at + Lanes), a1);
                a2 = Vector512.FusedMultiplyAdd(v, Vector512.LoadUnsafe(ref c, at + 2 * Lanes), a2);
                a3 = Vector512.FusedMultiplyAdd(v, Vector512.LoadUnsafe(ref c, at + 3 * Lanes), a3);
                a4 = Vector512.FusedMultiplyAdd(v, Vector512.LoadUnsafe(ref c, at + 4 * Lanes), a4);
                a5 = Vector512.FusedMultiplyAdd(v, Vector512.LoadUnsafe(ref c, at + 5 * Lanes), a5);
                a6 = Vector512.FusedMultiplyAdd(v, Vector512.LoadUnsafe(ref c, at + 6 * Lanes), a6);
                a7 = Vector512.FusedMultiplyAdd(v, Vector512.LoadUnsafe(ref c, at + 7 * Lanes), a7);
            }
            Store4(fields, mu, a0, a1, a2, a3); Store4(fields, mu + 4 * Lanes, a4, a5, a6, a7);
        }
        for (; mu + 4 * Lanes <= mp; mu += 4 * Lanes)
        {
            Vector512<float> a0 = default, a1 = default, a2 = default, a3 = default;
            for (int p = 0; p < count; p++)
            {
                var v = Vector512.Create(Unsafe.Add(ref w, p));
                nuint at = (nuint)(Unsafe.Add(ref l, p) * mp + mu);
                a0 = Vector512.FusedMultiplyAdd(v, Vector512.LoadUnsafe(ref c, at), a0);
                a1 = Vector512.FusedMultiplyAdd(v, Vector512.LoadUnsafe(ref c, at + Lanes), a1);
                a2 = Vector512.FusedMultiplyAdd(v, Vector512.LoadUnsafe(ref c, at + 2 * Lanes), a2);
                a3 = Vector512.FusedMultiplyAdd(v, Vector512.LoadUnsafe(ref c, at + 3 * Lanes), a3);
            }
            Store4(fields, mu, a0, a1, a2, a3);
        }
        for (; mu < mp; mu += Lanes)
        {
            // The last one to three chunks: four chains over inputs p mod 4, added at the end, so the chunk is not
            // bound by one chain's FMA latency (four cycles per input).
            Vector512<float> a0 = default, a1 = default, a2 = default, a3 = default;
            int p = 0;
            for (; p + 4 <= count; p += 4)
            {
                a0 = Vector512.FusedMultiplyAdd(Vector512.Create(Unsafe.Add(ref w, p)), Vector512.LoadUnsafe(ref c, (nuint)(Unsafe.Add(ref l, p) * mp + mu)), a0);
                a1 = Vector512.FusedMultiplyAdd(Vector512.Create(Unsafe.Add(ref w, p + 1)), Vector512.LoadUnsafe(ref c, (nuint)(Unsafe.Add(ref l, p + 1) * mp + mu)), a1);
                a2 = Vector512.FusedMultiplyAdd(Vector512.Create(Unsafe.Add(ref w, p + 2)), Vector512.LoadUnsafe(ref c, (nuint)(Unsafe.Add(ref l, p + 2) * mp + mu)), a2);
                a3 = Vector512.FusedMultiplyAdd(Vector512.Create(Unsafe.Add(ref w, p + 3)), Vector512.LoadUnsafe(ref c, (nuint)(Unsafe.Add(ref l, p + 3) * mp + mu)), a3);
            }
            for (; p < count; p++)
                a0 = Vector512.FusedMultiplyAdd(Vector512.Create(Unsafe.Add(ref w, p)), Vector512.LoadUnsafe(ref c, (nuint)(Unsafe.Add(ref l, p) * mp + mu)), a0);
            ((a0 + a1) + (a2 + a3)).CopyTo(fields[mu..]);
        }
    }

    /// <summary>
    /// Phase B's drive of a pruned neuron: drive[p] = sum_mu g[mu] xi_{list[p]}^mu, one dot product of the (padded)
    /// soft-min weights with each alive input's column.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void DriveListed(ReadOnlySpan<int> list, ReadOnlySpan<float> g, float[] columns, int mp, Span<float> drive)
    {
        if (g.Length < mp || drive.Length < list.Length) throw new ArgumentException("weights or drive too short");
        if (!Wide)
        {
            for (int p = 0; p < list.Length; p++)
            {
                float sum = 0;
                for (int mu = 0; mu < mp; mu++) sum = MathF.FusedMultiplyAdd(g[mu], columns[list[p] * mp + mu], sum);
                drive[p] = sum;
            }
            return;
        }
        ref float c = ref MemoryMarshal.GetArrayDataReference(columns);
        ref float gr = ref MemoryMarshal.GetReference(g);
        int count = list.Length, p4 = 0;
        // Four inputs per pass: four independent FMA chains (the FMA latency is four cycles) and one transposed
        // reduction of their four accumulators instead of four horizontal sums, which at M = 80 (five vectors per
        // column) cost as much as the multiply-adds.
        for (; p4 + 4 <= count; p4 += 4)
        {
            nuint o0 = (nuint)(list[p4] * mp), o1 = (nuint)(list[p4 + 1] * mp), o2 = (nuint)(list[p4 + 2] * mp), o3 = (nuint)(list[p4 + 3] * mp);
            Vector512<float> a0 = default, a1 = default, a2 = default, a3 = default;
            for (int mu = 0; mu < mp; mu += Lanes)
            {
                var gv = Vector512.LoadUnsafe(ref gr, (nuint)mu);
                a0 = Vector512.FusedMultiplyAdd(gv, Vector512.LoadUnsafe(ref c, o0 + (nuint)mu), a0);
                a1 = Vector512.FusedMultiplyAdd(gv, Vector512.LoadUnsafe(ref c, o1 + (nuint)mu), a1);
                a2 = Vector512.FusedMultiplyAdd(gv, Vector512.LoadUnsafe(ref c, o2 + (nuint)mu), a2);
                a3 = Vector512.FusedMultiplyAdd(gv, Vector512.LoadUnsafe(ref c, o3 + (nuint)mu), a3);
            }
            SumFour(a0, a1, a2, a3).CopyTo(drive.Slice(p4, 4));
        }
        for (; p4 < count; p4++)
        {
            nuint o0 = (nuint)(list[p4] * mp);
            Vector512<float> a0 = default;
            for (int mu = 0; mu < mp; mu += Lanes)
                a0 = Vector512.FusedMultiplyAdd(Vector512.LoadUnsafe(ref gr, (nuint)mu), Vector512.LoadUnsafe(ref c, o0 + (nuint)mu), a0);
            drive[p4] = SumFour(a0, default, default, default).ToScalar(); // the order of the passes of four (adding zeros is exact)
        }
    }

    /// <summary>
    /// The lane sums of four vectors as one 128-bit vector: halves added, then two rounds of pairwise adds of
    /// neighbours (<see cref="Avx.HorizontalAdd(Vector256{float}, Vector256{float})"/>), then the two 128-bit halves.
    /// A fixed order per input, whatever the other three are.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector128<float> SumFour(Vector512<float> a, Vector512<float> b, Vector512<float> c, Vector512<float> d)
    {
        var a8 = a.GetLower() + a.GetUpper();
        var b8 = b.GetLower() + b.GetUpper();
        var c8 = c.GetLower() + c.GetUpper();
        var d8 = d.GetLower() + d.GetUpper();
        // [a01 a23 b01 b23 | a45 a67 b45 b67], [c.. d..], then [a0123 b0123 c0123 d0123 | a4567 b4567 c4567 d4567]
        var abcd = Avx.HorizontalAdd(Avx.HorizontalAdd(a8, b8), Avx.HorizontalAdd(c8, d8));
        return abcd.GetLower() + abcd.GetUpper();
    }

    /// <summary>
    /// The plasticity step, clip and alive test of a fully connected neuron, vectorized over all n inputs, for
    /// z = 1 (w = u, dw/du = 1) and z = 2 (w = u1 u2, dw/du1 = u2, dw/du2 = u1). An input lives where
    /// mask[j] != 0 and w &gt; the alive threshold (the reference's alive test at the start of the epoch); it takes
    /// u_k += eta drive dw/du_k, floored at eps. Dead inputs get factors 0 (no denormal products later; their
    /// reference values are restored when the state is read) and mask 0. Returns the sum of squares of the
    /// surviving factors in float64 and how many inputs died.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static double DenseStep(Span<float> u1, Span<float> u2, Span<float> mask, ReadOnlySpan<float> drive, float eta,
                                   float threshold, float floor, int n, bool twoFactors, out int deaths)
    {
        if (u1.Length < n || (twoFactors && u2.Length < n) || mask.Length < n || drive.Length < n) throw new ArgumentException("rows too short");
        int j = 0, died = 0;
        double sum = 0;
        if (Wide)
        {
            ref float a = ref MemoryMarshal.GetReference(u1);
            ref float b = ref twoFactors ? ref MemoryMarshal.GetReference(u2) : ref a;
            ref float m = ref MemoryMarshal.GetReference(mask);
            ref float d = ref MemoryMarshal.GetReference(drive);
            var t = Vector512.Create(threshold);
            var f = Vector512.Create(floor);
            var e = Vector512.Create(eta);
            Vector512<double> s0 = default, s1 = default;
            for (; j <= n - Lanes; j += Lanes)
            {
                var av = Vector512.LoadUnsafe(ref a, (nuint)j);
                var mv = Vector512.LoadUnsafe(ref m, (nuint)j);
                var step = Vector512.LoadUnsafe(ref d, (nuint)j) * e;
                Vector512<float> lives;
                if (twoFactors)
                {
                    var bv = Vector512.LoadUnsafe(ref b, (nuint)j);
                    lives = Vector512.GreaterThan(av * bv, t) & Vector512.GreaterThan(mv, Vector512<float>.Zero);
                    var a2 = Vector512.ConditionalSelect(lives, Vector512.Max(Vector512.FusedMultiplyAdd(step, bv, av), f), Vector512<float>.Zero);
                    var b2 = Vector512.ConditionalSelect(lives, Vector512.Max(Vector512.FusedMultiplyAdd(step, av, bv), f), Vector512<float>.Zero);
                    a2.StoreUnsafe(ref a, (nuint)j);
                    b2.StoreUnsafe(ref b, (nuint)j);
                    var bl = Vector512.WidenLower(b2); var bh = Vector512.WidenUpper(b2);
                    s1 = Vector512.FusedMultiplyAdd(bl, bl, s1);
                    s1 = Vector512.FusedMultiplyAdd(bh, bh, s1);
                    av = a2;
                }
                else
                {
                    lives = Vector512.GreaterThan(av, t) & Vector512.GreaterThan(mv, Vector512<float>.Zero);
                    av = Vector512.ConditionalSelect(lives, Vector512.Max(av + step, f), Vector512<float>.Zero);
                    av.StoreUnsafe(ref a, (nuint)j);
                }
                var al = Vector512.WidenLower(av); var ah = Vector512.WidenUpper(av);
                s0 = Vector512.FusedMultiplyAdd(al, al, s0);
                s0 = Vector512.FusedMultiplyAdd(ah, ah, s0);
                var newMask = Vector512.ConditionalSelect(lives, Vector512<float>.One, Vector512<float>.Zero);
                died += System.Numerics.BitOperations.PopCount(Vector512.ExtractMostSignificantBits(Vector512.GreaterThan(mv, newMask)));
                newMask.StoreUnsafe(ref m, (nuint)j);
            }
            sum = Vector512.Sum(s0 + s1);
        }
        for (; j < n; j++)
        {
            float w = twoFactors ? u1[j] * u2[j] : u1[j];
            bool lives = mask[j] > 0 && w > threshold;
            if (mask[j] > 0 && !lives) died++;
            float step = drive[j] * eta;
            float a2 = lives ? MathF.Max(twoFactors ? MathF.FusedMultiplyAdd(step, u2[j], u1[j]) : u1[j] + step, floor) : 0;
            if (twoFactors)
            {
                float b2 = lives ? MathF.Max(MathF.FusedMultiplyAdd(step, u1[j], u2[j]), floor) : 0;
                u2[j] = b2;
                sum += (double)b2 * b2;
            }
            u1[j] = a2;
            sum += (double)a2 * a2;
            mask[j] = lives ? 1 : 0;
        }
        deaths = died;
        return sum;
    }

    /// <summary>The normalization of a fully connected neuron (u_k *= s over all n inputs) and its new weights w = u1 u2 (or u1).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void ScaleAndWeights(Span<float> u1, Span<float> u2, float scale, int n, bool twoFactors, Span<float> weights)
    {
        if (u1.Length < n || (twoFactors && u2.Length < n) || weights.Length < n) throw new ArgumentException("rows too short");
        int j = 0;
        if (Wide)
        {
            ref float a = ref MemoryMarshal.GetReference(u1);
            ref float b = ref twoFactors ? ref MemoryMarshal.GetReference(u2) : ref a;
            ref float w = ref MemoryMarshal.GetReference(weights);
            var s = Vector512.Create(scale);
            for (; j <= n - Lanes; j += Lanes)
            {
                var av = Vector512.LoadUnsafe(ref a, (nuint)j) * s;
                av.StoreUnsafe(ref a, (nuint)j);
                if (twoFactors)
                {
                    var bv = Vector512.LoadUnsafe(ref b, (nuint)j) * s;
                    bv.StoreUnsafe(ref b, (nuint)j);
                    (av * bv).StoreUnsafe(ref w, (nuint)j);
                }
                else av.StoreUnsafe(ref w, (nuint)j);
            }
        }
        for (; j < n; j++)
        {
            u1[j] *= scale;
            if (twoFactors) u2[j] *= scale;
            weights[j] = twoFactors ? u1[j] * u2[j] : u1[j];
        }
    }

}
