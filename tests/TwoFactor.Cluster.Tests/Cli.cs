using System.Diagnostics;
using System.Text;

namespace TwoFactor.Cluster.Tests;

/// <summary>The built CLI (twofactor.dll, copied next to the tests) as a child process.</summary>
public sealed class Cli : IDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _out = new();
    private readonly StringBuilder _err = new();

    private Cli(IEnumerable<string> args, string workingDirectory, IReadOnlyDictionary<string, string>? env)
        : this("dotnet", [Path.Combine(AppContext.BaseDirectory, "twofactor.dll"), .. args], workingDirectory, env)
    {
    }

    private Cli(string program, IEnumerable<string> args, string workingDirectory, IReadOnlyDictionary<string, string>? env)
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

    public static Cli Start(string workingDirectory, params string[] args) => new(args, workingDirectory, null);

    public static Cli Start(string workingDirectory, IReadOnlyDictionary<string, string> env, params string[] args) => new(args, workingDirectory, env);

    /// <summary>Any program (the published bundle's executable, `ip netns exec ...`, a shell script) with captured output.</summary>
    public static Cli StartProgram(string workingDirectory, IReadOnlyDictionary<string, string>? env, string program, params string[] args) =>
        new(program, args, workingDirectory, env);

    /// <summary>Runs to the end (or fails the test after the timeout) and returns exit code and output.</summary>
    public static (int Code, string Out, string Err) Run(string workingDirectory, TimeSpan timeout, params string[] args)
    {
        using var cli = Start(workingDirectory, args);
        Assert.True(cli.WaitForExit(timeout), $"twofactor {string.Join(' ', args)} did not finish within {timeout}\n{cli.Out}\n{cli.Err}");
        return (cli.ExitCode, cli.Out, cli.Err);
    }

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

    /// <summary>SIGKILL: no shutdown hooks, no flushing: the hardest crash a process can have.</summary>
    public void KillHard()
    {
        if (!_process.HasExited) _process.Kill(entireProcessTree: true);
        _process.WaitForExit();
    }

    public static void WaitUntil(Func<bool> condition, TimeSpan timeout, string what)
    {
        var clock = Stopwatch.StartNew();
        while (!condition())
        {
            if (clock.Elapsed > timeout) Assert.Fail($"timed out after {timeout} waiting for {what}");
            Thread.Sleep(100);
        }
    }

    public void Dispose()
    {
        if (!_process.HasExited) KillHard();
        _process.Dispose();
    }
}
