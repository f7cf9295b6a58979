namespace TwoFactor.Cluster.Tests;

/// <summary>
/// configs/compare-baselines-small.yaml end to end through `twofactor run` (issue 11): one dataset in which every
/// model has rows with the same metric columns, model parameters as typed columns, null where they do not apply.
/// The overrides shrink it to seconds (N = 40, 3 noise levels, few epochs and steps).
/// </summary>
public sealed class CompareBaselinesPresetTests : IDisposable
{
    private readonly TempFolder _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public void The_small_comparison_preset_writes_one_dataset_with_every_model()
    {
        string results = Path.Combine(_temp.Path, "results");
        var (code, output, error) = CliProcess.Run(_temp.Path, TimeSpan.FromMinutes(5), "run", RepositoryFiles.Path("configs", "compare-baselines-small.yaml"),
            "base.N=40", "base.noise_levels=3", "base.n_tests=1", "axes.model.two-factor.max_epochs=200",
            "axes.model.neuronal-regulation.regulation_steps=20", "axes.model.l1-perceptron.max_epochs=50",
            "--results", results, "--engine", "simd");
        Assert.True(code == 0, $"exit {code}\n{output}\n{error}");

        var sweep = Assert.Single(Directory.GetDirectories(results));
        object? Scalar(string sql) => DuckDb.Scalar(sql.Replace("DATA", $"read_parquet('{DuckDb.PartsGlob(sweep)}')"));

        Assert.Equal(18L, Convert.ToInt64(Scalar("SELECT count(*) FROM DATA")));
        Assert.Equal(0L, Convert.ToInt64(Scalar("SELECT count(*) FROM DATA WHERE status <> 'completed'")));
        Assert.Equal("hebbian,hebbian-pruned,l1-perceptron,neuronal-regulation,two-factor,willshaw",
            Scalar("SELECT string_agg(DISTINCT model, ',' ORDER BY model) FROM DATA"));
        // Every model has the same metric columns filled in.
        Assert.Equal(0L, Convert.ToInt64(Scalar(
            "SELECT count(*) FROM DATA WHERE density IS NULL OR min_margin_mean IS NULL OR tolerance_cue_isotropic IS NULL " +
            "OR tolerance_syn_first_alive IS NULL OR len(recall_cue_isotropic) <> 3")));
        // Model parameters: typed, null where they do not apply.
        Assert.Equal("DOUBLE", Scalar("SELECT typeof(target_density) FROM DATA LIMIT 1"));
        Assert.Equal("VARCHAR", Scalar("SELECT typeof(model) FROM DATA LIMIT 1"));
        Assert.Equal(0L, Convert.ToInt64(Scalar("SELECT count(*) FROM DATA WHERE (model = 'two-factor') <> (z IS NOT NULL)")));
        Assert.Equal(0L, Convert.ToInt64(Scalar("SELECT count(*) FROM DATA WHERE (model = 'hebbian-pruned') <> (deletion IS NOT NULL)")));
        Assert.Equal(4L, Convert.ToInt64(Scalar("SELECT count(*) FROM DATA WHERE target_density IS NOT NULL")));
        Assert.Equal(4L, Convert.ToInt64(Scalar("SELECT count(*) FROM DATA WHERE l1_lambda IS NOT NULL AND max_epochs = 50")));
        Assert.Equal(0L, Convert.ToInt64(Scalar("SELECT count(*) FROM DATA WHERE model <> 'two-factor' AND (eta_theta IS NOT NULL OR synapse IS NOT NULL)")));
    }
}
