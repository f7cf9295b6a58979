using System.Diagnostics;
using System.Runtime.Intrinsics;

namespace TwoFactor.Benchmarks;

/// <summary>
/// This machine's single-core limits, measured in the same run as the engines: double-precision fused
/// multiply-add throughput on independent accumulators (arithmetic peak) and a streaming dot product over a
/// buffer larger than the caches (memory bandwidth).
/// </summary>
public static class MachinePeak
{
    /// <summary>Widest hardware-accelerated vector: the width TensorPrimitives uses on this CPU.</summary>
    public static int VectorBits => Vector512.IsHardwareAccelerated ? 512 : Vector256.IsHardwareAccelerated ? 256 : 128;

    public static double DoubleFlopsPerSecond() => Vector512.IsHardwareAccelerated ? Peak512() : Peak256();

    private static double Peak512()
    {
        var a = Vector512.Create(1.0000001);
        var b = Vector512.Create(1e-9);
        Vector512<double> s0 = Vector512<double>.Zero, s1 = s0, s2 = s0, s3 = s0, s4 = s0, s5 = s0, s6 = s0, s7 = s0;
        const int iterations = 30_000_000;
        var clock = Stopwatch.StartNew();
        for (int k = 0; k < iterations; k++)
        {
            s0 = Vector512.FusedMultiplyAdd(s0, a, b); s1 = Vector512.FusedMultiplyAdd(s1, a, b);
            s2 = Vector512.FusedMultiplyAdd(s2, a, b); s3 = Vector512.FusedMultiplyAdd(s3, a, b);
            s4 = Vector512.FusedMultiplyAdd(s4, a, b); s5 = Vector512.FusedMultiplyAdd(s5, a, b);
            s6 = Vector512.FusedMultiplyAdd(s6, a, b); s7 = Vector512.FusedMultiplyAdd(s7, a, b);
        }
        double seconds = clock.Elapsed.TotalSeconds;
        if (double.IsNaN(Vector512.Sum(s0 + s1 + s2 + s3 + s4 + s5 + s6 + s7))) Console.WriteLine("NaN");
        return 2.0 * 8 * Vector512<double>.Count * iterations / seconds;
    }

    private static double Peak256()
    {
        var a = Vector256.Create(1.0000001);
        var b = Vector256.Create(1e-9);
        Vector256<double> s0 = Vector256<double>.Zero, s1 = s0, s2 = s0, s3 = s0, s4 = s0, s5 = s0, s6 = s0, s7 = s0;
        const int iterations = 30_000_000;
        var clock = Stopwatch.StartNew();
        for (int k = 0; k < iterations; k++)
        {
            s0 = Vector256.FusedMultiplyAdd(s0, a, b); s1 = Vector256.FusedMultiplyAdd(s1, a, b);
            s2 = Vector256.FusedMultiplyAdd(s2, a, b); s3 = Vector256.FusedMultiplyAdd(s3, a, b);
            s4 = Vector256.FusedMultiplyAdd(s4, a, b); s5 = Vector256.FusedMultiplyAdd(s5, a, b);
            s6 = Vector256.FusedMultiplyAdd(s6, a, b); s7 = Vector256.FusedMultiplyAdd(s7, a, b);
        }
        double seconds = clock.Elapsed.TotalSeconds;
        if (double.IsNaN(Vector256.Sum(s0 + s1 + s2 + s3 + s4 + s5 + s6 + s7))) Console.WriteLine("NaN");
        return 2.0 * 8 * Vector256<double>.Count * iterations / seconds;
    }

    public static double MemoryBytesPerSecond()
    {
        var x = new double[32 * 1024 * 1024]; // 256 MiB
        for (int k = 0; k < x.Length; k++) x[k] = k & 7;
        double best = 0;
        for (int round = 0; round < 3; round++)
        {
            var clock = Stopwatch.StartNew();
            double sum = System.Numerics.Tensors.TensorPrimitives.Sum(x);
            double seconds = clock.Elapsed.TotalSeconds;
            if (sum < 0) Console.WriteLine(sum);
            best = Math.Max(best, x.Length * 8.0 / seconds);
        }
        return best;
    }
}
