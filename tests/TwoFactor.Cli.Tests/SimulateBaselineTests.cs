using System.Text.Json;

namespace TwoFactor.Cli.Tests;

/// <summary>`twofactor simulate --model NAME`: one baseline network, the same output, the same checks as sweep files.</summary>
public class SimulateBaselineTests
{
    [Theory]
    [InlineData("--model hebbian --z 2", "z: applies to model two-factor only, not to hebbian")]
    [InlineData("--model willshaw --l1-lambda 0.1", "l1_lambda: applies to model l1-perceptron only, not to willshaw")]
    [InlineData("--deletion random", "deletion: applies to model hebbian-pruned only, not to two-factor")]
    [InlineData("--model hebian", "model: unknown value 'hebian'; did you mean 'hebbian'?")]
    [InlineData("--model hebbian-pruned --prune-fraction 1", "prune_fraction: must lie in [0, 1) (got 1)")]
    [InlineData("--model hebbian-pruned --target-density 0", "target_density: must lie in (0, 1] (got 0)")]
    [InlineData("--model l1-perceptron --l1-lambda -1", "l1_lambda: must be >= 0 (got -1)")]
    [InlineData("--model l1-perceptron --max-epochs abc", "max_epochs: expected an integer, got 'abc'")]
    public void Bad_baseline_input_gives_a_one_line_error_and_exit_code_2(string arguments, string expected)
    {
        var outcome = CliProcess.Run(["simulate", .. arguments.Split(' '), "--tests", "none"]);
        Assert.Contains($"error: {expected}", outcome.AssertOneErrorLine());
        Assert.Equal("", outcome.Out);
    }

    [Fact]
    public void A_baseline_prints_the_same_json_keys_with_its_own_parameters()
    {
        var outcome = CliProcess.Run("simulate", "--model", "hebbian-pruned", "--target-density", "0.2", "--N", "60", "--alpha", "0.1",
            "--tests", "cue-isotropic", "--noise-levels", "3", "--n-tests", "1", "--json");
        Assert.True(outcome.ExitCode == 0, outcome.Err);
        using var json = JsonDocument.Parse(outcome.Out);
        var root = json.RootElement;
        foreach (var key in new[] { "error", "density", "min_margin_mean", "syn_margin_mean", "l1_mean", "symmetry", "converged", "epochs", "tolerance_cue_isotropic" })
            Assert.True(root.TryGetProperty(key, out _), $"missing key {key}");
        Assert.InRange(root.GetProperty("density").GetDouble(), 0.19, 0.21);
        Assert.Equal(3, root.GetProperty("recall_cue_isotropic").GetArrayLength());
        var parameters = root.GetProperty("parameters");
        Assert.Equal("hebbian-pruned", parameters.GetProperty("model").GetString());
        Assert.Equal("minimal-value", parameters.GetProperty("deletion").GetString());
        Assert.Equal("margin-optimal", parameters.GetProperty("threshold").GetString());
        Assert.Equal(0.2, parameters.GetProperty("target_density").GetDouble());
        Assert.False(parameters.TryGetProperty("z", out _));
        Assert.StartsWith("hebbian-pruned/", root.GetProperty("engine").GetString());
    }

    [Fact]
    public void The_table_names_the_model()
    {
        var outcome = CliProcess.Run("simulate", "--model", "willshaw", "--N", "30", "--tests", "cue-exact", "--noise-levels", "2", "--n-tests", "1");
        Assert.True(outcome.ExitCode == 0, outcome.Err);
        Assert.Contains("model=willshaw", outcome.Out);
        Assert.Contains("cue-exact", outcome.Out);
    }

    [Fact]
    public void Help_lists_the_model_options_with_their_defaults()
    {
        var outcome = CliProcess.Run("simulate", "--help");
        Assert.Equal(0, outcome.ExitCode);
        foreach (var option in new[] { "--model", "--sign", "--deletion", "--prune-fraction", "--target-density", "--threshold",
                     "--degradation-dimension", "--regulation-steps", "--l1-lambda", "--kappa", "--eta-theta", "--n-tests" })
            Assert.Contains(option, outcome.Out);
        Assert.Contains("two-factor | hebbian | willshaw", outcome.Out);
    }
}
