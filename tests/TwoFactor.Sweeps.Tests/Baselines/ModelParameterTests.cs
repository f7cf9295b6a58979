namespace TwoFactor.Sweeps.Tests.Baselines;

/// <summary>The static protocol's `model` parameter: validation, per-model blocks, ids (MODEL.md section 9, issue 11).</summary>
public sealed class ModelParameterTests
{
    private static IReadOnlyList<SpecError> Errors(string yaml, params string[] overrides)
    {
        var result = Sweeps.Load(yaml, overrides);
        Assert.False(result.Ok, "expected the spec to be rejected");
        return result.Errors;
    }

    [Fact]
    public void A_parameter_of_another_model_is_rejected_at_its_line_naming_the_model()
    {
        var errors = Errors("""
            base:
              model: hebbian
              z: 2
              l1_lambda: 0.1
            """);
        var z = Assert.Single(errors, e => e.KeyPath == "base.z");
        Assert.Equal(3, z.Line);
        Assert.Contains("applies to model two-factor only, not to hebbian", z.Reason);
        var lambda = Assert.Single(errors, e => e.KeyPath == "base.l1_lambda");
        Assert.Equal(4, lambda.Line);
        Assert.Contains("applies to model l1-perceptron only, not to hebbian", lambda.Reason);
        Assert.Equal("test.yaml:3: base.z: " + z.Reason, z.ToString());
    }

    [Fact]
    public void Crossing_model_with_a_two_factor_axis_without_blocks_is_rejected()
    {
        var errors = Errors("""
            axes:
              model: [two-factor, willshaw]
              z: [1, 2]
            """);
        var z = Assert.Single(errors, e => e.KeyPath == "axes.z");
        Assert.Contains("not to willshaw", z.Reason);
    }

    [Fact]
    public void An_unknown_model_gets_a_did_you_mean_in_base_axes_and_blocks()
    {
        Assert.Contains("did you mean 'hebbian'", Assert.Single(Errors("base: {model: hebian}"), e => e.KeyPath == "base.model").Reason);
        Assert.Contains("did you mean 'willshaw'", Assert.Single(Errors("axes: {model: [two-factor, wilshaw]}"), e => e.KeyPath == "axes.model").Reason);
        var block = Assert.Single(Errors("""
            axes:
              model:
                hebbian: null
                l1-perceptrn: {l1_lambda: [0, 1]}
            """), e => e.KeyPath == "axes.model.l1-perceptrn");
        Assert.Equal(4, block.Line);
        Assert.Contains("unknown model 'l1-perceptrn'; did you mean 'l1-perceptron'?", block.Reason);
    }

    [Theory]
    [InlineData("hebbian-pruned", "prune_fraction", "1", "must lie in [0, 1)")]
    [InlineData("hebbian-pruned", "prune_fraction", "-0.1", "must lie in [0, 1)")]
    [InlineData("hebbian-pruned", "target_density", "0", "must lie in (0, 1]")]
    [InlineData("neuronal-regulation", "target_density", "1.5", "must lie in (0, 1]")]
    [InlineData("l1-perceptron", "l1_lambda", "-1", "must be >= 0")]
    [InlineData("l1-perceptron", "kappa", "-1", "must be >= 0")]
    [InlineData("neuronal-regulation", "regulation_steps", "-5", "must be >= 0")]
    [InlineData("neuronal-regulation", "weight_cap", "0", "must be > 0")]
    public void Out_of_range_values_are_rejected_before_any_work(string model, string key, string value, string reason)
    {
        var error = Assert.Single(Errors($"""
            base:
              model: {model}
              {key}: {value}
            """), e => e.KeyPath == $"base.{key}");
        Assert.Equal(3, error.Line);
        Assert.Contains(reason, error.Reason);
    }

    [Fact]
    public void Prune_fraction_and_target_density_together_are_rejected()
    {
        var errors = Errors("base: {model: hebbian-pruned, prune_fraction: 0.5, target_density: 0.2}");
        Assert.Contains(errors, e => e.KeyPath == "base.target_density" && e.Reason.Contains("not both"));
    }

    private const string Blocks = """
        base: {N: 40, tests: none}
        axes:
          alpha: [0.1, 0.2]
          model:
            two-factor:
              max_epochs: 100
              z:
                values: [1, 2]
                zip: {eta: [1.0e-3, 5.0e-3], L: [10, 20]}
            hebbian: {sign: [clip, offset]}
            willshaw: null
            hebbian-pruned: {target_density: [0.2, 0.3], deletion: [minimal-value, random]}
            l1-perceptron: {l1_lambda: [0, 1], max_epochs: 50}
        """;

    [Fact]
    public void Per_model_blocks_give_each_model_its_own_grid_without_duplicates()
    {
        var plan = Sweeps.Plan(Blocks);
        // 2 loads x (2 two-factor + 2 hebbian + 1 willshaw + 4 hebbian-pruned + 2 l1-perceptron).
        Assert.Equal(2 * 11, plan.Cells.Count);
        Assert.Equal(plan.Cells.Count, plan.Cells.Select(c => c.CellId).Distinct().Count());
        var models = plan.Cells.GroupBy(c => (string)c.Parameters["model"]!).ToDictionary(g => g.Key, g => g.ToList());
        Assert.Equal(4, models["two-factor"].Count);
        Assert.All(models["two-factor"], c => Assert.Equal(100L, c.Parameters["max_epochs"]));
        Assert.All(models["l1-perceptron"], c => Assert.Equal(50L, c.Parameters["max_epochs"]));
        Assert.All(models["willshaw"], c => Assert.False(c.Parameters.ContainsKey("z")));
        Assert.All(models["two-factor"], c => Assert.False(c.Parameters.ContainsKey("target_density")));
        Assert.Equal(["minimal-value", "random"], models["hebbian-pruned"].Select(c => (string)c.Parameters["deletion"]!).Distinct().Order());
        // The snapshot writes the blocks back and loads to the same sweep.
        Assert.Equal(plan.SweepId, Sweeps.Plan(plan.CanonicalYaml).SweepId);
    }

    [Fact]
    public void Overrides_reach_into_a_block()
    {
        var plan = Sweeps.Plan(Blocks, "axes.model.two-factor.max_epochs=7", "~axes.model.hebbian-pruned");
        Assert.Equal(2 * 7, plan.Cells.Count);
        Assert.All(plan.Cells.Where(c => (string)c.Parameters["model"]! == "two-factor"), c => Assert.Equal(7L, c.Parameters["max_epochs"]));
    }

    [Fact]
    public void Blocks_work_for_any_choice_and_a_zip_with_nulls_works_for_optional_parameters()
    {
        var synapses = Sweeps.Plan("base: {N: 30, tests: none}\naxes: {synapse: {product: {z: [1, 2]}, power: {z: [2, 3], seeds: 2}}}");
        Assert.Equal(["product/1", "product/2", "power/2/100", "power/2/101", "power/3/100", "power/3/101"],
            synapses.Cells.Select(c => c.Parameters["synapse"] + "/" + c.Parameters["z"] + ((string)c.Parameters["synapse"]! == "power" ? "/" + c.Parameters["seed"] : "")));
        var zipped = Sweeps.Plan("base: {N: 30, tests: none}\naxes: {zip: {model: [two-factor, hebbian], eta_theta: [5.0e-3, null]}}");
        Assert.Equal(2, zipped.Cells.Count);
        Assert.False(zipped.Cells[1].Parameters.ContainsKey("eta_theta"));
    }

    [Fact]
    public void A_block_parameter_also_in_base_is_a_conflict()
    {
        var errors = Errors("""
            base: {max_epochs: 10}
            axes:
              model:
                two-factor: {max_epochs: 20}
            """);
        Assert.Contains(errors, e => e.KeyPath == "base.max_epochs" && e.Reason.Contains("also varied by axes.model.two-factor.max_epochs"));
    }

    [Fact]
    public void Two_factor_cells_keep_their_ids_whether_or_not_model_is_written()
    {
        var implicitModel = Sweeps.Plan("base: {N: 30, tests: none}\naxes: {z: [1, 2]}");
        var explicitModel = Sweeps.Plan("base: {N: 30, tests: none, model: two-factor}\naxes: {z: [1, 2]}");
        Assert.Equal(implicitModel.Cells.Select(c => c.CellId), explicitModel.Cells.Select(c => c.CellId));
        Assert.All(explicitModel.Cells, c => Assert.Equal("two-factor", c.Parameters["model"]));
        var hebbian = Sweeps.Plan("base: {N: 30, tests: none, model: hebbian}");
        Assert.DoesNotContain(hebbian.Cells[0].CellId, implicitModel.Cells.Select(c => c.CellId));
    }

    /// <summary>The presets' ids before baselines existed (computed on the parent commit): they must not move.</summary>
    [Theory]
    [InlineData("quickstart.yaml", "eb99a6592cc1eb88")]
    [InlineData("fig2-small.yaml", "71765d1ab4a2430c")]
    [InlineData("fig2-f50.yaml", "f4edd11827f7b6b7")]
    [InlineData("wake-sleep.yaml", "4a9468b85a681bb5")]
    [InlineData("syn-noise.yaml", "6ad84a4c8377743a")]
    public void Existing_presets_keep_their_sweep_id(string file, string sweepId)
    {
        var loaded = SweepLoader.Load(RepositoryFiles.Path("configs", file), []);
        Assert.True(loaded.Ok, string.Join("\n", loaded.Errors));
        Assert.Equal(sweepId, SweepPlanner.Plan(loaded.Spec!).SweepId);
    }

    [Theory]
    [InlineData("compare-baselines.yaml", 78)]
    [InlineData("compare-baselines-small.yaml", 18)]
    public void The_comparison_presets_are_valid(string file, int cells)
    {
        var loaded = SweepLoader.Load(RepositoryFiles.Path("configs", file), []);
        Assert.True(loaded.Ok, string.Join("\n", loaded.Errors));
        var plan = SweepPlanner.Plan(loaded.Spec!);
        Assert.Equal(cells, plan.Cells.Count);
        Assert.Equal(6, plan.Cells.Select(c => c.Parameters["model"]).Distinct().Count());
    }
}
