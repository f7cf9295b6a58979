using System.Text.RegularExpressions;

namespace TwoFactor.Cluster.Tests;

/// <summary>
/// The real CLI on failures users meet: every error is one line on stderr (no stack frames, no Akka log
/// lines on either stream); Akka's log, with the full exception, is in results/&lt;sweep_id&gt;/twofactor.log.
/// </summary>
public sealed partial class UserFacingErrorTests : IDisposable
{
    private readonly TempFolder _temp = new();

    public void Dispose() => _temp.Dispose();

    [GeneratedRegex(@"\[(ERROR|WARNING|INFO|DEBUG)\]|akka://")]
    private static partial Regex AkkaLogLine();

    /// <summary>Exactly one error line on stderr (CliResult.AssertOneErrorLine), and nothing Akka-like on either stream.</summary>
    private static string AssertOneLineError(CliResult result, int code)
    {
        var line = result.AssertOneErrorLine(code);
        Assert.DoesNotMatch(AkkaLogLine(), result.Out + result.Err);
        return line;
    }

    [Theory]
    [InlineData("status")]
    [InlineData("sweeps")]
    public void An_unreachable_or_malformed_journal_is_one_line(string verb)
    {
        int port = FreePort.Next();
        var unreachable = AssertOneLineError(CliProcess.Run(_temp.Path, TimeSpan.FromSeconds(60), verb, "--journal", $"Host=127.0.0.1;Port={port};Username=u;Database=d"), 2);
        Assert.Contains($"journal: cannot connect to PostgreSQL 127.0.0.1:{port}/d", unreachable);
        var malformed = AssertOneLineError(CliProcess.Run(_temp.Path, TimeSpan.FromSeconds(60), verb, "--journal", "Hots=x;;Port=1=2"), 2);
        Assert.Contains("connection string is malformed", malformed);
    }

    [Fact]
    public void A_journal_with_corrupt_pages_is_one_line_naming_repair_before_anything_starts()
    {
        var spec = TestSweeps.Write(_temp.Path, "corrupt", seeds: 6);
        var results = Path.Combine(_temp.Path, "results");
        var first = CliProcess.Run(_temp.Path, TimeSpan.FromSeconds(120), "run", spec, "--results", results, "--workers", "1");
        Assert.True(first.ExitCode == 0, first.Out + first.Err);
        Assert.DoesNotMatch(AkkaLogLine(), first.Out + first.Err);
        var directory = Directory.GetDirectories(results).Single();
        Assert.True(File.Exists(Path.Combine(directory, "twofactor.log")), "no log file in the results folder");

        // Every page after the header page overwritten: SQLite opens the file, then fails reading it.
        var journal = Path.Combine(directory, "journal.db");
        foreach (var extra in new[] { "-wal", "-shm" }) File.Delete(journal + extra);
        var bytes = File.ReadAllBytes(journal);
        for (int i = 4096; i < bytes.Length; i++) bytes[i] = (byte)(i * 7);
        File.WriteAllBytes(journal, bytes);

        var status = AssertOneLineError(CliProcess.Run(_temp.Path, TimeSpan.FromSeconds(60), "status", "--results", results), 2);
        Assert.Contains("is damaged", status);
        Assert.Contains(journal.Replace(_temp.Path + "/", ""), status.Replace(_temp.Path + "/", ""));

        // The run checks the journal (PRAGMA quick_check) before Akka starts: one line that names the way out
        // (JournalTarget.Check; ResultsFolderFaultTests runs the repair), exit 2, no actor system, no log written.
        var log = Path.Combine(directory, "twofactor.log");
        File.Delete(log);
        var rerun = CliProcess.Run(_temp.Path, TimeSpan.FromSeconds(60), "run", spec, "--results", results, "--workers", "1");
        var line = AssertOneLineError(rerun, 2);
        Assert.Contains("is damaged", line);
        Assert.Contains("twofactor repair", line);
        Assert.False(File.Exists(log), "a refused run started Akka (it wrote twofactor.log)");
    }

    [Fact]
    public void A_billion_laughs_sweep_is_refused_by_run_under_a_256_MiB_heap()
    {
        var bomb = new System.Text.StringBuilder("a0: &a0 [lol]\n");
        for (int level = 1; level <= 9; level++)
            bomb.Append($"a{level}: &a{level} [{string.Join(", ", Enumerable.Repeat($"*a{level - 1}", 10))}]\n");
        bomb.Append("base: *a9\n");
        var path = Path.Combine(_temp.Path, "bomb.yaml");
        File.WriteAllText(path, bomb.ToString());
        using var cli = CliProcess.Start(_temp.Path, new Dictionary<string, string> { ["DOTNET_GCHeapHardLimit"] = "0x10000000" },
            "run", path, "--results", Path.Combine(_temp.Path, "r"));
        // The heap limit is the check: expanding the aliases (10^9 scalars) would exhaust 256 MiB long before a refusal
        // (exit 134 or an OutOfMemoryException, not one error line). The timeout only keeps a hung run from hanging the test.
        var line = AssertOneLineError(cli.Finish(TimeSpan.FromSeconds(60)), 2);
        Assert.Contains("bomb.yaml:", line);
        Assert.Contains("aliases (*name) are expanded", line);
        Assert.False(Directory.Exists(Path.Combine(_temp.Path, "r")), "a results folder was created for a refused sweep");
    }

    [Fact]
    public void An_unwritable_log_file_is_one_warning_and_the_sweep_still_finishes()
    {
        if (!File.Exists("/dev/full")) return; // Linux: every write fails with "no space left on device"
        var spec = TestSweeps.Write(_temp.Path, "full-log", seeds: 2);
        var run = CliProcess.Run(_temp.Path, TimeSpan.FromSeconds(120), "run", spec, "--results", Path.Combine(_temp.Path, "r"), "--workers", "1", "--log-file", "/dev/full");
        Assert.True(run.ExitCode == 0, run.Out + run.Err);
        Assert.Contains("2/2 cells done", run.Out);
        Assert.Single(Regex.Matches(run.Err, "warning: cannot write the log file /dev/full"));
        Assert.DoesNotMatch(AkkaLogLine(), run.Out);
    }

    [Fact]
    public void Verbose_also_prints_the_log_on_stderr_and_the_level_is_checked()
    {
        var spec = TestSweeps.Write(_temp.Path, "verbose", seeds: 2);
        var results = Path.Combine(_temp.Path, "results");
        var run = CliProcess.Run(_temp.Path, TimeSpan.FromSeconds(120), "run", spec, "--results", results, "--workers", "1", "--verbose", "--log-level", "debug");
        Assert.True(run.ExitCode == 0, run.Out + run.Err);
        Assert.Contains(" DEBUG [", run.Err);
        Assert.DoesNotMatch(AkkaLogLine(), run.Out);
        var logged = File.ReadAllText(Path.Combine(Directory.GetDirectories(results).Single(), "twofactor.log"));
        Assert.Contains(" DEBUG [", logged);

        var bad = AssertOneLineError(CliProcess.Run(_temp.Path, TimeSpan.FromSeconds(30), "run", spec, "--log-level", "chatty"), 2);
        Assert.Contains("--log-level: 'chatty' is not one of OFF, ERROR, WARNING, INFO, DEBUG", bad);
    }
}
