using Xunit.Abstractions;

namespace TwoFactor.Cluster.Tests.Deploy;

/// <summary>
/// No Docker engine runs here, so the container image is checked through its file layout: deploy/Dockerfile
/// copies the self-contained bundle (the same publish command) to /app and works in /work; that layout runs a
/// cell of each protocol, the synaptic-noise one reading data/kaufman_2012.csv from the bundle.
/// </summary>
[Collection(DeployCollection.Name)]
public sealed class ImageLayoutTests(PublishedBundle bundle, ITestOutputHelper output) : IDisposable
{
    private readonly TempFolder _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public void The_image_layout_runs_a_cell_of_each_protocol()
    {
        // The image is the bundle in /app with /work (configs -> /app/configs) as working folder (deploy/Dockerfile).
        var dockerfile = File.ReadAllText(Path.Combine(RepositoryFiles.Root, "deploy", "Dockerfile"));
        Assert.Contains($"RUN dotnet {string.Join(' ', PublishedBundle.PublishArguments("/app")).Replace(PublishedBundle.Rid, "$RID").Replace("-o /app", "--no-restore -o /app")}", dockerfile);
        Assert.Contains("USER app", dockerfile);
        Assert.Contains("ln -s /app/configs /work/configs", dockerfile);
        Assert.True(File.Exists(Path.Combine(bundle.Folder, "data", "kaufman_2012.csv")), "the bundle lacks data/kaufman_2012.csv");
        Assert.True(File.Exists(Path.Combine(bundle.Folder, "configs", "quickstart.yaml")), "the bundle lacks configs/");
        output.WriteLine($"bundle published in {bundle.PublishTime.TotalSeconds:F0} s (0 when an earlier test of this run published it)");

        var work = Path.Combine(_temp.Path, "work");
        Directory.CreateDirectory(work);
        File.CreateSymbolicLink(Path.Combine(work, "configs"), Path.Combine(bundle.Folder, "configs"));
        var specs = new Dictionary<string, string>
        {
            ["static"] = "name: image-static\nbase: {N: 20, max_epochs: 50, tests: none, trajectory_interval: 0}\n",
            ["wake-sleep"] = "name: image-wake-sleep\nprotocol: wake-sleep\nbase: {N: 40, f: 0.1, alpha: 0.2, wake_epochs: 2, sleep_epochs: 20, record_interval: 10, recall_levels: 2, n_tests: 1}\n",
            // data_file keeps its default, data/kaufman_2012.csv: found next to the executable, not in /work.
            ["synaptic-noise"] = "name: image-syn-noise\nprotocol: synaptic-noise\nbase: {model: z-factor, z: 2, synapses: 50, bootstrap: 5}\n",
        };
        foreach (var (protocol, yaml) in specs)
        {
            File.WriteAllText(Path.Combine(work, $"{protocol}.yaml"), yaml);
            using var run = CliProcess.StartProgram(work, null, bundle.Executable, "run", $"{protocol}.yaml", "--results", Path.Combine(work, "results"), "--workers", "1");
            Assert.True(run.WaitForExit(TimeSpan.FromMinutes(2)), $"{protocol}: no exit within 2 minutes\n{run.Out}\n{run.Err}");
            Assert.True(run.ExitCode == 0, $"{protocol}: exit {run.ExitCode}\n{run.Out}\n{run.Err}");
            var sweepId = SweepCli.SweepIdIn(run.Out)!;
            var (rows, distinct, failed) = TestSweeps.Dataset(Path.Combine(work, "results", sweepId));
            Assert.True((rows, distinct, failed) == (1, 1, 0), $"{protocol}: rows {rows}, distinct {distinct}, failed {failed}\n{run.Out}\n{run.Err}");
        }
    }
}
