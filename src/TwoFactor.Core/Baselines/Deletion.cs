using TwoFactor.Core.Parameters;
using TwoFactor.Core.Randomness;
using TwoFactor.Core.Synapses;

namespace TwoFactor.Core.Baselines;

/// <summary>
/// Deletion of a fraction d of one neuron's alive weights (Chechik, Meilijson, Ruppin 1998; MODEL.md section 9.3).
/// Works on magnitudes, so it applies to signed rows as well as to the clipped Hebbian matrix.
/// </summary>
public static class Deletion
{
    /// <summary>
    /// Deletes round(d x alive) of the alive weights of <paramref name="row"/> (|w| above the alive threshold,
    /// <paramref name="diagonal"/> excluded): minimal-value removes the smallest (ties by index), compressed sets
    /// w to sign(w) max(0, |w| - t) with t the magnitude of the last deleted weight (the deletion quantile), random
    /// removes a uniformly random subset drawn from <paramref name="rng"/>.
    /// </summary>
    public static void Apply(Span<double> row, int diagonal, double d, DeletionKind kind, DeterministicRandom? rng)
    {
        var alive = new List<int>();
        for (int j = 0; j < row.Length; j++)
            if (j != diagonal && Math.Abs(row[j]) > SynapseModel.AliveThreshold) alive.Add(j);
        int count = (int)Math.Round(d * alive.Count, MidpointRounding.AwayFromZero);
        if (count == 0) return;
        var order = alive.ToArray();
        switch (kind)
        {
            case DeletionKind.Random:
                (rng ?? throw new ArgumentNullException(nameof(rng), "random deletion needs a random stream")).PartialShuffle(order, count);
                for (int k = 0; k < count; k++) row[order[k]] = 0;
                break;
            case DeletionKind.MinimalValue:
                SortByMagnitude(row, order);
                for (int k = 0; k < count; k++) row[order[k]] = 0;
                break;
            case DeletionKind.Compressed:
                SortByMagnitude(row, order);
                double t = Math.Abs(row[order[count - 1]]);
                foreach (int j in order) row[j] = Math.Sign(row[j]) * Math.Max(0, Math.Abs(row[j]) - t);
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(kind));
        }
    }

    private static void SortByMagnitude(Span<double> row, int[] order)
    {
        var keys = new double[order.Length];
        for (int k = 0; k < order.Length; k++) keys[k] = Math.Abs(row[order[k]]);
        // Array.Sort is not stable; indices ascending already, so sort (magnitude, index) pairs explicitly.
        var pairs = order.Select((j, k) => (Key: keys[k], Index: j)).ToArray();
        Array.Sort(pairs, (a, b) => a.Key != b.Key ? a.Key.CompareTo(b.Key) : a.Index.CompareTo(b.Index));
        for (int k = 0; k < order.Length; k++) order[k] = pairs[k].Index;
    }
}
