using System.Diagnostics;

namespace TwoFactor.Cluster.Tests.Deploy;

/// <summary>
/// The self-contained bundle of docs/deploy.md (`dotnet publish src/TwoFactor.Cli -c Release -r linux-x64
/// --self-contained -o FOLDER`: runtime, data/ and configs/ in one folder), published once per test run into the
/// test output and shared by the deploy tests: the SLURM recipe, the namespace hosts and the image layout all
/// run this executable, never `dotnet run` or the test build's twofactor.dll.
/// </summary>
public sealed class PublishedBundle
{
    public const string Rid = "linux-x64";

    public PublishedBundle()
    {
        Folder = Path.Combine(AppContext.BaseDirectory, "bundle", Rid);
        var clock = Stopwatch.StartNew();
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = RepositoryFiles.Root,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var a in PublishArguments(Folder)) start.ArgumentList.Add(a);
        // The test host's MSBuild variables would point the child build at the test run's SDK state.
        foreach (var name in start.Environment.Keys.Where(k => k.StartsWith("MSBuild", StringComparison.OrdinalIgnoreCase)).ToList())
            start.Environment.Remove(name);
        using var publish = Process.Start(start)!;
        var stdout = publish.StandardOutput.ReadToEndAsync();
        var stderr = publish.StandardError.ReadToEndAsync();
        if (!publish.WaitForExit(TimeSpan.FromMinutes(5)))
        {
            publish.Kill(entireProcessTree: true);
            throw new TimeoutException("dotnet publish of the bundle did not finish within 5 minutes");
        }
        if (publish.ExitCode != 0 || !File.Exists(Executable))
            throw new InvalidOperationException($"dotnet publish failed ({publish.ExitCode}):\n{stdout.Result}\n{stderr.Result}");
        PublishTime = clock.Elapsed;
    }

    /// <summary>The command of docs/deploy.md (and deploy/Dockerfile), with the output folder.</summary>
    public static IReadOnlyList<string> PublishArguments(string folder) =>
        ["publish", "src/TwoFactor.Cli", "-c", "Release", "-r", Rid, "--self-contained", "-o", folder];

    public string Folder { get; }
    public string Executable => Path.Combine(Folder, "twofactor");
    public TimeSpan PublishTime { get; }

    /// <summary>Cells the journal counts as done, read by the bundle's `twofactor status` (-1 while it cannot tell yet).</summary>
    public int DoneInJournal(string resultsRoot, string sweepId)
    {
        using var status = CliProcess.StartProgram(Path.GetTempPath(), null, Executable, "status", sweepId, "--results", resultsRoot);
        if (!status.WaitForExit(TimeSpan.FromSeconds(30))) return -1;
        return status.ExitCode == 0 && SweepCli.DoneInStatus(status.Out) is { } done ? done.Done : -1;
    }

}

/// <summary>The deploy tests share one published bundle and run one after another (they time real clusters).</summary>
[CollectionDefinition(Name)]
public sealed class DeployCollection : ICollectionFixture<PublishedBundle>
{
    public const string Name = "deploy";
}
