using TwoFactor.Core.Parameters;

namespace TwoFactor.Sweeps;

/// <summary>
/// The one pass over every cell of a spec that loading and planning need: each cell validated by its protocol,
/// and for a valid one its id (<see cref="CellKey"/>), estimated cost and memory. The loader turns the problems
/// into file:line errors, finds duplicates among the ids and checks the largest cell's memory; the planner keeps
/// the ids and costs. Computed once per sweep file (at 10^6 cells each pass costs tens of CPU seconds), in
/// batches on every core: a cell's results depend on its index alone, so they come out the same in any order.
/// </summary>
/// <param name="Valid">Whether each cell passed its protocol's validation (only those have an id, a cost and a memory estimate).</param>
/// <param name="Keys">Each cell's id; 0 for an invalid cell.</param>
/// <param name="Costs">Each cell's estimated cost (<see cref="IProtocol.EstimateCost"/>); 0 for an invalid cell.</param>
/// <param name="Invalid">
/// Invalid cells in index order with their protocol's problems; a problem repeated within a batch of cells is
/// listed at its first cell only (the loader reports each distinct error once anyway).
/// </param>
/// <param name="LargestIndex">The valid cell with the largest memory estimate (the first of equals), -1 when none is valid.</param>
/// <param name="LargestBytes">That cell's memory estimate.</param>
internal sealed record CellSurvey(bool[] Valid, ulong[] Keys, double[] Costs,
    IReadOnlyList<(int Index, IReadOnlyList<ParameterError> Problems)> Invalid, int LargestIndex, long LargestBytes)
{
    /// <summary>Cells per batch: big enough to amortise scheduling, small enough to share the cores.</summary>
    private const int Batch = 4096;

    public static CellSurvey Of(SweepSpec spec)
    {
        var protocol = spec.Protocol;
        int count = checked((int)spec.CellCount);
        var keys = new ulong[count];
        var costs = new double[count];
        var valid = new bool[count];
        int batches = (count + Batch - 1) / Batch;
        var invalidOf = new List<(int, IReadOnlyList<ParameterError>)>?[batches];
        var largestOf = new (int Index, long Bytes)[batches];
        Parallel.For(0, batches, batch =>
        {
            (int Index, long Bytes) largest = (-1, 0);
            // A grid of millions of invalid cells repeats a few problems: each batch keeps a problem's first cell only.
            HashSet<ParameterError>? seen = null;
            for (int index = batch * Batch, end = Math.Min(count, index + Batch); index < end; index++)
            {
                var specified = CellExpander.SpecifiedAt(spec, index);
                var problems = protocol.Validate(specified);
                if (problems.Count > 0)
                {
                    seen ??= [];
                    var first = problems.Where(seen.Add).ToList();
                    if (first.Count > 0) (invalidOf[batch] ??= []).Add((index, first));
                    continue;
                }
                valid[index] = true;
                var resolved = protocol.Resolve(specified);
                keys[index] = CanonicalText.CellKeyOf(protocol.Name, protocol.IdentityParameters(resolved));
                costs[index] = protocol.EstimateCost(resolved);
                long bytes = protocol.EstimateMemoryBytes(resolved);
                if (largest.Index < 0 || bytes > largest.Bytes) largest = (index, bytes);
            }
            largestOf[batch] = largest;
        });
        var invalid = invalidOf.Where(b => b is not null).SelectMany(b => b!).ToList();
        // Batches in index order with a strict comparison: the first of equal cells wins, as in one sequential pass.
        var (largestIndex, largestBytes) = largestOf.Aggregate((-1, 0L), (best, b) => b.Index >= 0 && (best.Item1 < 0 || b.Bytes > best.Item2) ? b : best);
        return new CellSurvey(valid, keys, costs, invalid, largestIndex, largestBytes);
    }
}
