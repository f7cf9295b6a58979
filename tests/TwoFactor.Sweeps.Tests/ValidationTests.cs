namespace TwoFactor.Sweeps.Tests;

/// <summary>Every kind of spec error is reported with file, line, key path and reason, all at once.</summary>
public sealed class ValidationTests
{
    private static IReadOnlyList<SpecError> Errors(string yaml, params string[] overrides)
    {
        var result = Sweeps.Load(yaml, overrides);
        Assert.False(result.Ok);
        Assert.Null(result.Spec);
        Assert.NotEmpty(result.Errors);
        return result.Errors;
    }

    private static SpecError Single(IReadOnlyList<SpecError> errors, string keyPath) =>
        Assert.Single(errors, e => e.KeyPath == keyPath);

    [Fact]
    public void Unknown_keys_get_a_did_you_mean_at_their_line()
    {
        var errors = Errors("""
            name: t
            bsae: {N: 10}
            base:
              NN: 50
              eta_theat: 0.1
            axes:
              alpah: [0.1]
            """);
        Assert.Contains("did you mean 'base'", Single(errors, "bsae").Reason);
        Assert.Equal(2, Single(errors, "bsae").Line);
        var nn = Single(errors, "base.NN");
        Assert.Equal(4, nn.Line);
        Assert.Contains("did you mean 'N'", nn.Reason + " <" + nn + ">");
        Assert.Contains("did you mean 'eta_theta'", Single(errors, "base.eta_theat").Reason);
        Assert.Equal(5, Single(errors, "base.eta_theat").Line);
        Assert.Contains("did you mean 'alpha'", Single(errors, "axes.alpah").Reason);
        Assert.Equal(7, Single(errors, "axes.alpah").Line);
        Assert.Equal("test.yaml:4: base.NN: " + nn.Reason, nn.ToString());
    }

    [Fact]
    public void Wrong_types_name_the_expected_type()
    {
        var errors = Errors("""
            base:
              N: abc
              f: "0.5"
              synapse: prodct
              tests: [cue-isotropic, syn-al]
              seed: 1.5
              z: [1, 2]
            """);
        Assert.Contains("expected an integer, got 'abc'", Single(errors, "base.N").Reason);
        Assert.Equal(2, Single(errors, "base.N").Line);
        Assert.Contains("remove the quotes", Single(errors, "base.f").Reason);
        Assert.Contains("did you mean 'product'", Single(errors, "base.synapse").Reason);
        Assert.Contains("did you mean 'syn-all'", Single(errors, "base.tests").Reason);
        Assert.Contains("expected an integer, got '1.5'", Single(errors, "base.seed").Reason);
        Assert.Contains("list its values under axes", Single(errors, "base.z").Reason);
        Assert.Equal(7, Single(errors, "base.z").Line);
    }

    [Fact]
    public void Out_of_range_values_come_from_the_model_validation_with_the_line_of_the_offending_value()
    {
        var errors = Errors("""
            base:
              N: 50
              f: 0.1
              noise_max: 0.4
              tests: [cue-balanced]
            axes:
              beta: [100, -1]
              z: [2, 0]
            """);
        var beta = Single(errors, "axes.beta");
        Assert.Equal(7, beta.Line);
        Assert.Contains("must be > 0 (got -1)", beta.Reason);
        Assert.Equal(8, Single(errors, "axes.z").Line);
        // A cross-parameter rule of Core (cue-balanced needs noise_max <= min(f, 1-f)) reported once, not per cell.
        var noise = Single(errors, "base.noise_max");
        Assert.Equal(4, noise.Line);
        Assert.Contains("cue-balanced", noise.Reason);
    }

    [Fact]
    public void Empty_axes_are_errors_whatever_their_form()
    {
        var errors = Errors("""
            axes:
              alpha: []
              beta: {linspace: [1, 2, 0]}
              u0: {range: {from: 0.3, to: 0.1, step: 0.1}}
              seed: {seeds: 0}
              L: {}
            """);
        Assert.Contains("empty axis", Single(errors, "axes.alpha").Reason);
        Assert.Equal(2, Single(errors, "axes.alpha").Line);
        Assert.Contains("empty axis", Single(errors, "axes.beta.linspace").Reason);
        Assert.Contains("empty axis", Single(errors, "axes.u0.range").Reason);
        Assert.Contains("empty axis", Single(errors, "axes.seed.seeds").Reason);
        Assert.Contains("empty axis", Single(errors, "axes.L").Reason);
        Assert.Equal(6, Single(errors, "axes.L").Line);
    }

    [Fact]
    public void Zip_lists_of_different_lengths_are_rejected_at_the_short_list()
    {
        var errors = Errors("""
            axes:
              z:
                values: [1, 2, 3, 4]
                zip:
                  eta: [1e-4, 5e-3, 7e-3]
                  L: [10, 20, 50, 50]
            """);
        var eta = Single(errors, "axes.z.zip.eta");
        Assert.Equal(5, eta.Line);
        Assert.Contains("eta has 3 values but z has 4", eta.Reason);
    }

    [Fact]
    public void Duplicate_cells_are_found_after_defaults_are_resolved()
    {
        // z = 2's default eta is 5e-3: writing it out gives the same simulation as leaving it out.
        var errors = Errors("""
            base: {z: 2}
            axes:
              eta: [null, 5.0e-3, 7.0e-3]
            """);
        var duplicate = Single(errors, "axes");
        Assert.Equal(3, duplicate.Line);
        Assert.Contains("cell 1", duplicate.Reason);
        Assert.Contains("same simulation as cell 0", duplicate.Reason);
        // Also through M and alpha: M = 20 at N = 100 is alpha = 0.2.
        var viaM = Errors("""
            base: {N: 100}
            axes:
              grp:
                zip:
                  alpha: [0.2, null]
                  M: [null, 20]
            """);
        Assert.Contains("same simulation", Single(viaM, "axes").Reason);
    }

    [Fact]
    public void A_parameter_varied_twice_or_fixed_and_varied_is_rejected()
    {
        var errors = Errors("""
            base: {z: 2}
            axes:
              z: [1, 2]
              g:
                zip:
                  z: [3, 4]
                  L: [50, 50]
            """);
        Assert.Contains("also varied by axes.z", Single(errors, "base.z").Reason);
        Assert.Contains("already varied by axes.z", Single(errors, "axes.g.zip.z").Reason);
    }

    [Fact]
    public void Generators_check_their_arguments()
    {
        var errors = Errors("""
            axes:
              alpha: {linspace: {from: 0.1, to: 0.3, nun: 3}}
              eta: {logspace: [0, 1e-2, 3]}
              synapse: {range: [1, 3, 1]}
              N: {range: [10, 20, 2.5]}
              beta: {values: [1], range: [1, 2, 1]}
            """);
        Assert.Contains(errors, e => e.KeyPath == "axes.alpha.linspace.nun" && e.Reason.Contains("did you mean 'num'"));
        Assert.Contains(errors, e => e.KeyPath == "axes.eta.logspace" && e.Reason.Contains("not exponents"));
        Assert.Contains(errors, e => e.KeyPath == "axes.synapse.range" && e.Reason.Contains("generates numbers"));
        Assert.Contains(errors, e => e.KeyPath == "axes.N.range" && e.Reason.Contains("12.5"));
        Assert.Contains(errors, e => e.KeyPath == "axes.beta" && e.Reason.Contains("not several"));
    }

    [Fact]
    public void Syntax_errors_and_unknown_protocols_are_reported_with_lines()
    {
        var syntax = Errors("base:\n  N: [1, 2\n");
        Assert.Equal("(file)", Assert.Single(syntax).KeyPath);
        Assert.Contains("invalid YAML", syntax[0].Reason);

        var protocol = Errors("name: x\nprotocol: statik\n");
        var error = Single(protocol, "protocol");
        Assert.Equal(2, error.Line);
        Assert.Contains("did you mean 'static'", error.Reason);
    }

    [Fact]
    public void A_missing_file_is_an_error_not_an_exception()
    {
        var result = SweepLoader.Load("/nonexistent/sweep.yaml", []);
        Assert.False(result.Ok);
        Assert.Contains("cannot read", Assert.Single(result.Errors).Reason);
    }

    [Fact]
    public void All_errors_are_collected_in_one_pass()
    {
        var errors = Errors("""
            nmae: x
            base:
              N: -5
              f: 2
              synapse: foo
            axes:
              alpha: []
            """, "base.beta=oops");
        Assert.Contains(errors, e => e.KeyPath == "nmae");
        Assert.Contains(errors, e => e.KeyPath == "base.synapse");
        Assert.Contains(errors, e => e.KeyPath == "axes.alpha");
        // Range errors of the values that did parse come in the same pass.
        Assert.Contains(errors, e => e.KeyPath == "base.N" && e.Line == 3 && e.Reason.Contains(">= 2"));
        Assert.Contains(errors, e => e.KeyPath == "base.f" && e.Line == 4 && e.Reason.Contains("(0, 1)"));
        Assert.Contains(errors, e => e.KeyPath == "base.beta" && e.File == SourceLocation.CommandLine && e.Line == 1);
    }

    [Fact]
    public void Grids_beyond_a_million_cells_are_refused_before_expansion()
    {
        var errors = Errors("""
            axes:
              seeds: 1000000
              alpha: {linspace: [0.01, 0.5, 1000000]}
              beta: {linspace: [1, 100, 1000000]}
              u0: {linspace: [0.01, 1, 1000000]}
            """);
        var error = Single(errors, "axes");
        Assert.Contains("more than the limit", error.Reason);
    }
}
