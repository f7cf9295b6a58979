
namespace TwoFactor.Cluster.Tests;

/// <summary>
/// The results folder damaged between runs (a truncated part, a deleted part, garbage in journal.db) and a
/// full disk during a run: each is reported in one line that says what to do, a damaged or missing part's
/// cells are computed again, `twofactor repair` rebuilds a lost journal from the intact parts.
/// </summary>
public class ResultsFolderFaultTests : IDisposable
{
    private readonly TempFolder _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public void Damaged_parts_are_recomputed_and_a_garbage_journal_is_rebuilt_by_repair()
    {
        const int cells = 30;
        var spec = TestSweeps.Write(_temp.Path, "damage", seeds: cells, maxEpochs: 3000);
        var results = Path.Combine(_temp.Path, "results");
        string[] run = ["run", spec, "--results", results, "--workers", "1", "--engine", "reference"];
        var first = CliProcess.Run(_temp.Path, TimeSpan.FromSeconds(120), run);
        Assert.True(first.ExitCode == 0, first.Out + first.Err);
        var directory = Path.Combine(results, SweepCli.SweepIdIn(first.Out)!);
        var parts = Directory.GetFiles(directory, "part-*.parquet").Order().ToList();
        Assert.True(parts.Count >= 2, $"need two parts to damage, got {parts.Count}");
        long truncatedRows = RowsOf(parts[0]), deletedRows = RowsOf(parts[^1]);

        using (var stream = new FileStream(parts[0], FileMode.Open)) stream.SetLength(stream.Length / 2);
        File.Delete(parts[^1]);
        var healed = CliProcess.Run(_temp.Path, TimeSpan.FromSeconds(120), run);
        Assert.True(healed.ExitCode == 0, healed.Out + healed.Err);
        var notes = healed.Err.Split('\n', StringSplitOptions.RemoveEmptyEntries).Where(l => l.StartsWith("note: results:")).ToList();
        Assert.Equal(2, notes.Count);
        Assert.Contains(notes, l => l.Contains(Path.GetFileName(parts[0])) && l.Contains("unreadable") && l.Contains("computed again"));
        Assert.Contains(notes, l => l.Contains(Path.GetFileName(parts[^1])) && l.Contains("missing") && l.Contains("computed again"));
        Assert.Equal(truncatedRows + deletedRows, SweepCli.ComputedIn(healed.Out));
        Assert.True(File.Exists(parts[0] + ".damaged"));
        TestSweeps.AssertExactlyOnce(directory, cells);

        // Garbage over the journal: refused before any work, in one line naming the way out.
        var journal = Path.Combine(directory, "journal.db");
        File.WriteAllBytes(journal, Enumerable.Range(0, 20_000).Select(i => (byte)(i * 7919 % 251)).ToArray());
        foreach (var suffix in new[] { "-wal", "-shm" }) File.Delete(journal + suffix);
        var refused = CliProcess.Run(_temp.Path, TimeSpan.FromSeconds(60), run);
        Assert.Equal(2, refused.ExitCode);
        var line = Assert.Single(refused.Err.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains("journal.db is damaged", line);
        Assert.Contains("twofactor repair", line);

        var repair = CliProcess.Run(_temp.Path, TimeSpan.FromSeconds(60), "repair", spec, "--results", results);
        Assert.True(repair.ExitCode == 0, repair.Out + repair.Err);
        Assert.Contains($"{cells} completed and 0 failed of {cells} cells", repair.Out);
        var resumed = CliProcess.Run(_temp.Path, TimeSpan.FromSeconds(60), run);
        Assert.True(resumed.ExitCode == 0, resumed.Out + resumed.Err);
        Assert.Equal(0, SweepCli.ComputedIn(resumed.Out));
        TestSweeps.AssertExactlyOnce(directory, cells);
        // A deleted journal: the parts are not thrown away as orphans; the run stops and names the repair.
        foreach (var suffix in new[] { "", "-wal", "-shm" }) File.Delete(journal + suffix);
        var lost = CliProcess.Run(_temp.Path, TimeSpan.FromSeconds(60), run);
        Assert.Equal(1, lost.ExitCode);
        var lostLine = Assert.Single(lost.Err.Split('\n', StringSplitOptions.RemoveEmptyEntries), l => l.StartsWith("error:"));
        Assert.Contains("twofactor repair", lostLine);
        TestSweeps.AssertExactlyOnce(directory, cells);
        Assert.Equal(0, CliProcess.Run(_temp.Path, TimeSpan.FromSeconds(60), "repair", spec, "--results", results).ExitCode);
        Assert.Equal(0, SweepCli.ComputedIn(CliProcess.Run(_temp.Path, TimeSpan.FromSeconds(60), run).Out));
        TestSweeps.AssertExactlyOnce(directory, cells);

        // A journal that is fine is not "repaired" (that would record every part twice).
        var again = CliProcess.Run(_temp.Path, TimeSpan.FromSeconds(60), "repair", spec, "--results", results);
        Assert.Equal(2, again.ExitCode);
        Assert.Contains("nothing to repair", again.Err);
    }

    [TmpfsFact]
    public void A_full_disk_stops_the_run_with_one_line_and_the_rerun_completes()
    {
        const int cells = 40;
        var spec = TestSweeps.Write(_temp.Path, "full", seeds: cells, maxEpochs: 3000);
        var results = Path.Combine(_temp.Path, "small-disk");
        using var disk = Tmpfs.Mount(results, "8m");
        string[] run = ["run", spec, "--results", results, "--workers", "1", "--engine", "reference"];

        using var first = CliProcess.Start(_temp.Path, run);
        var directory = Path.Combine(results, SweepCli.AwaitSweepId(first));
        Poll.Until(() => first.HasExited || SweepCli.PartCount(directory) >= 1, TimeSpan.FromSeconds(60), "a committed part");
        Assert.False(first.HasExited, first.Out + first.Err);
        var filler = Path.Combine(results, "filler");
        FillUp(filler);
        Assert.True(first.WaitForExit(TimeSpan.FromSeconds(90)), "the run did not stop on a full disk:\n" + first.Out + first.Err);
        Assert.True(first.ExitCode == 1, $"exit {first.ExitCode}\n{first.Out}\n{first.Err}");
        var error = Assert.Single(first.Err.Split('\n', StringSplitOptions.RemoveEmptyEntries), l => l.StartsWith("error:"));
        Assert.Contains("run the same command again", error);
        Assert.True(error.Contains("full", StringComparison.OrdinalIgnoreCase) || error.Contains("No space left"), error);

        File.Delete(filler);
        var second = CliProcess.Run(_temp.Path, TimeSpan.FromSeconds(120), run);
        Assert.True(second.ExitCode == 0, second.Out + second.Err);
        TestSweeps.AssertExactlyOnce(directory, cells);
    }

    private static void FillUp(string path)
    {
        var block = new byte[64 * 1024];
        try
        {
            using var stream = new FileStream(path, FileMode.Create);
            while (true) stream.Write(block);
        }
        catch (IOException)
        {
            // ENOSPC: the disk is full now
        }
    }

    private static long RowsOf(string part) => Convert.ToInt64(DuckDb.Scalar($"SELECT count(*) FROM read_parquet('{DuckDb.Quoted(part)}')"));
}

/// <summary>A small tmpfs (a disk that fills up), mounted for the test and unmounted after; needs root.</summary>
public sealed class Tmpfs : IDisposable
{
    private readonly string _path;

    private Tmpfs(string path) => _path = path;

    public static Tmpfs Mount(string path, string size)
    {
        Directory.CreateDirectory(path);
        var (code, output) = Run("mount", "-t", "tmpfs", "-o", $"size={size}", "tmpfs", path);
        if (code != 0) throw new InvalidOperationException($"mount tmpfs at {path}: {output}");
        return new Tmpfs(path);
    }

    public static bool Available(out string why)
    {
        using var probe = new TempFolder();
        try
        {
            var (code, output) = Run("mount", "-t", "tmpfs", "-o", "size=1m", "tmpfs", probe.Path);
            why = code == 0 ? "" : $"cannot mount a tmpfs here (needs root): {output.Trim()}";
            if (code == 0) Run("umount", probe.Path);
            return code == 0;
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            why = $"no mount command: {e.Message}";
            return false;
        }
    }

    private static (int Code, string Output) Run(string file, params string[] args)
    {
        using var process = CliProcess.StartProgram(System.IO.Path.GetTempPath(), null, file, args);
        var result = process.Finish(TimeSpan.FromSeconds(30));
        return (result.ExitCode, result.Out + result.Err);
    }

    public void Dispose() => Run("umount", "-l", _path);
}

/// <summary>A test that needs a tmpfs it can fill; reported as skipped, with the reason, where mounting is not allowed.</summary>
public sealed class TmpfsFactAttribute : FactAttribute
{
    public TmpfsFactAttribute()
    {
        if (!Tmpfs.Available(out var why)) Skip = why;
    }
}
