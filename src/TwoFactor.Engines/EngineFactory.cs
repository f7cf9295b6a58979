using TwoFactor.Core.Training;
using TwoFactor.Engines.Cpu;

namespace TwoFactor.Engines;

/// <summary>Creates training engines by their CLI name (reference, simd, cuda, auto).</summary>
public static class EngineFactory
{
    public static IReadOnlyList<string> Names { get; } = ["reference", "simd", "auto"];

    /// <param name="name">Engine name as given on the command line or in a sweep file.</param>
    /// <param name="threads">Worker threads (0: all cores).</param>
    public static ITrainingEngine Create(string name, int threads = 0)
    {
        int parallelism = threads > 0 ? threads : -1;
        return name switch
        {
            "reference" => new ReferenceTrainer(parallelism),
            "simd" or "auto" => new VectorTrainer(parallelism),
            _ => throw new ArgumentException(
                $"unknown engine '{name}'; choose one of {string.Join(", ", Names)}", nameof(name)),
        };
    }
}
