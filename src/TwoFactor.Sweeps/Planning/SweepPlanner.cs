namespace TwoFactor.Sweeps;

/// <summary>
/// Expands a validated spec into cells with stable ids. A cell's id hashes its protocol and canonical
/// resolved parameters (so it is the same in any sweep); the sweep's id hashes its name, protocol and the
/// ordered list of cell ids, so two files that describe the same cells in the same order are the same sweep
/// whatever their formatting (a range or its values written out, a default written out or left out).
/// </summary>
public static class SweepPlanner
{
    /// <exception cref="InvalidOperationException">A cell is invalid (the spec did not come from <see cref="SweepLoader"/>).</exception>
    public static SweepPlan Plan(SweepSpec spec)
    {
        var protocol = spec.Protocol;
        var cells = new List<Cell>();
        foreach (var expanded in CellExpander.Expand(spec))
        {
            var problems = protocol.Validate(expanded.Specified);
            if (problems.Count > 0)
                throw new InvalidOperationException($"cell {expanded.Index} is invalid: {string.Join("; ", problems)}");
            var resolved = protocol.Resolve(expanded.Specified);
            cells.Add(new Cell(CanonicalText.CellId(protocol.Name, protocol.IdentityParameters(resolved)), expanded.Index, protocol.Name, resolved,
                protocol.EstimateCost(resolved)));
        }
        string sweepId = CanonicalText.Hash($"sweep/v1\nname={spec.Name}\nprotocol={protocol.Name}\ncells=\n" +
                                            string.Join("\n", cells.Select(c => c.CellId)));
        cells = cells.Select(c => c with { SweepId = sweepId, SweepName = spec.Name }).ToList();
        return new SweepPlan(sweepId, spec.Name, protocol.Name, cells, CanonicalYaml.Write(spec, sweepId));
    }
}
