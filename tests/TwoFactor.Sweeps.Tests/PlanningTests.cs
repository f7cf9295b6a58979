namespace TwoFactor.Sweeps.Tests;

public sealed class PlanningTests
{
    private static SweepPlan Preset(string name, params string[] overrides)
    {
        var result = SweepLoader.Load(RepositoryFiles.Path("configs", name), overrides);
        Assert.True(result.Ok, string.Join("\n", result.Errors));
        return SweepPlanner.Plan(result.Spec!);
    }

    [Fact]
    public void Fig2_f50_has_32_cells_with_the_paper_values_linked_to_z()
    {
        var plan = Preset("fig2-f50.yaml");
        Assert.Equal(32, plan.Cells.Count);
        Assert.Equal(32, plan.Cells.Select(c => c.CellId).Distinct().Count());
        double[] eta = [1e-4, 5e-3, 7e-3, 7e-3], etaTheta = [1e-3, 5e-3, 7e-3, 7e-3], l = [10, 20, 50, 50];
        long[] epochFactor = [25, 30, 25, 25];
        foreach (var cell in plan.Cells)
        {
            var p = cell.Parameters;
            int z = (int)(long)p["z"]!;
            Assert.Equal(1000L, p["N"]);
            Assert.Equal(0.5, p["f"]);
            Assert.Equal(100L, p["seed"]);
            Assert.Equal("bernoulli", p["patterns"]);
            Assert.Equal(eta[z - 1], p["eta"]);
            Assert.Equal(etaTheta[z - 1], p["eta_theta"]);
            Assert.Equal(l[z - 1], p["L"]);
            long m = (long)p["M"]!;
            Assert.Equal((long)Math.Round((double)p["alpha"]! * 1000, MidpointRounding.AwayFromZero), m);
            Assert.Equal(500 * m * epochFactor[z - 1], p["max_epochs"]);
            Assert.Equal(200L, p["noise_levels"]);
        }
        // alpha is the outer axis, z the inner one (file order, last axis fastest).
        Assert.Equal([1L, 2L, 3L, 4L], plan.Cells.Take(4).Select(c => (long)c.Parameters["z"]!));
        Assert.All(plan.Cells.Take(4), c => Assert.Equal(0.08, c.Parameters["alpha"]));
    }

    [Fact]
    public void The_linked_values_equal_the_model_defaults_so_dropping_the_zip_gives_the_same_cells()
    {
        // fig2-f50 writes the per-z values out; the override replaces the z axis by a plain list.
        var written = Preset("fig2-f50.yaml");
        var defaults = Preset("fig2-f50.yaml", "axes.z=[1,2,3,4]");
        Assert.Equal(written.Cells.Select(c => c.CellId), defaults.Cells.Select(c => c.CellId));
        Assert.Equal(written.SweepId, defaults.SweepId);
    }

    [Fact]
    public void Presets_are_valid_and_small_where_they_promise()
    {
        var quick = Preset("quickstart.yaml");
        Assert.InRange(quick.Cells.Count, 2, 12);
        Assert.All(quick.Cells, c => Assert.InRange((long)c.Parameters["N"]!, 60, 100));
        var small = Preset("fig2-small.yaml");
        Assert.Equal(32, small.Cells.Count);
        Assert.All(small.Cells, c => Assert.Equal(200L, c.Parameters["N"]));
        Assert.True(small.TotalCost < Preset("fig2-f50.yaml").TotalCost / 100);
    }

    [Fact]
    public void Overrides_set_add_replace_and_remove_keys()
    {
        var plan = Preset("fig2-f50.yaml", "base.N=200", "axes.z=[1,2]");
        Assert.Equal(16, plan.Cells.Count);
        Assert.All(plan.Cells, c => Assert.Equal(200L, c.Parameters["N"]));
        Assert.Equal([1L, 2L], plan.Cells.Select(c => (long)c.Parameters["z"]!).Distinct().Order());

        var removed = Preset("quickstart.yaml", "~axes.N", "+axes.seeds=3", "base.N=70");
        Assert.Equal(2 * 2 * 3, removed.Cells.Count);
        Assert.Equal([1L, 2L, 3L], removed.Cells.Select(c => (long)c.Parameters["seed"]!).Distinct().Order());

        var generator = Preset("quickstart.yaml", "axes.alpha={linspace: [0.1, 0.3, 3]}");
        Assert.Equal([0.1, 0.2, 0.3], generator.Cells.Select(c => (double)c.Parameters["alpha"]!).Distinct().Order());

        var bad = SweepLoader.Load(RepositoryFiles.Path("configs", "quickstart.yaml"), ["base.N=200", "base.f.x=1", "nonsense"]);
        Assert.False(bad.Ok);
        Assert.Contains(bad.Errors, e => e.File == SourceLocation.CommandLine && e.Line == 2 && e.KeyPath == "base.f.x");
        Assert.Contains(bad.Errors, e => e.File == SourceLocation.CommandLine && e.Line == 3);
        Assert.Contains(bad.Errors, e => e.KeyPath == "axes.N" && e.Reason.Contains("also varied") || e.KeyPath == "base.N" && e.Reason.Contains("also varied"));
    }

    [Fact]
    public void Ids_are_deterministic_and_independent_of_formatting_and_defaults()
    {
        var a = Sweeps.Plan("""
            name: ids
            base: {N: 100, z: 2}
            axes:
              alpha: {range: {from: 0.1, to: 0.3, step: 0.1}}
              seeds: 2
            """);
        var b = Sweeps.Plan("""
            name: ids
            protocol: static
            base: {N: 100, z: 2, eta: 0.005, L: 20, beta: 100}
            axes:
              alpha: [0.1, 0.2, 0.3]
              seed: [100, 101]
            """);
        Assert.Equal(6, a.Cells.Count);
        Assert.Equal(a.Cells.Select(c => c.CellId), b.Cells.Select(c => c.CellId));
        Assert.Equal(a.SweepId, b.SweepId);
        Assert.Equal(a.SweepId, Sweeps.Plan(a.CanonicalYaml).SweepId);
        Assert.Matches("^[0-9a-f]{16}$", a.SweepId);
        Assert.All(a.Cells, c => Assert.Matches("^[0-9a-f]{16}$", c.CellId));
        Assert.All(a.Cells, c => Assert.Equal(a.SweepId, c.SweepId));
        Assert.Equal(Enumerable.Range(0, 6), a.Cells.Select(c => c.Index));

        // The same cell in another sweep keeps its id; the other sweep has its own id.
        var other = Sweeps.Plan("name: other\nbase: {N: 100, z: 2, alpha: 0.2, seed: 101}\n");
        Assert.Contains(other.Cells.Single().CellId, a.Cells.Select(c => c.CellId));
        Assert.NotEqual(a.SweepId, other.SweepId);

        // Any change of a parameter changes the id.
        var changed = Sweeps.Plan("name: other\nbase: {N: 100, z: 2, alpha: 0.2, seed: 101, u0: 0.11}\n");
        Assert.NotEqual(other.Cells.Single().CellId, changed.Cells.Single().CellId);
    }

    [Fact]
    public void Generators_produce_exact_decimal_values_and_seeds_count_from_the_base_seed()
    {
        var plan = Sweeps.Plan("""
            base: {N: 50, seed: 7}
            axes:
              noise_max: {range: [0.1, 0.3, 0.1]}
              eta: {logspace: {from: 1.0e-4, to: 1.0e-2, num: 3}}
              seed: {seeds: 2}
            """);
        Assert.Equal([0.1, 0.2, 0.3], plan.Cells.Select(c => (double)c.Parameters["noise_max"]!).Distinct());
        Assert.Equal([1e-4, 1e-3, 1e-2], plan.Cells.Select(c => (double)c.Parameters["eta"]!).Distinct());
        Assert.Equal([7L, 8L], plan.Cells.Select(c => (long)c.Parameters["seed"]!).Distinct());
        var explicitSeeds = Sweeps.Plan("base: {N: 50}\naxes:\n  seeds: {count: 3, from: 40}\n");
        Assert.Equal([40L, 41L, 42L], explicitSeeds.Cells.Select(c => (long)c.Parameters["seed"]!));
        var listed = Sweeps.Plan("base: {N: 50}\naxes:\n  seeds: [5, 9]\n");
        Assert.Equal([5L, 9L], listed.Cells.Select(c => (long)c.Parameters["seed"]!));
    }

    [Fact]
    public void Tests_are_canonical_sets_and_none_is_allowed()
    {
        var a = Sweeps.Plan("base: {N: 50, tests: [syn-all, cue-isotropic, syn-all]}\n");
        var b = Sweeps.Plan("base: {N: 50, tests: 'cue-isotropic, syn-all'}\n");
        Assert.Equal(["cue-isotropic", "syn-all"], (string[])a.Cells[0].Parameters["tests"]!);
        Assert.Equal(a.Cells[0].CellId, b.Cells[0].CellId);
        var none = Sweeps.Plan("base: {N: 50, tests: none}\n");
        Assert.Empty((string[])none.Cells[0].Parameters["tests"]!);
        var all = Sweeps.Plan("base: {N: 50}\n");
        Assert.Equal(6, ((string[])all.Cells[0].Parameters["tests"]!).Length);
    }

    [Fact]
    public void Cost_grows_with_N_M_and_the_epoch_cap()
    {
        var plan = Sweeps.Plan("""
            base: {tests: none}
            axes:
              N: [100, 200]
              max_epochs: [1000, 2000]
            """);
        var cost = plan.Cells.ToDictionary(c => ((long)c.Parameters["N"]!, (long)c.Parameters["max_epochs"]!), c => c.EstimatedCost);
        // No recall: cost is epochs * M * N^2 with M = alpha N, so doubling N multiplies it by 8.
        Assert.Equal(8, cost[(200, 1000)] / cost[(100, 1000)], 6);
        Assert.Equal(2, cost[(100, 2000)] / cost[(100, 1000)], 6);
    }
}

public sealed class AxisFormTests
{
    [Fact]
    public void Grid_and_zip_blocks_are_accepted_and_give_the_same_cells_as_the_short_forms()
    {
        var explicitForms = Sweeps.Plan("""
            name: forms
            base: {N: 40}
            axes:
              grid:
                alpha: [0.1, 0.2]
                zip:
                  z: [1, 2]
                  L: [10, 20]
              g2:
                zip:
                  beta: [50, 100]
                  u0: [0.1, 0.2]
            """);
        var shortForms = Sweeps.Plan("""
            name: forms
            base: {N: 40}
            axes:
              alpha: [0.1, 0.2]
              z: {values: [1, 2], zip: {L: [10, 20]}}
              beta: {values: [50, 100], zip: {u0: [0.1, 0.2]}}
            """);
        Assert.Equal(8, explicitForms.Cells.Count);
        Assert.Equal(shortForms.Cells.Select(c => c.CellId), explicitForms.Cells.Select(c => c.CellId));
        Assert.Equal(shortForms.SweepId, explicitForms.SweepId);
        // The snapshot of the explicit forms loads back to the same sweep.
        Assert.Equal(explicitForms.SweepId, Sweeps.Plan(explicitForms.CanonicalYaml).SweepId);
        Assert.All(explicitForms.Cells, c => Assert.Equal((long)c.Parameters["z"]! * 10, (double)c.Parameters["L"]!));
    }
}
