using TwoFactor.Core.Noise;
using TwoFactor.Core.SpineAnalysis;

namespace TwoFactor.Core.Tests.SpineAnalysis;

public class SpineComparisonTests
{
    /// <summary>Two small models (short runs) against the Kaufman data: every model gets an analysis and an R^2, run after run the same.</summary>
    [Fact]
    public void Compares_every_model_with_the_data_deterministically()
    {
        using var reader = File.OpenText(RepositoryFiles.Path("data", "kaufman_2012.csv"));
        var data = TraceCsvParser.Parse(reader, "kaufman");
        SpineModel[] models =
        [
            new("z2-short", (n, seed, progress, ct) => ZFactorProcess.Simulate(
                new SynapticNoiseParameters { Z = 2, Synapses = n, Duration = 60, Seed = seed }, progress, ct)),
            new("multiplicative", (n, seed, _, ct) => MultiplicativeProcess.Simulate(new MultiplicativeParameters { Synapses = n, Seed = seed }, ct)),
        ];
        var options = new SpineComparisonOptions { Resamples = 20, ModelResamples = 20, ModelSynapses = 60, ModelWindow = 40, Models = models };
        var stages = new System.Collections.Concurrent.ConcurrentBag<string>();

        var first = SpineComparison.Run(data, "kaufman", options, (stage, _) => stages.Add(stage));
        var second = SpineComparison.Run(data, "kaufman", options);

        Assert.Equal(["z2-short", "multiplicative"], first.Models.Select(m => m.Model));
        Assert.All(first.Models, m => Assert.True(double.IsFinite(m.RSquared) && m.RSquared <= 1));
        Assert.Equal(40, first.Models[0].Analysis.TimePoints);
        Assert.Equal(first.Models.Select(m => m.RSquared), second.Models.Select(m => m.RSquared));
        Assert.Equal(first.Data.Norms.CvMean, second.Data.Norms.CvMean);
        Assert.Contains("kaufman", stages);
        Assert.Contains("multiplicative", stages);
    }

    [Fact]
    public void A_model_population_that_dies_out_is_reported_as_undefined_not_as_a_failure()
    {
        var data = TraceCsvParser.Parse("1,2,1.5\n2,1,1.2\n0.5,0.7,0.6\n", "t");
        SpineModel[] models = [new("extinct", (n, _, _, _) => new TraceMatrix(n, 10, new double[n * 10]))];
        var result = SpineComparison.Run(data, "t", new SpineComparisonOptions { Resamples = 5, ModelResamples = 5, ModelSynapses = 4, Models = models });
        var extinct = Assert.Single(result.Models);
        Assert.Equal(0, extinct.Analysis.Norms.Surviving);
        Assert.True(double.IsNaN(extinct.Analysis.Norms.QMin));
        Assert.True(double.IsNaN(extinct.RSquared));
    }

    [Fact]
    public void Invalid_options_are_reported_before_any_work()
    {
        var data = TraceCsvParser.Parse("1,2\n2,1\n", "t");
        var error = Assert.Throws<TwoFactor.Core.Parameters.InvalidParametersException>(() =>
            SpineComparison.Run(data, "t", new SpineComparisonOptions { Resamples = 0, ModelWindow = 1 }));
        Assert.Contains(error.Errors, e => e.Parameter == "bootstrap");
        Assert.Contains(error.Errors, e => e.Parameter == "model_window");
    }
}
