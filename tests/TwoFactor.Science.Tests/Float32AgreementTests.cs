using TwoFactor.Core.Parameters;
using TwoFactor.Core.Simulation;
using TwoFactor.Engines;
using Xunit.Abstractions;

namespace TwoFactor.Science.Tests;

/// <summary>
/// float32 against float64 (the simd engine in both precisions) by the statistics of converged networks over
/// five seeds at N = 200, alpha = 0.2: converged density, mean min margin, convergence epoch and cue-noise
/// tolerance (cue-isotropic). Both precisions train the same patterns from the same initial network (same seed),
/// so the comparison is paired. The test: for each statistic the mean paired difference (float32 - float64) lies
/// within one seed-to-seed standard deviation of the float64 values, and no single pair differs by more than three
/// standard deviations of a difference of two independent runs (3 sqrt 2 spreads): phase B is chaotic, so a z = 2
/// pair decorrelates within tens of epochs and its two runs are two draws from the same distribution, not one run
/// and its perturbation. (The bound was 3 spreads until 2026-12-03: after the float32 pruned-path kernels changed
/// their order of additions, seed 4 of dense z = 2 ended at density 0.18849 in float32 against 0.17538 in float64,
/// 3.7 spreads apart, with the mean difference 0.0006 against a spread of 0.0035; a bound of 3 spreads on a
/// difference of two independent draws fails about one pair in 30 by chance.)
/// For discrete statistics the spread is taken as at least their resolution (the convergence epoch: two check
/// intervals; the tolerance: one step of the noise grid).
/// <para>
/// Affordability (about 1.5-2 minutes on 2 quiet cores): paper-rate z = 2 runs at this size take about 600k epochs
/// to converge. Here the learning rates are raised (z = 2: eta = eta_theta = 0.05, z = 1: 0.005) and the
/// convergence rule (MODEL.md section 4, unchanged: density and mean min margin each move by less than 1e-4
/// between checks, norm within tolerance) is checked every 100 epochs instead of 10,000, so it fires within
/// 15-35k epochs (measured: z = 2 at 17.5k/22.9k for float64/float32 with seed 1, z = 1 at 21.5k). What is
/// compared is therefore the converged state of the same rule on the same dynamics at other rates; the claim
/// under test, that float32 arithmetic does not change converged results beyond the seed-to-seed spread, does not
/// depend on the rates. A run that reaches the cap (40k) counts with its capped state and the cap as its epoch.
/// </para>
/// <para>
/// Measured (2026-12-02): every run converged (17-27k epochs). z = 1 (dense and sparse) gives nearly the same
/// numbers in both precisions (densities equal, margins within 2e-5); z = 2, chaotic in phase B, differs per seed
/// by about one spread: mean differences density -0.0027 (spread 0.0035), min margin -0.0003 (0.0053),
/// convergence epoch +2100 (2700), tolerance +3e-5 (grid step 0.05). The whole suite took 12 minutes on the
/// shared machine at load average 30-35; its 670k epochs take about 2 minutes on two quiet cores.
/// </para>
/// </summary>
[Trait("Category", "Science")]
public sealed class Float32AgreementTests(ITestOutputHelper output)
{
    private static readonly long[] Seeds = [1, 2, 3, 4, 5];

    public static TheoryData<string> Cases => new() { "dense z=2", "dense z=1", "sparse f=0.1" };

    private static ModelParameters Case(string name)
    {
        var common = new ModelParameters
        {
            N = 200, Alpha = 0.2, F = 0.5, Z = 2, Eta = 0.05, EtaTheta = 0.05, ConvergenceInterval = 100, MaxEpochs = 40_000,
            TrajectoryInterval = 0, Tests = [RobustnessTest.CueIsotropic], NoiseLevels = 11, NoiseMax = 0.5, RecallRepetitions = 2,
        };
        return name switch
        {
            "dense z=2" => common,
            "dense z=1" => common with { Z = 1, Eta = 0.005, EtaTheta = 0.005 },
            "sparse f=0.1" => common with { F = 0.1, Z = 1, Eta = 0.005, EtaTheta = 0.005 },
            _ => throw new ArgumentException(name),
        };
    }

    private sealed record Run(long Seed, Precision Precision, SimulationResult Result);

    [Theory]
    [MemberData(nameof(Cases))]
    public void Float32_agrees_with_float64_within_the_seed_to_seed_spread(string name)
    {
        var template = Case(name);
        var jobs = Seeds.SelectMany(s => new[] { (s, Precision.Float64), (s, Precision.Float32) }).ToList();
        var runs = new Run[jobs.Count];
        Parallel.For(0, jobs.Count, new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount }, k =>
        {
            var (seed, precision) = jobs[k];
            var p = template with { Seed = seed, Precision = precision };
            runs[k] = new Run(seed, precision, SimulationRunner.Run(p, EngineFactory.Create("simd", 1, precision), EngineFactory.CreateRecall("simd")));
        });
        Assert.All(runs, r => Assert.Equal(0, r.Result.Metrics.Error));
        Assert.All(runs.Where(r => r.Precision == Precision.Float32), r => Assert.Equal("simd-float32", r.Result.Engine));

        Compare(name, runs, "density", r => r.Metrics.Density, 0);
        Compare(name, runs, "min margin", r => r.Metrics.MinMarginMean, 0);
        Compare(name, runs, "convergence epoch", r => r.ConvergenceEpoch ?? r.Epochs, 2.0 * template.ConvergenceInterval);
        Compare(name, runs, "cue tolerance", r => r.Recall.Single().Tolerance, template.NoiseMax / (template.NoiseLevels - 1));
    }

    private void Compare(string name, Run[] runs, string statistic, Func<SimulationResult, double> of, double resolution)
    {
        var x64 = Seeds.Select(s => of(runs.Single(r => r.Seed == s && r.Precision == Precision.Float64).Result)).ToArray();
        var x32 = Seeds.Select(s => of(runs.Single(r => r.Seed == s && r.Precision == Precision.Float32).Result)).ToArray();
        var differences = x32.Zip(x64, (a, b) => a - b).ToArray();
        double mean64 = x64.Average();
        double spread = Math.Max(Math.Sqrt(x64.Sum(x => (x - mean64) * (x - mean64)) / (x64.Length - 1)), resolution);
        double meanDifference = differences.Average();
        output.WriteLine($"{name} {statistic}: float64 [{string.Join(", ", x64.Select(v => v.ToString("G5")))}], " +
                         $"float32 [{string.Join(", ", x32.Select(v => v.ToString("G5")))}]; mean difference {meanDifference:G3}, spread {spread:G3}");
        Assert.True(Math.Abs(meanDifference) <= spread,
            $"{name} {statistic}: mean float32 - float64 difference {meanDifference:G4} exceeds the seed-to-seed spread {spread:G4}");
        Assert.All(differences, d => Assert.True(Math.Abs(d) <= 3 * Math.Sqrt(2) * spread, $"{name} {statistic}: a pair differs by {d:G4} (spread {spread:G4})"));
    }
}
