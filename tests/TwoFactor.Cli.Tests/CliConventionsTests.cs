using System.Text.Json;

namespace TwoFactor.Cli.Tests;

/// <summary>What every verb does the same way (README "CLI conventions"): exit codes, parse errors, --version, option checks.</summary>
public class CliConventionsTests
{
    private static readonly string Quickstart = RepositoryFiles.Path("configs", "quickstart.yaml");

    [Theory]
    [InlineData(new[] { "simulate", "--N", "abc" }, "N: expected an integer, got 'abc'", "twofactor simulate --help")]
    [InlineData(new[] { "simulate", "--no-such-option", "1" }, "Unrecognized command or argument '--no-such-option'", "twofactor simulate --help")]
    [InlineData(new[] { "plan" }, "Required argument missing for command: 'plan'", "twofactor plan --help")]
    [InlineData(new[] { "no-such-verb" }, "Unrecognized command or argument 'no-such-verb'", "twofactor --help")]
    public void Parse_errors_print_one_line_with_a_hint_to_help_and_exit_2(string[] args, string message, string hint)
    {
        var outcome = CliProcess.Run(args);
        var line = outcome.AssertOneErrorLine();
        Assert.Contains(message, line);
        Assert.Contains($"(see '{hint}')", line);
        Assert.Equal("", outcome.Out);
    }

    [Theory]
    [InlineData("simulate", "--threads", "-1", "--threads: must be >= 0 (got -1)")]
    [InlineData("run", "--workers", "-2", "--workers: must be >= 0 (got -2)")]
    [InlineData("run", "--threads", "-1", "--threads: must be >= 0 (got -1)")]
    [InlineData("run", "--progress-interval", "0", "--progress-interval: must be > 0 seconds (got 0)")]
    [InlineData("plan", "--show", "-3", "--show: must be >= 0 (got -3)")]
    [InlineData("coordinator", "--workers", "-1", "--workers: must be >= 0 (got -1)")]
    public void Negative_counts_are_rejected_before_any_work(string verb, string option, string value, string expected)
    {
        string[] args = verb is "simulate" ? [verb, option, value] : [verb, Quickstart, option, value];
        var outcome = CliProcess.Run(args);
        Assert.Equal(2, outcome.ExitCode);
        Assert.Contains($"error: {expected}", outcome.Err);
        Assert.Equal("", outcome.Out); // no sweep header: nothing started
    }

    [Fact]
    public void Worker_rejects_negative_slots()
    {
        var outcome = CliProcess.Run("worker", "--seed-nodes", "127.0.0.1:1", "--slots", "-4");
        Assert.Equal(2, outcome.ExitCode);
        Assert.Contains("error: --slots: must be >= 0 (got -4)", outcome.Err);
    }

    [Theory]
    [InlineData("--version")]
    [InlineData("simulate", "--version")]
    [InlineData("run", "--version")]
    [InlineData("plan", "configs/none.yaml", "--version")]
    [InlineData("status", "--version")]
    [InlineData("analyze-spines", "--version")]
    public void Version_works_after_any_verb(params string[] args)
    {
        var outcome = CliProcess.Run(args);
        Assert.Equal(0, outcome.ExitCode);
        Assert.Matches(@"^\d+\.\d+\.\d+", outcome.Out.Trim());
        Assert.Equal("", outcome.Err);
    }

    [Fact]
    public void Lower_case_spellings_of_N_M_and_L_are_aliases()
    {
        var outcome = CliProcess.Run("simulate", "--n", "20", "--m", "3", "--l", "15", "--max-epochs", "20", "--tests", "none", "--json");
        Assert.True(outcome.ExitCode == 0, outcome.Err);
        var parameters = JsonDocument.Parse(outcome.Out).RootElement.GetProperty("parameters");
        Assert.Equal(20, parameters.GetProperty("N").GetInt32());
        Assert.Equal(3, parameters.GetProperty("M").GetInt32());
        Assert.Equal(15, parameters.GetProperty("L").GetDouble());
    }

    [Fact]
    public void A_valid_plan_exits_0_and_counts_in_the_singular_for_one()
    {
        var quick = CliProcess.Run("plan", Quickstart);
        Assert.True(quick.ExitCode == 0, quick.Err);
        Assert.Contains("8 cells, ", quick.Out);

        var one = CliProcess.Run("plan", Quickstart, "axes.N=[60]", "axes.alpha=[0.1]", "axes.z=[1]");
        Assert.True(one.ExitCode == 0, one.Err);
        Assert.Contains("1 cell, 1 work unit;", one.Out);
        Assert.DoesNotContain("1 cells", one.Out);
    }

    [Fact]
    public void Piped_tables_are_not_wrapped_at_80_columns()
    {
        // The cell table of the paper grid is about 100 characters wide: at Spectre.Console's 80-column default
        // for redirected output every row would wrap onto several lines.
        var outcome = CliProcess.Run("plan", RepositoryFiles.Path("configs", "fig2-f50.yaml"), "--show", "32");
        Assert.True(outcome.ExitCode == 0, outcome.Err);
        var rows = outcome.Out.Split('\n').Where(l => System.Text.RegularExpressions.Regex.IsMatch(l, @"│ [0-9a-f]{16} │")).ToList();
        Assert.Equal(32, rows.Count);
        Assert.All(rows, l => Assert.Matches(@"│\s+[0-9.]+x\s+│\s*$", l)); // the last column (rel.) on the row's own line
        Assert.All(rows, l => Assert.True(l.TrimEnd().Length > 80, l));
    }

    [Fact]
    public void Simulate_json_has_a_censoring_flag_beside_every_tolerance()
    {
        var outcome = CliProcess.Run("simulate", "--N", "30", "--max-epochs", "100", "--tests", "cue-isotropic", "--noise-levels", "3", "--n-tests", "1", "--json");
        Assert.True(outcome.ExitCode == 0, outcome.Err);
        var root = JsonDocument.Parse(outcome.Out).RootElement;
        Assert.True(root.GetProperty("tolerance_cue_isotropic_censored").ValueKind is JsonValueKind.True or JsonValueKind.False);
        Assert.Equal(JsonValueKind.Null, root.GetProperty("tolerance_cue_exact_censored").ValueKind);
        Assert.Equal(JsonValueKind.Number, root.GetProperty("trajectory_epoch")[0].ValueKind);
    }
}
