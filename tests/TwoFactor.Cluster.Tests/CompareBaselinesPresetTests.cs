using System.Diagnostics;
using DuckDB.NET.Data;

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

    private static string Preset()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var path = Path.Combine(dir.FullName, "configs", "compare-baselines-small.yaml");
            if (File.Exists(path)) return path;
        }
        throw new FileNotFoundException("configs/compare-baselines-small.yaml not found above the test folder");
    }

    [Fact]
    public void The_small_comparison_preset_writes_one_dataset_with_every_model()
    {
        string results = Path.Combine(_temp.Path, "results");
        var clock = Stopwatch.StartNew();
        var (code, output, error) = Cli.Run(_temp.Path, TimeSpan.FromMinutes(5), "run", Preset(),
            "base.N=40", "base.noise_levels=3", "base.n_tests=1", "axes.model.two-factor.max_epochs=200",
            "axes.model.neuronal-regulation.regulation_steps=20", "axes.model.l1-perceptron.max_epochs=50",
            "--results", results, "--engine", "simd");
        Assert.True(code == 0, $"exit {code}\n{output}\n{error}");
        Assert.True(clock.Elapsed < TimeSpan.FromMinutes(2), $"took {clock.Elapsed}");

        var sweep = Assert.Single(Directory.GetDirectories(results));
        string glob = Path.Combine(sweep, "part-*.parquet").Replace("'", "''");
        using var connection = new DuckDBConnection("DataSource=:memory:");
        connection.Open();
        object? Scalar(string sql)
        {
            using var command = connection.CreateCommand();
            command.CommandText = sql.Replace("DATA", $"read_parquet('{glob}')");
            return command.ExecuteScalar();
        }

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
