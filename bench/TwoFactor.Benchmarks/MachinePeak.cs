using System.Diagnostics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace TwoFactor.Benchmarks;

/// <summary>
/// This machine's single-core limits, measured in the same run as the engines: fused multiply-add throughput
/// on independent accumulators (arithmetic peak, double and float) and a streaming sum over a buffer larger
/// than the caches (memory bandwidth). <see cref="Native"/> runs the same loop compiled by gcc
/// (bench/native/peak.sh) where gcc exists, as a check that the managed loop measures the machine.
/// </summary>
public static class MachinePeak
{
    private const int Iterations = 20_000_000;

    /// <summary>Widest hardware-accelerated vector: the width TensorPrimitives uses on this CPU.</summary>
    public static int VectorBits => Vector512.IsHardwareAccelerated ? 512 : Vector256.IsHardwareAccelerated ? 256 : 128;

    /// <summary>Best of three rounds of <see cref="Peak512Double"/> (or the 256-bit form).</summary>
    public static double DoubleFlopsPerSecond() => Best(Vector512.IsHardwareAccelerated ? Peak512Double : Peak256Double);

    public static double FloatFlopsPerSecond() => Best(Vector512.IsHardwareAccelerated ? Peak512Float : Peak256Float);

    private static double Best(Func<double> measure) => Enumerable.Range(0, 3).Max(_ => measure());

    // Why the previous loop reported 22 GFLOP/s: a method called once with a hot loop starts at tier 0 and is
    // replaced mid-loop by an on-stack-replacement (OSR) variant that keeps the accumulators in the tier-0
    // frame, storing and reloading every one of them each iteration (seen with DOTNET_JitDisasm=Peak512). Each
    // chain then costs a store-to-load round trip plus the FMA latency per step. AggressiveOptimization compiles
    // the loop fully optimized at once (accumulators in registers), and twelve chains cover FMA latency times
    // the two 512-bit FMA pipes of Zen 5 (8 are the minimum; bench/native/fma_peak.c uses the same twelve).
    // Distinct starting values keep the chains from being merged. The loop sits in a method without calls (the clock
    // is read by its caller): with the clock calls in the same method the JIT kept the accumulators in the frame
    // even at full optimization, a store and reload per chain and iteration (vector registers do not survive a
    // call on x64 Linux).

    private static double Peak512Double()
    {
        var clock = Stopwatch.StartNew();
        double sum = Peak512DoubleChains();
        double seconds = clock.Elapsed.TotalSeconds;
        Keep(sum);
        return 2.0 * 12 * Vector512<double>.Count * Iterations / seconds;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization | MethodImplOptions.NoInlining)]
    private static double Peak512DoubleChains()
    {
        var a = Vector512.Create(0.9999999); var b = Vector512.Create(1e-9);
        Vector512<double> s0 = Vector512.Create(0.0), s1 = Vector512.Create(1.0), s2 = Vector512.Create(2.0), s3 = Vector512.Create(3.0),
            s4 = Vector512.Create(4.0), s5 = Vector512.Create(5.0), s6 = Vector512.Create(6.0), s7 = Vector512.Create(7.0),
            s8 = Vector512.Create(8.0), s9 = Vector512.Create(9.0), s10 = Vector512.Create(10.0), s11 = Vector512.Create(11.0);
        for (int k = 0; k < Iterations; k++)
        {
            s0 = Vector512.FusedMultiplyAdd(s0, a, b); s1 = Vector512.FusedMultiplyAdd(s1, a, b); s2 = Vector512.FusedMultiplyAdd(s2, a, b);
            s3 = Vector512.FusedMultiplyAdd(s3, a, b); s4 = Vector512.FusedMultiplyAdd(s4, a, b); s5 = Vector512.FusedMultiplyAdd(s5, a, b);
            s6 = Vector512.FusedMultiplyAdd(s6, a, b); s7 = Vector512.FusedMultiplyAdd(s7, a, b); s8 = Vector512.FusedMultiplyAdd(s8, a, b);
            s9 = Vector512.FusedMultiplyAdd(s9, a, b); s10 = Vector512.FusedMultiplyAdd(s10, a, b); s11 = Vector512.FusedMultiplyAdd(s11, a, b);
        }
        return Vector512.Sum(s0 + s1 + s2 + s3 + s4 + s5 + s6 + s7 + s8 + s9 + s10 + s11);
    }

    private static double Peak512Float()
    {
        var clock = Stopwatch.StartNew();
        double sum = Peak512FloatChains();
        double seconds = clock.Elapsed.TotalSeconds;
        Keep(sum);
        return 2.0 * 12 * Vector512<float>.Count * Iterations / seconds;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization | MethodImplOptions.NoInlining)]
    private static double Peak512FloatChains()
    {
        var a = Vector512.Create(0.9999f); var b = Vector512.Create(1e-6f);
        Vector512<float> s0 = Vector512.Create(0f), s1 = Vector512.Create(1f), s2 = Vector512.Create(2f), s3 = Vector512.Create(3f),
            s4 = Vector512.Create(4f), s5 = Vector512.Create(5f), s6 = Vector512.Create(6f), s7 = Vector512.Create(7f),
            s8 = Vector512.Create(8f), s9 = Vector512.Create(9f), s10 = Vector512.Create(10f), s11 = Vector512.Create(11f);
        for (int k = 0; k < Iterations; k++)
        {
            s0 = Vector512.FusedMultiplyAdd(s0, a, b); s1 = Vector512.FusedMultiplyAdd(s1, a, b); s2 = Vector512.FusedMultiplyAdd(s2, a, b);
            s3 = Vector512.FusedMultiplyAdd(s3, a, b); s4 = Vector512.FusedMultiplyAdd(s4, a, b); s5 = Vector512.FusedMultiplyAdd(s5, a, b);
            s6 = Vector512.FusedMultiplyAdd(s6, a, b); s7 = Vector512.FusedMultiplyAdd(s7, a, b); s8 = Vector512.FusedMultiplyAdd(s8, a, b);
            s9 = Vector512.FusedMultiplyAdd(s9, a, b); s10 = Vector512.FusedMultiplyAdd(s10, a, b); s11 = Vector512.FusedMultiplyAdd(s11, a, b);
        }
        return Vector512.Sum(s0 + s1 + s2 + s3 + s4 + s5 + s6 + s7 + s8 + s9 + s10 + s11);
    }

    private static double Peak256Double()
    {
        var clock = Stopwatch.StartNew();
        double sum = Peak256DoubleChains();
        double seconds = clock.Elapsed.TotalSeconds;
        Keep(sum);
        return 2.0 * 12 * Vector256<double>.Count * Iterations / seconds;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization | MethodImplOptions.NoInlining)]
    private static double Peak256DoubleChains()
    {
        var a = Vector256.Create(0.9999999); var b = Vector256.Create(1e-9);
        Vector256<double> s0 = Vector256.Create(0.0), s1 = Vector256.Create(1.0), s2 = Vector256.Create(2.0), s3 = Vector256.Create(3.0),
            s4 = Vector256.Create(4.0), s5 = Vector256.Create(5.0), s6 = Vector256.Create(6.0), s7 = Vector256.Create(7.0),
            s8 = Vector256.Create(8.0), s9 = Vector256.Create(9.0), s10 = Vector256.Create(10.0), s11 = Vector256.Create(11.0);
        for (int k = 0; k < Iterations; k++)
        {
            s0 = Vector256.FusedMultiplyAdd(s0, a, b); s1 = Vector256.FusedMultiplyAdd(s1, a, b); s2 = Vector256.FusedMultiplyAdd(s2, a, b);
            s3 = Vector256.FusedMultiplyAdd(s3, a, b); s4 = Vector256.FusedMultiplyAdd(s4, a, b); s5 = Vector256.FusedMultiplyAdd(s5, a, b);
            s6 = Vector256.FusedMultiplyAdd(s6, a, b); s7 = Vector256.FusedMultiplyAdd(s7, a, b); s8 = Vector256.FusedMultiplyAdd(s8, a, b);
            s9 = Vector256.FusedMultiplyAdd(s9, a, b); s10 = Vector256.FusedMultiplyAdd(s10, a, b); s11 = Vector256.FusedMultiplyAdd(s11, a, b);
        }
        return Vector256.Sum(s0 + s1 + s2 + s3 + s4 + s5 + s6 + s7 + s8 + s9 + s10 + s11);
    }

    private static double Peak256Float()
    {
        var clock = Stopwatch.StartNew();
        double sum = Peak256FloatChains();
        double seconds = clock.Elapsed.TotalSeconds;
        Keep(sum);
        return 2.0 * 12 * Vector256<float>.Count * Iterations / seconds;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization | MethodImplOptions.NoInlining)]
    private static double Peak256FloatChains()
    {
        var a = Vector256.Create(0.9999f); var b = Vector256.Create(1e-6f);
        Vector256<float> s0 = Vector256.Create(0f), s1 = Vector256.Create(1f), s2 = Vector256.Create(2f), s3 = Vector256.Create(3f),
            s4 = Vector256.Create(4f), s5 = Vector256.Create(5f), s6 = Vector256.Create(6f), s7 = Vector256.Create(7f),
            s8 = Vector256.Create(8f), s9 = Vector256.Create(9f), s10 = Vector256.Create(10f), s11 = Vector256.Create(11f);
        for (int k = 0; k < Iterations; k++)
        {
            s0 = Vector256.FusedMultiplyAdd(s0, a, b); s1 = Vector256.FusedMultiplyAdd(s1, a, b); s2 = Vector256.FusedMultiplyAdd(s2, a, b);
            s3 = Vector256.FusedMultiplyAdd(s3, a, b); s4 = Vector256.FusedMultiplyAdd(s4, a, b); s5 = Vector256.FusedMultiplyAdd(s5, a, b);
            s6 = Vector256.FusedMultiplyAdd(s6, a, b); s7 = Vector256.FusedMultiplyAdd(s7, a, b); s8 = Vector256.FusedMultiplyAdd(s8, a, b);
            s9 = Vector256.FusedMultiplyAdd(s9, a, b); s10 = Vector256.FusedMultiplyAdd(s10, a, b); s11 = Vector256.FusedMultiplyAdd(s11, a, b);
        }
        return Vector256.Sum(s0 + s1 + s2 + s3 + s4 + s5 + s6 + s7 + s8 + s9 + s10 + s11);
    }

    private static void Keep(double value)
    {
        if (double.IsNaN(value)) Console.WriteLine("NaN");
    }

    /// <summary>
    /// The native loop's (double, float) FLOP/s from bench/native/peak.sh, or null where gcc or the script is
    /// missing (the harness then prints the managed figures only).
    /// </summary>
    public static (double Double, double Float)? Native()
    {
        string? script = FindUp("bench/native/peak.sh");
        if (script is null) return null;
        try
        {
            var start = new ProcessStartInfo("bash", [script]) { RedirectStandardOutput = true, RedirectStandardError = true };
            using var process = Process.Start(start)!;
            string output = process.StandardOutput.ReadToEnd();
            process.WaitForExit();
            if (process.ExitCode != 0) return null;
            double Read(string key) => double.Parse(output.Split('\n').First(l => l.StartsWith(key, StringComparison.Ordinal))[key.Length..],
                                                    System.Globalization.CultureInfo.InvariantCulture) * 1e9;
            return (Read("double GFLOPS "), Read("float GFLOPS "));
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return null; // no bash
        }
    }

    private static string? FindUp(string relative)
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, relative))) return Path.Combine(dir.FullName, relative);
        return null;
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
