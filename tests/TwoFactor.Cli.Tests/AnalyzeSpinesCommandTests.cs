using System.Text.Json;

namespace TwoFactor.Cli.Tests;

public class AnalyzeSpinesCommandTests
{
    private static string Kaufman()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var path = Path.Combine(dir.FullName, "data", "kaufman_2012.csv");
            if (File.Exists(path)) return path;
        }
        throw new FileNotFoundException("data/kaufman_2012.csv");
    }

    [Fact]
    public void A_ragged_file_is_rejected_with_its_row_and_exit_code_2()
    {
        var path = Path.Combine(Path.GetTempPath(), $"ragged-{Guid.NewGuid():N}.csv");
        File.WriteAllText(path, "1,2,3\n1,2\n");
        try
        {
            var outcome = CliProcess.Run("analyze-spines", path);
            Assert.Equal(2, outcome.ExitCode);
            Assert.Contains("row 2", outcome.StdErr);
            Assert.DoesNotContain("   at ", outcome.StdErr);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void Json_report_on_the_Kaufman_data_has_the_published_q_min_within_its_spread()
    {
        var outcome = CliProcess.Run("analyze-spines", Kaufman(), "--bootstrap", "200", "--model-bootstrap", "10", "--synapses", "100", "--json");
        Assert.True(outcome.ExitCode == 0, outcome.StdErr);
        using var json = JsonDocument.Parse(outcome.StdOut);
        var root = json.RootElement;
        foreach (var key in new[] { "q_min", "q_min_std", "exponent_growth", "exponent_shrink", "q", "cv" })
            Assert.True(root.TryGetProperty(key, out _), $"missing key {key}: {outcome.StdOut[..Math.Min(400, outcome.StdOut.Length)]}");
        Assert.InRange(root.GetProperty("q_min").GetDouble(), 1.085 - 0.5, 1.085 + 0.5);
        Assert.Equal(44, root.GetProperty("cv").GetArrayLength());
        Assert.InRange(root.GetProperty("exponent_growth").GetDouble(), 0, 1); // sublinear in the data
    }
}
