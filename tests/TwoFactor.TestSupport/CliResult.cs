namespace TwoFactor.TestSupport;

/// <summary>What a finished process left: exit code and everything it wrote on stdout and stderr.</summary>
public sealed record CliResult(int ExitCode, string Out, string Err)
{
    /// <summary>
    /// The CLI's contract for bad input and failures users meet (README "CLI conventions"): the expected exit code and
    /// exactly one line on stderr, starting "error: ", and no stack frame on either stream. Returns that line.
    /// </summary>
    public string AssertOneErrorLine(int exitCode = 2)
    {
        Assert.True(ExitCode == exitCode, $"exit {ExitCode}, expected {exitCode}\n{Out}\n{Err}");
        var lines = Err.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.True(lines.Length == 1, $"expected one line on stderr:\n{Err}");
        Assert.StartsWith("error: ", lines[0]);
        Assert.DoesNotContain("   at ", Out + Err);
        return lines[0];
    }
}
