using Parquet;
using Parquet.Schema;

namespace TwoFactor.Reports.Tests;

/// <summary>
/// What the report accepts (a folder, a sweep name, a sweep file; a sweep that was killed, with temporary files left)
/// and what it refuses before drawing anything: one line on stderr naming the file and reason, exit code 2.
/// </summary>
[Collection(ReportSweepsCollection.Name)]
public sealed class ReportInputTests(ReportSweeps sweeps)
{
    private string NewFolder(string name)
    {
        string path = Path.Combine(sweeps.Root, "input-" + name + "-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(path);
        return path;
    }

    /// <summary>A copy of the static sweep's folder (snapshot and the named parts) under a fresh results root.</summary>
    private string CopyOfStatic(string name, params string[] parts)
    {
        string folder = Path.Combine(NewFolder(name), Path.GetFileName(sweeps.Static));
        Directory.CreateDirectory(folder);
        File.Copy(Path.Combine(sweeps.Static, "sweep.yaml"), Path.Combine(folder, "sweep.yaml"));
        foreach (var part in parts) File.Copy(Path.Combine(sweeps.Static, part), Path.Combine(folder, part));
        return folder;
    }

    private CliResult Report(params string[] args) => ReportSweeps.Cli(sweeps.Root, ["report", .. args]);

    private static void AssertRefused(CliResult result, params string[] expected)
    {
        Assert.Equal(2, result.ExitCode);
        var lines = result.Err.Split('\n', StringSplitOptions.RemoveEmptyEntries).Where(l => !l.StartsWith("report: ", StringComparison.Ordinal)).ToList();
        var line = Assert.Single(lines);
        Assert.StartsWith("error: ", line);
        foreach (var text in expected) Assert.Contains(text, line);
    }

    [Fact]
    public void An_empty_folder_is_refused() => AssertRefused(Report(NewFolder("empty")), "empty folder");

    [Fact]
    public void A_folder_that_is_not_a_results_folder_is_refused()
    {
        string folder = NewFolder("other");
        File.WriteAllText(Path.Combine(folder, "notes.txt"), "not results");
        AssertRefused(Report(folder), folder, "not a results folder");
    }

    [Fact]
    public void A_results_folder_without_committed_parts_is_refused()
    {
        string folder = CopyOfStatic("noparts");
        AssertRefused(Report(folder), "no committed parts yet", "8 planned cells");
    }

    [Fact]
    public void An_unreadable_part_is_refused_by_name()
    {
        string folder = CopyOfStatic("garbage", "part-00000.parquet");
        File.WriteAllBytes(Path.Combine(folder, "part-00001.parquet"), [.. Enumerable.Range(0, 4096).Select(k => (byte)(k * 37))]);
        AssertRefused(Report(folder), "part-00001.parquet", "unreadable part");
        Assert.False(Directory.Exists(Path.Combine(folder, "report")), "nothing is written before the input is checked");
    }

    [Fact]
    public async Task A_part_with_missing_columns_is_refused_with_their_names()
    {
        string folder = CopyOfStatic("old");
        // An old-style part: identity and status only, no outputs.
        var schema = new ParquetSchema(new DataField<string>("sweep_id"), new DataField<string>("cell_id"), new DataField<string>("protocol"),
            new DataField<string>("status"), new DataField<string>("error_message", true));
        var rows = new List<IDictionary<string, object?>>
        {
            new Dictionary<string, object?> { ["sweep_id"] = Path.GetFileName(folder), ["cell_id"] = "0123456789abcdef", ["protocol"] = "static", ["status"] = "completed", ["error_message"] = null },
        };
        await using (var file = File.Create(Path.Combine(folder, "part-00000.parquet")))
            await Parquet.Serialization.ParquetSerializer.SerializeUntypedAsync(rows, schema, file);
        AssertRefused(Report(folder), "part-00000.parquet", "missing columns", "density", "alpha");
    }

    [Fact]
    public void A_part_of_another_protocol_is_refused()
    {
        string folder = CopyOfStatic("mixed");
        File.Copy(Directory.EnumerateFiles(sweeps.WakeSleep, "part-*.parquet").First(), Path.Combine(folder, "part-00000.parquet"));
        AssertRefused(Report(folder), "part-00000.parquet", "holds rows of protocol 'wake-sleep'", "is a 'static' sweep");
    }

    [Fact]
    public void A_sweep_file_without_results_and_an_unknown_name_are_refused()
    {
        AssertRefused(Report(RepositoryFiles.Path("configs", "quickstart.yaml"), "--results", sweeps.Results), "quickstart.yaml", "has no results folder");
        AssertRefused(Report("no-such-sweep", "--results", sweeps.Results), "no-such-sweep", "no sweep of that name");
        AssertRefused(Report(Path.Combine(sweeps.Root, "nowhere", "x")), "no such folder or sweep file");
        AssertRefused(Report(sweeps.Static, "--format", "pdf"), "--format", "pdf");
    }

    [Fact]
    public void A_sweep_name_or_its_snapshot_file_finds_the_results_folder()
    {
        string output = NewFolder("byname");
        var (code, stdout, err) = Report("wake-sleep-small", "--results", sweeps.Results, "--out", output, "--format", "svg");
        Assert.True(code == 0, err);
        Assert.Contains(Path.GetFileName(sweeps.WakeSleep), stdout);
        Assert.True(File.Exists(Path.Combine(output, "before-after-sleep.svg")));
        Assert.False(File.Exists(Path.Combine(output, "before-after-sleep.png")), "--format svg writes no PNG");
        Assert.Contains("src=\"before-after-sleep.svg\"", File.ReadAllText(Path.Combine(output, "index.html")));

        (code, stdout, err) = Report(Path.Combine(sweeps.SynapticNoise, "sweep.yaml"), "--results", sweeps.Results, "--out", NewFolder("byfile"));
        Assert.True(code == 0, err);
        Assert.Contains(Path.GetFileName(sweeps.SynapticNoise), stdout);
    }

    [Fact]
    public void A_killed_sweep_reports_its_committed_parts_and_counts_the_missing_cells()
    {
        // A sweep killed after its first part: that part holds 3 of the 8 rows (one of them failed), written by the real result store.
        string id = Path.GetFileName(sweeps.Static);
        var rows = new ResultStore(sweeps.Results, id).ReadAll().Take(3).ToList();
        rows[2] = rows[2] with
        {
            Status = CellStatus.Failed, ErrorMessage = "InvalidOperationException: injected <failure> for the report test",
            Scalars = rows[2].Scalars.ToDictionary(kv => kv.Key, _ => (object?)null), Lists = rows[2].Lists.ToDictionary(kv => kv.Key, _ => Array.Empty<double>()),
        };
        string folder = CopyOfStatic("killed");
        new ResultStore(Path.GetDirectoryName(folder)!, id).CommitPart(0, rows, ProtocolCatalog.Get("static"));
        // What a killed writer leaves behind: a hidden temporary part, never read.
        File.WriteAllBytes(Path.Combine(folder, ".part-00001.parquet.tmp-0123456789abcdef"), [1, 2, 3]);
        var (code, stdout, err) = Report(folder);
        Assert.True(code == 0, err);
        Assert.Equal(3, (long)ReportSweeps.Query(folder, "SELECT count(*) FROM PARTS")[0][0]!);
        Assert.Contains("2 done, 1 failed, 5 missing of 8", stdout);
        string html = File.ReadAllText(Path.Combine(folder, "report", "index.html"));
        Assert.Contains("<td id=\"count-missing\">5</td>", html);
        Assert.Contains("Missing cells (5)", html);
        Assert.Contains("<td id=\"count-failed\">1</td>", html);
        Assert.Contains($"<code>{rows[2].CellId}</code>", html);
        Assert.Contains("InvalidOperationException: injected &lt;failure&gt; for the report test", html);
        Assert.Contains("report: reading part-00000.parquet", err);
    }
}
