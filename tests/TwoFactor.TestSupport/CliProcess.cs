using System.Diagnostics;
using System.Text;

namespace TwoFactor.TestSupport;

/// <summary>
/// The built CLI (twofactor.dll, copied next to the tests by the project reference to TwoFactor.Cli) run as a child
/// process, as a user would run it, with stdout and stderr captured; or any other program the same way.
/// </summary>
public sealed class CliProcess : IDisposable
{
    /// <summary>How long <see cref="Run(string[])"/> waits: only there so a hung CLI fails the test instead of hanging it.</summary>
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromMinutes(3);

    private readonly Process _process;
    private readonly StringBuilder _out = new();
    private readonly StringBuilder _err = new();

    private CliProcess(string program, IEnumerable<string> args, string workingDirectory, IReadOnlyDictionary<string, string>? env)
    {
        var start = new ProcessStartInfo(program)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var a in args) start.ArgumentList.Add(a);
        if (env is not null) foreach (var (k, v) in env) start.Environment[k] = v;
        _process = new Process { StartInfo = start };
        _process.OutputDataReceived += (_, e) => { if (e.Data is not null) lock (_out) _out.AppendLine(e.Data); };
        _process.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (_err) _err.AppendLine(e.Data); };
        _process.Start();
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    /// <summary>The CLI the tests run, for a test that must wrap it in another program (unshare, a shell).</summary>
    public static string Dll => Path.Combine(AppContext.BaseDirectory, "twofactor.dll");

    public static CliProcess Start(string workingDirectory, params string[] args) => Start(workingDirectory, null, args);

    public static CliProcess Start(string workingDirectory, IReadOnlyDictionary<string, string>? env, params string[] args) =>
        new("dotnet", [Dll, .. args], workingDirectory, env);

    /// <summary>Any program (the published bundle's executable, `ip netns exec ...`, a shell script) with captured output.</summary>
    public static CliProcess StartProgram(string workingDirectory, IReadOnlyDictionary<string, string>? env, string program, params string[] args) =>
        new(program, args, workingDirectory, env);

    /// <summary>`twofactor ARGS` in <paramref name="workingDirectory"/>, run to the end (the test fails after the timeout).</summary>
    public static CliResult Run(string workingDirectory, TimeSpan timeout, params string[] args)
    {
        using var cli = Start(workingDirectory, args);
        return cli.Finish(timeout);
    }

    /// <summary>`twofactor ARGS` in the test's output folder, for verbs that write nothing (parse, plan, simulate).</summary>
    public static CliResult Run(params string[] args) => Run(AppContext.BaseDirectory, DefaultTimeout, args);

    public string Out { get { lock (_out) return _out.ToString(); } }
    public string Err { get { lock (_err) return _err.ToString(); } }
    public bool HasExited => _process.HasExited;
    public int ExitCode => _process.ExitCode;
    public int Id => _process.Id;

    public bool WaitForExit(TimeSpan timeout)
    {
        if (!_process.WaitForExit(timeout)) return false;
        _process.WaitForExit(); // drain the output readers
        return true;
    }

    /// <summary>Waits for the exit (failing the test, with the output so far, after the timeout) and returns the result.</summary>
    public CliResult Finish(TimeSpan timeout)
    {
        Assert.True(WaitForExit(timeout), $"{_process.StartInfo.FileName} {string.Join(' ', _process.StartInfo.ArgumentList)} did not finish within {timeout}\n{Out}\n{Err}");
        return new CliResult(ExitCode, Out, Err);
    }

    /// <summary>SIGKILL: no shutdown hooks, no flushing: the hardest crash a process can have.</summary>
    public void KillHard()
    {
        if (!_process.HasExited) _process.Kill(entireProcessTree: true);
        _process.WaitForExit();
    }

    public void Dispose()
    {
        if (!_process.HasExited) KillHard();
        _process.Dispose();
    }
}
