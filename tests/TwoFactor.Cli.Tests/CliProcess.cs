using System.Diagnostics;

namespace TwoFactor.Cli.Tests;

/// <summary>Runs the built `twofactor` CLI as a child process, as a user would.</summary>
internal static class CliProcess
{
    public sealed record Outcome(int ExitCode, string StdOut, string StdErr);

    public static Outcome Run(params string[] args)
    {
        var info = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        info.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "twofactor.dll"));
        foreach (var a in args) info.ArgumentList.Add(a);
        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromMinutes(3)))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"twofactor {string.Join(' ', args)} did not finish");
        }
        return new Outcome(process.ExitCode, stdout.Result, stderr.Result);
    }
}
