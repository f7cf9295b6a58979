namespace TwoFactor.Reports;

/// <summary>
/// Finds the results folder a report is about from what the user typed: a folder (results/&lt;sweep_id&gt;), a sweep
/// file (planned to get its sweep_id, then &lt;results root&gt;/&lt;sweep_id&gt;), or a sweep name (the folder under the
/// results root whose snapshot sweep.yaml carries that name; the most recently written one when there are several).
/// </summary>
public static class ResultsLocator
{
    /// <param name="notes">Receives one line when a choice was made for the user (several folders of one name).</param>
    /// <exception cref="ReportInputException">Nothing matches.</exception>
    public static string Locate(string target, string resultsRoot, Action<string>? notes = null)
    {
        if (Directory.Exists(target)) return Path.GetFullPath(target);
        if (File.Exists(target)) return FromSweepFile(target, resultsRoot);
        if (target.EndsWith(".yaml", StringComparison.OrdinalIgnoreCase) || target.EndsWith(".yml", StringComparison.OrdinalIgnoreCase)
            || target.Contains('/'))
            throw new ReportInputException($"{target}: no such folder or sweep file");
        return FromSweepName(target, resultsRoot, notes);
    }

    private static string FromSweepFile(string path, string resultsRoot)
    {
        // The same function as `plan` and `run`, so the report finds the folder the run wrote.
        var input = SweepFile.Plan(path, []);
        if (!input.Ok) throw new ReportInputException($"{path}: not a valid sweep file: {input.Errors[0]}");
        var plan = input.Sweep!.Plan;
        string folder = Path.Combine(resultsRoot, plan.SweepId);
        if (!Directory.Exists(folder))
            throw new ReportInputException($"{path}: sweep {plan.Name} ({plan.SweepId}) has no results folder {folder} (run it first, or pass --results)");
        return Path.GetFullPath(folder);
    }

    private static string FromSweepName(string name, string resultsRoot, Action<string>? notes)
    {
        if (!Directory.Exists(resultsRoot))
            throw new ReportInputException($"{name}: no such folder or sweep file, and no results root {resultsRoot} to look for a sweep of that name");
        var matches = Directory.EnumerateDirectories(resultsRoot)
            .Select(dir => (Dir: dir, Snapshot: Path.Combine(dir, ResultStore.SnapshotFileName)))
            .Where(d => File.Exists(d.Snapshot) && SnapshotName(d.Snapshot) == name)
            .OrderByDescending(d => File.GetLastWriteTimeUtc(d.Snapshot))
            .ToList();
        if (matches.Count == 0)
            throw new ReportInputException($"{name}: no such folder or sweep file, and no sweep of that name under {resultsRoot}");
        if (matches.Count > 1)
            notes?.Invoke($"{matches.Count} sweeps named {name} under {resultsRoot}; reporting the newest, {Path.GetFileName(matches[0].Dir)} " +
                          $"(others: {string.Join(", ", matches.Skip(1).Select(m => Path.GetFileName(m.Dir)))})");
        return Path.GetFullPath(matches[0].Dir);
    }

    /// <summary>The snapshot's name: key (CanonicalYaml writes it near the top, quoted when it needs quotes).</summary>
    private static string? SnapshotName(string snapshot)
    {
        foreach (var line in File.ReadLines(snapshot).Take(10))
        {
            if (!line.StartsWith("name:", StringComparison.Ordinal)) continue;
            return line["name:".Length..].Trim().Trim('"', '\'');
        }
        return null;
    }
}
