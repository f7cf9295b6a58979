using System.Text.Json;

namespace TwoFactor.Cli.Tests;

public class PlanCommandTests
{
    private static string Config(string name)
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var path = Path.Combine(dir.FullName, "configs", name);
            if (File.Exists(path)) return path;
        }
        throw new FileNotFoundException(name);
    }

    [Fact]
    public void Plan_of_the_paper_grid_lists_32_cells_with_linked_per_z_values()
    {
        var outcome = CliProcess.Run("plan", Config("fig2-f50.yaml"), "--json");
        Assert.True(outcome.ExitCode == 0, outcome.StdErr);
        using var json = JsonDocument.Parse(outcome.StdOut);
        Assert.Equal(32, json.RootElement.GetProperty("cell_count").GetInt32());
        Assert.Contains("0.007", outcome.StdOut);
    }

    [Fact]
    public void Overrides_change_the_grid()
    {
        var outcome = CliProcess.Run("plan", Config("fig2-f50.yaml"), "base.N=200", "axes.z=[1,2]", "--json");
        Assert.True(outcome.ExitCode == 0, outcome.StdErr);
        using var json = JsonDocument.Parse(outcome.StdOut);
        Assert.Equal(16, json.RootElement.GetProperty("cell_count").GetInt32());
    }

    [Fact]
    public void A_broken_sweep_gets_every_error_with_its_line_and_exit_code_2()
    {
        var path = Path.Combine(Path.GetTempPath(), $"broken-{Guid.NewGuid():N}.yaml");
        File.WriteAllText(path, "name: broken\nbase:\n  N: 100\n  bta: 3\n  f: 1.5\naxes:\n  z: []\n");
        try
        {
            var outcome = CliProcess.Run("plan", path);
            Assert.Equal(2, outcome.ExitCode);
            Assert.Contains(":4: base.bta", outcome.StdErr);
            Assert.Contains("did you mean", outcome.StdErr);
            Assert.Contains(":5: base.f", outcome.StdErr);
            Assert.Contains("axes.z", outcome.StdErr);
            Assert.DoesNotContain("   at ", outcome.StdErr);
        }
        finally
        {
            File.Delete(path);
        }
    }
}
