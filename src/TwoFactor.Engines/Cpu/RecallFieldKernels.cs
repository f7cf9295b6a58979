using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace TwoFactor.Engines.Cpu;

/// <summary>
/// Fields of binary states: the sum of the transposed weight rows of the active neurons. One tile of columns
/// at a time for a block of cues, so the tile (N rows of a few cache lines) is read from memory once per block
/// and then from L2; four independent vector accumulators per tile hide the add latency. Every element is
/// summed from zero over the active inputs in ascending order, as the reference sums it, so the results are
/// bit-identical to the reference's fields.
/// </summary>
internal static class RecallFieldKernels
{
    /// <summary>
    /// fields[c][i] = sum over j in active[c] (ascending) of transposed[j * n + i], for every cue c of the block
    /// (fields of cue c at c * n).
    /// </summary>
    public static void SumActiveRows(double[] transposed, int n, int[][] active, int[] activeCounts, int cues, Span<double> fields)
    {
        int start = 0;
        if (Vector512.IsHardwareAccelerated)
            for (; start <= n - 4 * Vector512<double>.Count; start += 4 * Vector512<double>.Count)
                for (int c = 0; c < cues; c++)
                    Tile512(transposed, n, start, active[c].AsSpan(0, activeCounts[c]), fields.Slice(c * n));
        else if (Vector256.IsHardwareAccelerated)
            for (; start <= n - 4 * Vector256<double>.Count; start += 4 * Vector256<double>.Count)
                for (int c = 0; c < cues; c++)
                    Tile256(transposed, n, start, active[c].AsSpan(0, activeCounts[c]), fields.Slice(c * n));
        for (int c = 0; c < cues; c++)
        {
            var field = fields.Slice(c * n, n);
            var list = active[c].AsSpan(0, activeCounts[c]);
            for (int i = start; i < n; i++)
            {
                double sum = 0;
                foreach (int j in list) sum += transposed[j * n + i];
                field[i] = sum;
            }
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Tile512(double[] transposed, int n, int start, ReadOnlySpan<int> active, Span<double> field)
    {
        ref double w = ref MemoryMarshal.GetArrayDataReference(transposed);
        int width = Vector512<double>.Count;
        Vector512<double> a0 = default, a1 = default, a2 = default, a3 = default;
        foreach (int j in active)
        {
            ref double row = ref Unsafe.Add(ref w, (nint)j * n + start);
            a0 += Vector512.LoadUnsafe(ref row);
            a1 += Vector512.LoadUnsafe(ref row, (nuint)width);
            a2 += Vector512.LoadUnsafe(ref row, (nuint)(2 * width));
            a3 += Vector512.LoadUnsafe(ref row, (nuint)(3 * width));
        }
        ref double f = ref Unsafe.Add(ref MemoryMarshal.GetReference(field), start);
        a0.StoreUnsafe(ref f);
        a1.StoreUnsafe(ref f, (nuint)width);
        a2.StoreUnsafe(ref f, (nuint)(2 * width));
        a3.StoreUnsafe(ref f, (nuint)(3 * width));
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Tile256(double[] transposed, int n, int start, ReadOnlySpan<int> active, Span<double> field)
    {
        ref double w = ref MemoryMarshal.GetArrayDataReference(transposed);
        int width = Vector256<double>.Count;
        Vector256<double> a0 = default, a1 = default, a2 = default, a3 = default;
        foreach (int j in active)
        {
            ref double row = ref Unsafe.Add(ref w, (nint)j * n + start);
            a0 += Vector256.LoadUnsafe(ref row);
            a1 += Vector256.LoadUnsafe(ref row, (nuint)width);
            a2 += Vector256.LoadUnsafe(ref row, (nuint)(2 * width));
            a3 += Vector256.LoadUnsafe(ref row, (nuint)(3 * width));
        }
        ref double f = ref Unsafe.Add(ref MemoryMarshal.GetReference(field), start);
        a0.StoreUnsafe(ref f);
        a1.StoreUnsafe(ref f, (nuint)width);
        a2.StoreUnsafe(ref f, (nuint)(2 * width));
        a3.StoreUnsafe(ref f, (nuint)(3 * width));
    }
}
