using System.Text.Json;

namespace TwoFactor.Cli.Tests;

public class AnalyzeSpinesCommandTests
{
    [Fact]
    public void A_ragged_file_is_rejected_with_its_row_and_exit_code_2()
    {
        using var temp = new TempFolder();
        var path = temp.File("ragged.csv", "1,2,3\n1,2\n");
        var outcome = CliProcess.Run("analyze-spines", path);
        Assert.Equal(2, outcome.ExitCode);
        Assert.Contains("row 2", outcome.Err);
        Assert.DoesNotContain("   at ", outcome.Err);
    }

    [Fact]
    public void Json_report_on_the_Kaufman_data_has_the_published_q_min_within_its_spread()
    {
        var outcome = CliProcess.Run("analyze-spines", RepositoryFiles.Path("data", "kaufman_2012.csv"), "--bootstrap", "200", "--model-bootstrap", "10", "--synapses", "100", "--json");
        Assert.True(outcome.ExitCode == 0, outcome.Err);
        using var json = JsonDocument.Parse(outcome.Out);
        var root = json.RootElement;
        foreach (var key in new[] { "q_min", "q_min_std", "exponent_growth", "exponent_shrink", "q", "cv" })
            Assert.True(root.TryGetProperty(key, out _), $"missing key {key}: {outcome.Out[..Math.Min(400, outcome.Out.Length)]}");
        Assert.InRange(root.GetProperty("q_min").GetDouble(), 1.085 - 0.5, 1.085 + 0.5);
        Assert.Equal(44, root.GetProperty("cv").GetArrayLength());
        Assert.InRange(root.GetProperty("exponent_growth").GetDouble(), 0, 1); // sublinear in the data
    }
}
