using TwoFactor.Core.Noise;
using TwoFactor.Core.SpineAnalysis;

namespace TwoFactor.Core.Tests.Noise;

public class BaselineProcessTests
{
    private static (double Mean, double Std, double LogStd) LastColumnStats(TraceMatrix traces)
    {
        var last = Enumerable.Range(0, traces.Synapses).Select(i => traces[i, traces.TimePoints - 1]).Where(w => w > 0).ToArray();
        double mean = last.Average();
        double std = Math.Sqrt(last.Average(w => (w - mean) * (w - mean)));
        double logMean = last.Average(Math.Log);
        double logStd = Math.Sqrt(last.Average(w => (Math.Log(w) - logMean) * (Math.Log(w) - logMean)));
        return (mean, std, logStd);
    }

    /// <summary>Defaults are chosen for a stationary mean 1 and standard deviation about 0.53 (Kaufman data: 1.0 and 0.50).</summary>
    [Fact]
    public void Kesten_defaults_give_a_data_like_stationary_size_distribution()
    {
        var traces = KestenProcess.Simulate(new KestenParameters { Synapses = 3000 });
        Assert.Equal(999, traces.TimePoints);
        var (mean, std, _) = LastColumnStats(traces);
        Assert.InRange(mean, 0.9, 1.1);
        Assert.InRange(std, 0.4, 0.65);
    }

    [Fact]
    public void Multiplicative_defaults_give_a_log_normal_with_mean_1_and_log_spread_one_half()
    {
        var traces = MultiplicativeProcess.Simulate(new MultiplicativeParameters { Synapses = 3000 });
        var (mean, _, logStd) = LastColumnStats(traces);
        Assert.InRange(mean, 0.93, 1.07);
        Assert.InRange(logStd, 0.45, 0.55);
    }

    /// <summary>Changes proportional to size: the fitted exponent is 1 (the z-factor models' are below 1).</summary>
    [Fact]
    public void Multiplicative_fluctuations_scale_linearly_with_size()
    {
        var traces = MultiplicativeProcess.Simulate(new MultiplicativeParameters { Synapses = 500 }).LastTimePoints(144);
        var increments = IncrementAnalysis.Analyze(traces);
        Assert.InRange(increments.Growth.Exponent, 0.9, 1.1);
        Assert.InRange(increments.Shrink.Exponent, 0.9, 1.1);
    }

    [Fact]
    public void Baselines_are_deterministic_per_seed()
    {
        Assert.Equal(KestenProcess.Simulate(new KestenParameters { Synapses = 20, Duration = 50 }).Values,
            KestenProcess.Simulate(new KestenParameters { Synapses = 20, Duration = 50 }).Values);
        Assert.NotEqual(MultiplicativeProcess.Simulate(new MultiplicativeParameters { Synapses = 20, Duration = 50, Seed = 1 }).Values,
            MultiplicativeProcess.Simulate(new MultiplicativeParameters { Synapses = 20, Duration = 50, Seed = 2 }).Values);
    }

    [Fact]
    public void Baseline_parameter_errors_are_named()
    {
        Assert.Contains(new KestenParameters { StdA = -1, Synapses = 0 }.Validate(), e => e.Parameter == "std_a");
        Assert.Contains(new MultiplicativeParameters { Tau = 0 }.Validate(), e => e.Parameter == "tau");
    }
}
