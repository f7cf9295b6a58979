namespace TwoFactor.Sweeps.Tests;

/// <summary>
/// The plan keeps only ids and costs per cell and rebuilds cells on demand: what it rebuilds, and the ids it
/// gives, must be exactly those of the textual definitions that existing journals and datasets were named by.
/// </summary>
public sealed class CompactPlanTests
{
    private const string Grid = """
        name: compact
        base: {tests: none}
        axes:
          model: {two-factor: {alpha: [0.1, 0.2], max_epochs: [50, 60]}, hebbian: null}
          N: [12, 20]
          seeds: 3
        """;

    [Fact]
    public void Rebuilt_cells_have_the_ids_costs_and_sweep_id_of_the_textual_definitions()
    {
        var spec = Sweeps.Spec(Grid);
        var plan = SweepPlanner.Plan(spec);
        Assert.Equal(30, plan.CellCount); // (2 x 2 two-factor rows + 1 hebbian) x 2 N x 3 seeds
        var protocol = spec.Protocol;
        for (int i = 0; i < plan.CellCount; i++)
        {
            var cell = plan.CellAt(i);
            Assert.Equal(i, cell.Index);
            // The id hashes the canonical text of the rebuilt parameters; the cost is the protocol's estimate.
            Assert.Equal(CanonicalText.CellId(protocol.Name, protocol.IdentityParameters(cell.Parameters)), cell.CellId);
            Assert.Equal(protocol.EstimateCost(cell.Parameters), cell.EstimatedCost);
            Assert.Equal(plan.SweepId, cell.SweepId);
            Assert.Equal("compact", cell.SweepName);
        }
        // The sweep id is streamed; it must equal the hash of the joined text it was defined as.
        string joined = $"sweep/v1\nname=compact\nprotocol={protocol.Name}\ncells=\n" + string.Join("\n", plan.Cells.Select(c => c.CellId));
        Assert.Equal(CanonicalText.Hash(joined), plan.SweepId);
        Assert.Equal(plan.Cells.Select(c => c.CellId), SweepPlanner.Plan(spec).Cells.Select(c => c.CellId));
    }

    [Fact]
    public void The_plan_from_the_loaders_survey_equals_a_plan_of_its_own_across_batches()
    {
        // 2 x 5000 cells span three batches of the survey; the loader's pass must give the planner the same ids,
        // costs and sweep id that planning the spec from scratch gives.
        const string big = "name: big\nbase: {tests: none}\naxes:\n  N: [12, 20]\n  seeds: 5000\n";
        var planned = SweepFile.PlanText(big, "big.yaml", []);
        Assert.True(planned.Ok, string.Join("\n", planned.Errors));
        var viaLoader = planned.Sweep!.Plan;
        var own = SweepPlanner.Plan(Sweeps.Spec(big));
        Assert.Equal(own.SweepId, viaLoader.SweepId);
        Assert.Equal(10_000, viaLoader.CellCount);
        for (int i = 0; i < own.CellCount; i++)
        {
            Assert.Equal(own.CellIdAt(i), viaLoader.CellIdAt(i));
            Assert.Equal(own.CostAt(i), viaLoader.CostAt(i));
        }
        Assert.NotEqual(viaLoader.CostAt(0), viaLoader.CostAt(5000)); // N = 12 and N = 20: the costs are the cells' own
    }

    [Fact]
    public void Range_errors_and_duplicates_in_later_batches_are_all_reported_with_their_places()
    {
        // Cells 0..9999; alpha -0.5 (line 5) makes every cell of the second alpha invalid, and the third alpha
        // repeats the first once M is derived: its cells (from 10000 on, the survey's third batch) are duplicates.
        var result = Sweeps.Load("""
            base: {N: 100, tests: none}
            axes:
              grp:
                zip:
                  alpha: [0.2, -0.5, null]
                  M: [null, null, 20]
              seeds: 5000
            """);
        Assert.False(result.Ok);
        var range = Assert.Single(result.Errors, e => e.KeyPath == "axes.grp.zip.alpha");
        Assert.Equal(5, range.Line);
        var duplicates = result.Errors.Where(e => e.KeyPath == "axes").ToList();
        Assert.Contains("cell 10000", duplicates[0].Reason);
        Assert.Contains("same simulation as cell 0", duplicates[0].Reason);
        Assert.Contains(duplicates, e => e.Reason == "4995 more duplicate cells");
    }

    [Fact]
    public void A_cell_id_is_found_at_its_index_and_anything_else_is_not_planned()
    {
        var plan = Sweeps.Plan(Grid);
        for (int i = 0; i < plan.CellCount; i++) Assert.Equal(i, plan.IndexOf(plan.CellIdAt(i)));
        Assert.Equal(-1, plan.IndexOf("not-a-cell"));
        Assert.Equal(-1, plan.IndexOf(plan.CellIdAt(0).ToUpperInvariant()));
        Assert.Equal(-1, plan.IndexOf("0000000000000000"));
        Assert.Throws<ArgumentOutOfRangeException>(() => plan.Cells[plan.CellCount]);
    }

    [Fact]
    public void A_cell_key_formats_back_to_the_exact_id_text()
    {
        Assert.True(CellKey.TryParse("00ab12cd34ef5678", out var key));
        Assert.Equal(0x00ab12cd34ef5678UL, key);
        Assert.Equal("00ab12cd34ef5678", CellKey.Format(key));
        Assert.False(CellKey.TryParse("00AB12CD34EF5678", out _)); // ids are lowercase: another text is another id
        Assert.False(CellKey.TryParse("00ab12cd34ef567", out _));
        Assert.False(CellKey.TryParse("+0ab12cd34ef5678", out _));
        Assert.False(CellKey.TryParse(null, out _));
    }
}
