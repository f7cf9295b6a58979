using System.Text.Json;

namespace TwoFactor.Cli.Tests;

public class PlanCommandTests
{
    [Fact]
    public void Plan_of_the_paper_grid_lists_32_cells_with_linked_per_z_values()
    {
        var outcome = CliProcess.Run("plan", RepositoryFiles.Path("configs", "fig2-f50.yaml"), "--json");
        Assert.True(outcome.ExitCode == 0, outcome.Err);
        using var json = JsonDocument.Parse(outcome.Out);
        Assert.Equal(32, json.RootElement.GetProperty("cell_count").GetInt32());
        Assert.Contains("0.007", outcome.Out);
    }

    [Fact]
    public void Overrides_change_the_grid()
    {
        var outcome = CliProcess.Run("plan", RepositoryFiles.Path("configs", "fig2-f50.yaml"), "base.N=200", "axes.z=[1,2]", "--json");
        Assert.True(outcome.ExitCode == 0, outcome.Err);
        using var json = JsonDocument.Parse(outcome.Out);
        Assert.Equal(16, json.RootElement.GetProperty("cell_count").GetInt32());
    }

    [Fact]
    public void A_broken_sweep_gets_every_error_with_its_line_and_exit_code_2()
    {
        using var temp = new TempFolder();
        var path = temp.File("broken.yaml", "name: broken\nbase:\n  N: 100\n  bta: 3\n  f: 1.5\naxes:\n  z: []\n");
        var outcome = CliProcess.Run("plan", path);
        Assert.Equal(2, outcome.ExitCode);
        Assert.Contains(":4: base.bta", outcome.Err);
        Assert.Contains("did you mean", outcome.Err);
        Assert.Contains(":5: base.f", outcome.Err);
        Assert.Contains("axes.z", outcome.Err);
        Assert.DoesNotContain("   at ", outcome.Err);
    }
}
