using System.Diagnostics;
using TwoFactor.Core.Parameters;
using TwoFactor.Core.Simulation;
using TwoFactor.Core.Training;
using TwoFactor.Engines;
using TwoFactor.Engines.Cpu.Float32;

namespace TwoFactor.Benchmarks;

/// <summary>
/// Whole cells from the start (`--whole N:M:f:z:epochs,...`): average epochs/s of the simd engine over a whole run
/// in both precisions, on one thread and on all, with the algorithm's bound. The runs of one cell alternate
/// (float64 1 thread, float32 1 thread, float64 all, float32 all, then again) so that load changes on a shared
/// machine hit both precisions alike; each figure is the better of its two runs.
/// </summary>
public static class WholeCellBenchmark
{
    public sealed record Cell(int N, int M, double F, int Z, long Epochs)
    {
        public static Cell Parse(string text)
        {
            var p = text.Split(':');
            return new Cell(int.Parse(p[0]), int.Parse(p[1]), double.Parse(p[2], System.Globalization.CultureInfo.InvariantCulture),
                            int.Parse(p[3]), long.Parse(p[4]));
        }

        public override string ToString() => $"N={N} M={M} f={F} z={Z}, {Epochs / 1000}k epochs";
    }

    /// <summary>Density and phase along a run, sampled at trajectory points.</summary>
    private sealed class DensityLog : ITrainingObserver
    {
        public readonly List<(long Epoch, double Density, TrainingPhase Phase)> Points = [];
        public void OnProgress(long epochsDone, long maxEpochs, TrajectoryPoint? point)
        {
            if (point is not null) Points.Add((point.Epoch, point.Density, point.Phase));
        }
    }

    /// <param name="threads">Thread counts to time (default: 1 and all cores).</param>
    /// <param name="precisions">Precisions to time (default: both).</param>
    /// <param name="rounds">Alternating rounds (the best of them is printed).</param>
    /// <param name="launches">float32 only: epochs per launch at most to time (default: the engine's default).</param>
    public static void PrintTable(IEnumerable<Cell> cells, double peakFloat, double peakDouble, IReadOnlyList<int>? threads = null,
                                  IReadOnlyList<Precision>? precisions = null, int rounds = 2, IReadOnlyList<int>? launches = null)
    {
        int cores = Environment.ProcessorCount;
        Console.WriteLine("| cell | precision | threads | epochs per launch | epochs/s | final density | phase B from | bound epochs/s | % of bound | load |");
        Console.WriteLine("|---|---|---|---|---|---|---|---|---|---|");
        foreach (var cell in cells)
        {
            var p = new ModelParameters
            {
                N = cell.N, M = cell.M, Alpha = null, F = cell.F, Z = cell.Z, Seed = 100, Tests = [], MaxEpochs = cell.Epochs,
                ConvergenceInterval = int.MaxValue, TrajectoryInterval = (int)Math.Max(1, cell.Epochs / 50),
                Patterns = cell.F < 0.5 ? PatternKind.Exact : PatternKind.Bernoulli,
            };
            var setup = SimulationRunner.BuildSetup(p);
            var runs = (from t in threads ?? [1, cores]
                        from q in precisions ?? [Precision.Float64, Precision.Float32]
                        from l in q == Precision.Float32 ? launches ?? [Float32Trainer.DefaultEpochsPerLaunch] : [1]
                        select (Precision: q, Threads: t, Launch: l)).ToList();
            var best = new Dictionary<(Precision Precision, int Threads, int Launch), (double EpochsPerSecond, DensityLog Log, TrainingResult Result, string Load)>();
            for (int round = 0; round < rounds; round++)
            foreach (var run in runs)
            {
                var log = new DensityLog();
                var engine = run.Precision == Precision.Float32
                    ? new Float32Trainer(run.Threads, run.Launch)
                    : EngineFactory.Create("simd", run.Threads, run.Precision);
                string load = Load.Average();
                var clock = Stopwatch.StartNew();
                var result = engine.Train(setup with { Observer = log });
                double rate = result.Epochs / clock.Elapsed.TotalSeconds;
                if (!best.TryGetValue(run, out var b) || rate > b.EpochsPerSecond) best[run] = (rate, log, result, load);
            }
            foreach (var run in runs)
            {
                var (rate, log, result, load) = best[run];
                double peak = run.Precision == Precision.Float32 ? peakFloat : peakDouble;
                double bound = peak * run.Threads / (2 * MacsPerEpoch(cell, log));
                Console.WriteLine($"| {cell} | {EnumNames.Name(run.Precision)} | {run.Threads} | {run.Launch} | {rate:F0} | {log.Points[^1].Density:F3} | " +
                                  $"{result.PhaseBStartEpoch?.ToString() ?? "-"} | {bound:F0} | {100 * rate / bound:F1}% | {load} |");
            }
        }
    }

    /// <summary>
    /// The algorithm's multiply-adds per epoch averaged over the run: per neuron, the fields over its alive inputs
    /// (rho N M) every epoch, and in phase B also the drive over them (another rho N M); rho from the trajectory
    /// points (the mean of the two ends of each interval).
    /// </summary>
    private static double MacsPerEpoch(Cell cell, DensityLog log)
    {
        double total = 0;
        long previousEpoch = 0;
        double previousDensity = 1;
        foreach (var (epoch, density, phase) in log.Points)
        {
            double rho = (previousDensity + density) / 2;
            total += (epoch - previousEpoch) * rho * cell.N * (double)cell.N * cell.M * (phase == TrainingPhase.B ? 2 : 1);
            previousEpoch = epoch;
            previousDensity = density;
        }
        return total / Math.Max(1, previousEpoch);
    }
}
