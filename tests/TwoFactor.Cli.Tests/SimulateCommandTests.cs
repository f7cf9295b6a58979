using System.Text.Json;

namespace TwoFactor.Cli.Tests;

public class SimulateCommandTests
{
    [Theory]
    [InlineData("--f", "1.5", "f: must lie in the open interval (0, 1)")]
    [InlineData("--N", "1", "N: must be an integer >= 2")]
    [InlineData("--z", "0", "z: must be an integer >= 1")]
    [InlineData("--eta", "-0.1", "eta: must be > 0")]
    [InlineData("--L", "0", "L: must be > 0")]
    [InlineData("--synapse", "triple", "synapse: unknown value 'triple'; allowed: product, power, signed, signed-free")]
    [InlineData("--engine", "quantum", "--engine: unknown engine 'quantum'; choose one of reference, simd, cuda, auto")]
    [InlineData("--precision", "float16", "precision: unknown value 'float16'; did you mean 'float64'?")]
    public void Bad_input_gives_a_one_line_error_naming_the_parameter_and_exit_code_2(string option, string value, string expected)
    {
        var outcome = CliProcess.Run("simulate", option, value, "--tests", "none");
        Assert.Contains($"error: {expected}", outcome.AssertOneErrorLine());
        Assert.Equal("", outcome.Out);
    }

    [Fact]
    public void Json_output_has_the_snake_case_metric_keys_and_recall_curves()
    {
        var outcome = CliProcess.Run("simulate", "--N", "40", "--alpha", "0.2", "--z", "2", "--max-epochs", "300",
            "--tests", "cue-isotropic,syn-first-alive", "--noise-levels", "3", "--n-tests", "2", "--json");
        Assert.True(outcome.ExitCode == 0, outcome.Err);
        using var json = JsonDocument.Parse(outcome.Out);
        var root = json.RootElement;
        foreach (var key in new[] { "error", "density", "min_margin_mean", "min_margin_std", "avg_margin_mean", "rho_mean",
                     "syn_margin_mean", "l1_mean", "l2_mean", "symmetry", "theta_mean", "converged", "convergence_epoch",
                     "epochs", "train_seconds", "wall_seconds" })
        {
            Assert.True(root.TryGetProperty(key, out _), $"missing key {key}");
        }
        Assert.Equal(300, root.GetProperty("epochs").GetInt64());
        Assert.False(root.GetProperty("converged").GetBoolean());
        Assert.InRange(root.GetProperty("density").GetDouble(), 0.01, 1.0);
        Assert.Equal(3, root.GetProperty("recall_cue_isotropic").GetArrayLength());
        Assert.Equal(1.0, root.GetProperty("recall_cue_isotropic")[0].GetDouble());
        Assert.Equal(JsonValueKind.Number, root.GetProperty("tolerance_syn_first_alive").ValueKind);
        Assert.Equal(JsonValueKind.Null, root.GetProperty("tolerance_cue_balanced").ValueKind);
        Assert.Equal(8, root.GetProperty("parameters").GetProperty("M").GetInt32());
        Assert.Equal(5e-3, root.GetProperty("parameters").GetProperty("eta").GetDouble());
    }

    [Fact]
    public void Precision_float32_runs_the_float32_engine_and_the_reference_refuses_it()
    {
        var outcome = CliProcess.Run("simulate", "--N", "30", "--max-epochs", "100", "--tests", "none", "--engine", "simd",
            "--precision", "float32", "--json");
        Assert.True(outcome.ExitCode == 0, outcome.Err);
        using var json = JsonDocument.Parse(outcome.Out);
        Assert.Equal("simd-float32", json.RootElement.GetProperty("engine").GetString());
        Assert.Equal("float32", json.RootElement.GetProperty("parameters").GetProperty("precision").GetString());

        var refused = CliProcess.Run("simulate", "--N", "30", "--tests", "none", "--engine", "reference", "--precision", "float32");
        Assert.Equal(2, refused.ExitCode);
        Assert.Contains("float64 oracle", refused.Err);
    }

    [Fact]
    public void Table_output_lists_metrics_and_tolerances()
    {
        var outcome = CliProcess.Run("simulate", "--N", "30", "--max-epochs", "100", "--tests", "cue-exact", "--noise-levels", "3", "--n-tests", "1");
        Assert.True(outcome.ExitCode == 0, outcome.Err);
        Assert.Contains("min_margin_mean", outcome.Out);
        Assert.Contains("cue-exact", outcome.Out);
    }
}
