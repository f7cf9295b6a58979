using System.Security.Cryptography;
using System.Text;

namespace TwoFactor.Sweeps;

/// <summary>
/// Expands a validated spec into cells with stable ids. A cell's id hashes its protocol and canonical
/// resolved parameters (so it is the same in any sweep); the sweep's id hashes its name, protocol and the
/// ordered list of cell ids, so two files that describe the same cells in the same order are the same sweep
/// whatever their formatting (a range or its values written out, a default written out or left out).
/// </summary>
public static class SweepPlanner
{
    /// <summary>Cells per planning batch: big enough to amortise scheduling, small enough to share the cores.</summary>
    private const int Batch = 4096;

    /// <exception cref="InvalidOperationException">A cell is invalid (the spec did not come from <see cref="SweepLoader"/>).</exception>
    public static SweepPlan Plan(SweepSpec spec)
    {
        var protocol = spec.Protocol;
        int count = checked((int)spec.CellCount);
        var keys = new ulong[count];
        var costs = new double[count];
        // Each cell's id and cost depend on its index alone, so batches may run on any core in any order:
        // the arrays (and the sweep id) come out the same.
        var problemAt = new string?[(count + Batch - 1) / Batch];
        Parallel.For(0, problemAt.Length, batch =>
        {
            for (int index = batch * Batch, end = Math.Min(count, index + Batch); index < end; index++)
            {
                var specified = CellExpander.SpecifiedAt(spec, index);
                var problems = protocol.Validate(specified);
                if (problems.Count > 0)
                {
                    problemAt[batch] = $"cell {index} is invalid: {string.Join("; ", problems)}";
                    return;
                }
                var resolved = protocol.Resolve(specified);
                keys[index] = CanonicalText.CellKeyOf(protocol.Name, protocol.IdentityParameters(resolved));
                costs[index] = protocol.EstimateCost(resolved);
            }
        });
        if (problemAt.FirstOrDefault(p => p is not null) is { } problem) throw new InvalidOperationException(problem);
        string sweepId = SweepId(spec.Name, protocol.Name, keys);
        return new SweepPlan(sweepId, spec, keys, costs, CanonicalYaml.Write(spec, sweepId));
    }

    /// <summary>
    /// The hash of "sweep/v1 ... cells=" and the ids one per line, streamed: the same bytes as hashing the
    /// joined text (the ids every existing results folder is named by), without holding it in memory.
    /// </summary>
    private static string SweepId(string name, string protocol, ulong[] keys)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        hash.AppendData(Encoding.UTF8.GetBytes($"sweep/v1\nname={name}\nprotocol={protocol}\ncells=\n"));
        Span<byte> line = stackalloc byte[17];
        for (int i = 0; i < keys.Length; i++)
        {
            int at = 0;
            if (i > 0) line[at++] = (byte)'\n';
            keys[i].TryFormat(line[at..], out int written, "x16", System.Globalization.CultureInfo.InvariantCulture);
            hash.AppendData(line[..(at + written)]);
        }
        return Convert.ToHexStringLower(hash.GetHashAndReset())[..16];
    }
}
