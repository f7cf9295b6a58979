namespace TwoFactor.Sweeps;

/// <summary>Suggests the closest known name for a misspelt key or value (case-insensitive edit distance).</summary>
internal static class DidYouMean
{
    public static string? Closest(string given, IEnumerable<string> known)
    {
        string? best = null;
        int bestDistance = int.MaxValue;
        foreach (var candidate in known)
        {
            int d = Distance(given.ToLowerInvariant(), candidate.ToLowerInvariant());
            if (d < bestDistance)
            {
                bestDistance = d;
                best = candidate;
            }
        }
        // Accept a suggestion only when it is plausibly a typo: about a third of the letters at most.
        int allowed = Math.Max(1, given.Length / 3);
        return best is not null && bestDistance <= allowed ? best : null;
    }

    /// <summary>"unknown key 'x'; did you mean 'y'?" or the list of allowed names when nothing is close.</summary>
    public static string Unknown(string what, string given, IReadOnlyCollection<string> known)
    {
        var suggestion = Closest(given, known);
        return suggestion is not null
            ? $"unknown {what} '{given}'; did you mean '{suggestion}'?"
            : $"unknown {what} '{given}'; allowed: {string.Join(", ", known)}";
    }

    /// <summary>Edit distance counting a swap of two neighbouring letters as one edit (optimal string alignment).</summary>
    private static int Distance(string a, string b)
    {
        var d = new int[a.Length + 1, b.Length + 1];
        for (int i = 0; i <= a.Length; i++) d[i, 0] = i;
        for (int j = 0; j <= b.Length; j++) d[0, j] = j;
        for (int i = 1; i <= a.Length; i++)
        {
            for (int j = 1; j <= b.Length; j++)
            {
                int cost = a[i - 1] == b[j - 1] ? 0 : 1;
                d[i, j] = Math.Min(Math.Min(d[i - 1, j] + 1, d[i, j - 1] + 1), d[i - 1, j - 1] + cost);
                if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
                    d[i, j] = Math.Min(d[i, j], d[i - 2, j - 2] + 1);
            }
        }
        return d[a.Length, b.Length];
    }
}
