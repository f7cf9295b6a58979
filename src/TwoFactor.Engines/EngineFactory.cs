using TwoFactor.Core.Parameters;
using TwoFactor.Core.Recall;
using TwoFactor.Core.Training;
using TwoFactor.Engines.Cpu;
using TwoFactor.Engines.Cpu.Float32;
using TwoFactor.Engines.Gpu;

namespace TwoFactor.Engines;

/// <summary>Creates training engines by their CLI name: reference (the oracle), simd (vectorized CPU), cuda (ILGPU), auto (cuda when a CUDA device exists, else simd).</summary>
public static class EngineFactory
{
    public static IReadOnlyList<string> Names { get; } = ["reference", "simd", "cuda", "auto"];

    private static readonly Lazy<bool> CudaPresent = new(IlgpuDevice.CudaAvailable);

    /// <summary>Whether `auto` (and `cuda`) find a CUDA device on this machine.</summary>
    public static bool CudaDeviceAvailable => CudaPresent.Value;

    /// <param name="name">Engine name as given on the command line or in a sweep file.</param>
    /// <param name="threads">Worker threads (0: all cores).</param>
    /// <param name="precision">Arithmetic of simd and cuda (docs/engines.md); the reference is float64 only.</param>
    public static ITrainingEngine Create(string name, int threads = 0, Precision precision = Precision.Float64)
    {
        int parallelism = threads > 0 ? threads : -1;
        if (precision == Precision.Float32)
        {
            return name switch
            {
                "simd" => new Float32Trainer(parallelism),
                "cuda" => new IlgpuTrainer(precision: Precision.Float32),
                "auto" => CudaDeviceAvailable ? new IlgpuTrainer(precision: Precision.Float32) : new Float32Trainer(parallelism),
                "reference" => throw new ArgumentException("precision float32: the reference engine is the float64 oracle; use simd, cuda or auto", nameof(precision)),
                _ => throw UnknownEngine(name),
            };
        }
        return name switch
        {
            "reference" => new ReferenceTrainer(parallelism),
            "simd" => new VectorTrainer(parallelism),
            // Without a GPU, `cuda` runs the same kernels on ILGPU's CPU accelerator (slow; its name says so).
            "cuda" => new IlgpuTrainer(),
            "auto" => CudaDeviceAvailable ? new IlgpuTrainer() : new VectorTrainer(parallelism),
            _ => throw UnknownEngine(name),
        };
    }

    /// <summary>
    /// The recall dynamics (robustness tests) that go with an engine, all giving the reference's states: the
    /// reference's for `reference`, the incremental CPU ones for `simd`, the device's for `cuda` (and `auto`
    /// when a CUDA device exists, else the incremental ones).
    /// </summary>
    public static IRecallDynamics CreateRecall(string name) => name switch
    {
        "reference" => new ReferenceRecallDynamics(),
        "simd" => new IncrementalRecallDynamics(),
        // Without a GPU, `cuda` runs the recall kernel on ILGPU's CPU accelerator (slow; its name says so).
        "cuda" => new IlgpuRecallDynamics(),
        "auto" => CudaDeviceAvailable ? new IlgpuRecallDynamics() : new IncrementalRecallDynamics(),
        _ => throw UnknownEngine(name),
    };

    private static ArgumentException UnknownEngine(string name) =>
        new($"unknown engine '{name}'; choose one of {string.Join(", ", Names)}", nameof(name));
}
