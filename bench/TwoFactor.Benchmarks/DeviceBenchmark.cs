using TwoFactor.Core.Parameters;
using TwoFactor.Core.Training;
using TwoFactor.Engines;

namespace TwoFactor.Benchmarks;

/// <summary>
/// The cuda engine's speed in both precisions (bench/gpu-check.sh, on a machine with a GPU): for each case, epochs
/// per second of simd on all cores and of cuda, in float64 and in float32, and the device's gain over simd in the
/// same precision. Phase B cases start from the error-free network <see cref="EngineBenchmark"/> prepares. Without
/// a CUDA device the cuda column is ILGPU's CPU accelerator (emulated), which says nothing about a GPU: the table
/// says so and times only simd.
/// </summary>
public static class DeviceBenchmark
{
    public static void PrintTable(IReadOnlyList<int> sizes, IReadOnlyList<double> codingLevels, IReadOnlyList<int> zs,
                                  IReadOnlyList<TrainingPhase> phases, double seconds)
    {
        bool cuda = EngineFactory.CudaDeviceAvailable;
        int cores = Environment.ProcessorCount;
        Console.WriteLine(cuda ? $"cuda in both precisions against simd on all {cores} cores" : "no CUDA device on this machine: cuda not measured");
        Console.WriteLine("| case | precision | simd all threads ep/s | cuda ep/s | cuda x simd |");
        Console.WriteLine("|---|---|---|---|---|");
        foreach (int n in sizes)
        foreach (double f in codingLevels)
        foreach (int z in zs)
        foreach (var phase in phases)
        {
            var c = new BenchmarkCase(n, 0.2, f, z, phase);
            if (EngineBenchmark.PrepareOrReportSkip(c, columns: 5) is not { } setup) continue;
            foreach (var precision in new[] { Precision.Float64, Precision.Float32 })
            {
                double simd = EngineBenchmark.EpochsPerSecond(EngineFactory.Create("simd", cores, precision), setup, seconds);
                string device = "- | -";
                if (cuda)
                {
                    double gpu = EngineBenchmark.EpochsPerSecond(EngineFactory.Create("cuda", precision: precision), setup, seconds);
                    device = $"{gpu:F1} | {gpu / simd:F1}x";
                }
                Console.WriteLine($"| {c} | {EnumNames.Name(precision)} | {simd:F1} | {device} |");
            }
        }
    }
}
