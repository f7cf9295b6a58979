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

    private static int Distance(string a, string b)
    {
        var previous = new int[b.Length + 1];
        var current = new int[b.Length + 1];
        for (int j = 0; j <= b.Length; j++) previous[j] = j;
        for (int i = 1; i <= a.Length; i++)
        {
            current[0] = i;
            for (int j = 1; j <= b.Length; j++)
            {
                int cost = a[i - 1] == b[j - 1] ? 0 : 1;
                current[j] = Math.Min(Math.Min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + cost);
            }
            (previous, current) = (current, previous);
        }
        return previous[b.Length];
    }
}
