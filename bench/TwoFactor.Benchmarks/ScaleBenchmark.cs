using System.Diagnostics;
using System.Globalization;

namespace TwoFactor.Benchmarks;

/// <summary>
/// End-to-end scale of `twofactor run` (issue 15): sweeps of tiny cells (N = 12, 50 epochs, no recall tests),
/// each run as a separate `twofactor` process the way a user runs it, so that start-up, planning, leasing,
/// Parquet parts and the journal all count. Prints cells/s over the whole command and the process's peak
/// resident memory (VmHWM, sampled from /proc while it runs). A benchmark, not a test: figures depend on the
/// machine's load, which is printed with them.
/// </summary>
public static class ScaleBenchmark
{
    public static readonly int[] DefaultSizes = [10_000, 100_000, 1_000_000];

    public static int Run(IReadOnlyList<int> sizes, string? twofactor)
    {
        string cli = twofactor ?? DefaultCli();
        if (!File.Exists(cli))
        {
            Console.Error.WriteLine($"--scale: {cli} not found; build it first (dotnet build src/TwoFactor.Cli -c Release) or pass --twofactor PATH");
            return 2;
        }
        Console.WriteLine($"twofactor: {cli}");
        Console.WriteLine($"machine: {Environment.ProcessorCount} cores; `twofactor run` with its defaults (one slot per core)");
        Console.WriteLine();
        Console.WriteLine("| cells | wall s | cells/s | peak resident MB | CPU s (user+sys) | load before | load after |");
        Console.WriteLine("|---|---|---|---|---|---|---|");
        int failures = 0;
        foreach (int cells in sizes)
        {
            var folder = Directory.CreateTempSubdirectory("twofactor-scale-").FullName;
            try
            {
                var row = RunOne(cli, folder, cells);
                if (row is null) failures++;
                else Console.WriteLine(row);
            }
            finally
            {
                try { Directory.Delete(folder, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
            }
        }
        return failures;
    }

    private static string? RunOne(string cli, string folder, int cells)
    {
        string spec = Path.Combine(folder, "scale.yaml");
        File.WriteAllText(spec, $"""
            name: scale-{cells}
            base: {"{"}N: 12, max_epochs: 50, tests: none, trajectory_interval: 0{"}"}
            axes:
            {Axes(cells)}
            """);
        string loadBefore = Load.Average();
        var start = new ProcessStartInfo(cli)
        {
            ArgumentList = { "run", spec, "--results", Path.Combine(folder, "results"), "--progress-interval", "3600" },
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        var clock = Stopwatch.StartNew();
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        long peakKb = 0;
        double cpuSeconds = 0;
        // VmHWM is the kernel's own high-water mark, so sampling it late loses nothing but the last interval.
        while (!process.WaitForExit(200))
        {
            peakKb = Math.Max(peakKb, StatusKb(process.Id, "VmHWM:"));
            cpuSeconds = Math.Max(cpuSeconds, CpuSeconds(process.Id));
        }
        double wall = clock.Elapsed.TotalSeconds;
        if (process.ExitCode != 0)
        {
            Console.Error.WriteLine($"{cells} cells: twofactor run exited with {process.ExitCode}:\n{output.Result}\n{errors.Result}");
            return null;
        }
        return string.Create(CultureInfo.InvariantCulture,
            $"| {cells:N0} | {wall:F1} | {cells / wall:F0} | {peakKb / 1024.0:F0} | {cpuSeconds:F1} | {loadBefore} | {Load.Average()} |");
    }

    /// <summary>
    /// `seeds: cells`, or beyond the longest axis (a million values) `seeds` times a `u0` axis of initial factor
    /// scales around the paper's 0.1 (the same work per cell: u0 only sets where training starts).
    /// </summary>
    private static string Axes(int cells)
    {
        const int maxSeeds = 1_000_000;
        if (cells <= maxSeeds) return $"  seeds: {cells}";
        if (cells % maxSeeds != 0) throw new ArgumentException($"--scale: {cells} cells: above {maxSeeds:N0}, give a multiple of it");
        var scales = Enumerable.Range(0, cells / maxSeeds).Select(k => ((75 + 5 * k) / 1000.0).ToString(CultureInfo.InvariantCulture));
        return $"  u0: [{string.Join(", ", scales)}]\n  seeds: {maxSeeds}";
    }

    /// <summary>A "Key:  value kB" line of /proc/PID/status; 0 once the process is gone.</summary>
    private static long StatusKb(int pid, string key)
    {
        try
        {
            var line = File.ReadLines($"/proc/{pid}/status").FirstOrDefault(l => l.StartsWith(key, StringComparison.Ordinal));
            return line is null ? 0 : long.Parse(line[key.Length..].Trim().Split(' ')[0], CultureInfo.InvariantCulture);
        }
        catch (IOException) { return 0; }
        catch (UnauthorizedAccessException) { return 0; }
    }

    /// <summary>utime + stime of /proc/PID/stat (fields 14 and 15, in clock ticks of 1/100 s on Linux).</summary>
    private static double CpuSeconds(int pid)
    {
        try
        {
            string stat = File.ReadAllText($"/proc/{pid}/stat");
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            return (long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture)) / 100.0;
        }
        catch (IOException) { return 0; }
        catch (UnauthorizedAccessException) { return 0; }
    }

    /// <summary>The Release build of the CLI in this checkout (found by walking up to the folder that holds src/).</summary>
    private static string DefaultCli()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (Directory.Exists(Path.Combine(dir.FullName, "src", "TwoFactor.Cli")))
                return Path.Combine(dir.FullName, "src", "TwoFactor.Cli", "bin", "Release", "net10.0", "twofactor");
        }
        return "twofactor";
    }
}
