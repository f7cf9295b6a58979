using System.Diagnostics;
using TwoFactor.Core.Parameters;
using TwoFactor.Core.Recall;
using TwoFactor.Core.Training;
using TwoFactor.Engines;

namespace TwoFactor.Benchmarks;

/// <summary>
/// Robustness tests (MODEL.md section 6) timed with the reference's recall dynamics and the incremental ones, one
/// thread each, on a network trained to zero error; the two curves must be identical, and the table says so.
/// </summary>
public static class RecallBenchmark
{
    public static void PrintTable(IEnumerable<int> sizes, IEnumerable<double> codingLevels)
    {
        bool cuda = EngineFactory.CudaDeviceAvailable; // the device dynamics are timed too where a GPU exists
        Console.WriteLine("| case | test | cues | reference cues/s | simd cues/s | simd x ref | curves identical |" + (cuda ? " cuda cues/s | cuda x simd | cuda curve identical |" : ""));
        Console.WriteLine("|---|---|---|---|---|---|---|" + (cuda ? "---|---|---|" : ""));
        foreach (int n in sizes)
        foreach (double f in codingLevels)
        {
            var c = new BenchmarkCase(n, 0.2, f, 2, TrainingPhase.B);
            if (EngineBenchmark.PrepareOrReportSkip(c, columns: cuda ? 10 : 7) is not { } setup) continue;
            // The paper's noise grid, thinned: 20 levels from 0 to 0.49, 4 repetitions of every pattern.
            var levels = Enumerable.Range(0, 20).Select(q => 0.49 * q / 19).ToArray();
            var settings = new RecallSettings(setup.Patterns, MemoryKind.Attractor, f, Steps: 50, Repetitions: 4, Seed: 100);
            foreach (var test in new[] { RobustnessTest.CueIsotropic, RobustnessTest.SynapticFirstAlive })
            {
                var (reference, referenceCurve) = Time(new ReferenceRecallDynamics(), setup, settings, test, levels);
                var (simd, simdCurve) = Time(EngineFactory.CreateRecall("simd"), setup, settings, test, levels);
                double cues = (double)levels.Length * settings.Repetitions * setup.Patterns.M;
                bool identical = referenceCurve.RecallRates.SequenceEqual(simdCurve.RecallRates);
                string device = "";
                if (cuda)
                {
                    var (gpu, gpuCurve) = Time(EngineFactory.CreateRecall("cuda"), setup, settings, test, levels);
                    device = $" {cues / gpu:F0} | {simd / gpu:F1}x | {(referenceCurve.RecallRates.SequenceEqual(gpuCurve.RecallRates) ? "yes" : "NO")} |";
                }
                Console.WriteLine($"| N={n} M={c.M} f={f} z=2 | {EnumNames.Name(test)} | {cues:F0} | {cues / reference:F0} | {cues / simd:F0} | " +
                                  $"{reference / simd:F1}x | {(identical ? "yes" : "NO")} |{device}");
            }
        }
    }

    private static (double Seconds, RecallCurve Curve) Time(IRecallDynamics dynamics, TrainingSetup setup, RecallSettings settings,
        RobustnessTest test, double[] levels)
    {
        var experiment = new RecallExperiment(dynamics, maxDegreeOfParallelism: 1);
        experiment.Run(setup.Initial, setup.Synapse, settings with { Repetitions = 1 }, test, levels); // warm-up (JIT tiers)
        var clock = Stopwatch.StartNew();
        var curve = experiment.Run(setup.Initial, setup.Synapse, settings, test, levels);
        return (clock.Elapsed.TotalSeconds, curve);
    }
}
