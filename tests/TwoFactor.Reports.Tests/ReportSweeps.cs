
namespace TwoFactor.Reports.Tests;

/// <summary>
/// Four small real sweeps, one per protocol and the baseline comparison, run once for the test class with `twofactor run` from the presets in
/// configs/ made tiny by overrides, then reported with `twofactor report`. The static one has two z and two seeds, so
/// it gets error bars and the model comparison (two-factor family over z).
/// </summary>
public sealed class ReportSweeps : IDisposable
{
    public static readonly TimeSpan Timeout = TimeSpan.FromMinutes(4);

    private readonly TempFolder _root = new();

    public ReportSweeps()
    {
        Results = Path.Combine(Root, "results");
        Static = Run("quickstart.yaml", "base.max_epochs=3000", "axes.N=[40]", "axes.seeds=2");
        WakeSleep = Run("wake-sleep-small.yaml", "base.N=150", "base.sleep_epochs=200", "base.record_interval=50", "base.recall_levels=5", "base.n_tests=3");
        SynapticNoise = Run("syn-noise.yaml", "base.synapses=100", "base.bootstrap=20", "base.duration=200");
        Baselines = Run("compare-baselines-small.yaml", "base.N=40");
        foreach (var folder in new[] { Static, WakeSleep, SynapticNoise }) Report(folder);
        // With the trailing separator a shell's completion leaves: the same folder.
        Report(Baselines + Path.DirectorySeparatorChar);
    }

    public string Root => _root.Path;
    public string Results { get; }
    public string Static { get; }
    public string WakeSleep { get; }
    public string SynapticNoise { get; }
    /// <summary>configs/compare-baselines-small.yaml at N = 40: every model of MODEL.md section 9 beside two-factor z = 1, 2.</summary>
    public string Baselines { get; }

    public static string ReportFolder(string sweepFolder) => Path.Combine(sweepFolder, "report");

    public static CliResult Cli(string workingDirectory, params string[] args) =>
        CliProcess.Run(workingDirectory, Timeout, args);

    public void Report(string sweepFolder)
    {
        var (code, output, err) = Cli(Root, "report", sweepFolder);
        Assert.True(code == 0, $"report of {sweepFolder} exited {code}\n{output}\n{err}");
    }

    private string Run(string preset, params string[] overrides)
    {
        var (code, output, err) = Cli(Root, ["run", RepositoryFiles.Path("configs", preset), .. overrides, "--results", Results]);
        Assert.True(code == 0, $"run {preset} exited {code}\n{output}\n{err}");
        var line = output.Split('\n').First(l => l.StartsWith("results: ", StringComparison.Ordinal));
        return line["results: ".Length..].Trim();
    }

    public void Dispose() => _root.Dispose();

    /// <summary>Rows of a DuckDB query (an independent Parquet reader) over the committed parts of a sweep folder: PARTS in the SQL.</summary>
    public static List<object?[]> Query(string sweepFolder, string select) =>
        DuckDb.Query(select.Replace("PARTS", $"read_parquet('{DuckDb.PartsGlob(sweepFolder)}')"));
}

/// <summary>The CSV a report writes beside each figure (FigureCsv): panel, series, x, y, y_std, n.</summary>
public sealed record CsvPoint(string Panel, string Series, double X, double Y, double? YStd, int? N)
{
    public static List<CsvPoint> Read(string path)
    {
        var lines = File.ReadAllLines(path);
        Assert.Equal(FigureCsv.Header, lines[0]);
        return lines.Skip(1).Select(Parse).ToList();
    }

    private static CsvPoint Parse(string line)
    {
        var cells = new List<string>();
        var cell = new System.Text.StringBuilder();
        bool quoted = false;
        for (int k = 0; k < line.Length; k++)
        {
            char c = line[k];
            if (quoted && c == '"' && k + 1 < line.Length && line[k + 1] == '"') { cell.Append('"'); k++; }
            else if (c == '"') quoted = !quoted;
            else if (c == ',' && !quoted) { cells.Add(cell.ToString()); cell.Clear(); }
            else cell.Append(c);
        }
        cells.Add(cell.ToString());
        // FigureCsv writes a missing number (NaN) as an empty cell.
        static double D(string s) => s.Length == 0 ? double.NaN : double.Parse(s, System.Globalization.CultureInfo.InvariantCulture);
        return new CsvPoint(cells[0], cells[1], D(cells[2]), D(cells[3]), cells[4].Length == 0 ? null : D(cells[4]),
            cells[5].Length == 0 ? null : int.Parse(cells[5], System.Globalization.CultureInfo.InvariantCulture));
    }
}
