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
    /// <exception cref="InvalidOperationException">A cell is invalid (the spec did not come from <see cref="SweepLoader"/>).</exception>
    public static SweepPlan Plan(SweepSpec spec) => Plan(spec, CellSurvey.Of(spec));

    /// <summary>The plan from the loader's survey of the same spec (<see cref="SweepLoadResult.Survey"/>): no second pass over the cells.</summary>
    internal static SweepPlan Plan(SweepSpec spec, CellSurvey survey)
    {
        if (survey.Invalid.Count > 0)
        {
            var (index, problems) = survey.Invalid[0];
            throw new InvalidOperationException($"cell {index} is invalid: {string.Join("; ", problems)}");
        }
        string sweepId = SweepId(spec.Name, spec.Protocol.Name, survey.Keys);
        return new SweepPlan(sweepId, spec, survey.Keys, survey.Costs, CanonicalYaml.Write(spec, sweepId));
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
