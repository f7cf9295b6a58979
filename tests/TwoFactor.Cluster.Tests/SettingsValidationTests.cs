using Akka.Configuration;
using TwoFactor.Cluster.Actors;
using TwoFactor.Cluster.Hosting;
using TwoFactor.Cluster.Logging;

namespace TwoFactor.Cluster.Tests;

/// <summary>
/// Settings objects refuse a bad value when it is set, by construction or by `with`, with a message that names the
/// setting (as Akka's own settings classes do); and the Akka config built from them keeps every value as given.
/// </summary>
public sealed class SettingsValidationTests
{
    private static readonly CoordinatorSettings Coordinator = new() { ResultsRoot = "results" };

    public static TheoryData<string, Func<object>> BadSettings => new()
    {
        { "results root", () => new CoordinatorSettings { ResultsRoot = " " } },
        { "lease duration", () => Coordinator with { LeaseDuration = TimeSpan.Zero } },
        { "max lease losses", () => Coordinator with { MaxLeaseLosses = -1 } },
        { "snapshot every", () => Coordinator with { SnapshotEvery = 0 } },
        { "part rows", () => Coordinator with { PartRows = 0 } },
        { "part flush interval", () => Coordinator with { PartFlushInterval = TimeSpan.FromSeconds(-1) } },
        { "tick interval", () => Coordinator with { TickInterval = TimeSpan.Zero } },
        { "journal outage limit", () => Coordinator with { JournalOutageLimit = TimeSpan.Zero } },
        { "engine: unknown engine 'gpu'", () => new SlotSettings("gpu") },
        { "engine: unknown engine 'gpu'", () => new SlotSettings() with { Engine = "gpu" } },
        { "threads", () => new SlotSettings("reference", -1) },
        { "slot poll interval", () => new SlotSettings(PollInterval: TimeSpan.Zero) },
        { "slot progress interval", () => new SlotSettings() with { ProgressInterval = TimeSpan.Zero } },
        { "--log-level: 'chatty' is not one of OFF, ERROR, WARNING, INFO, DEBUG", () => new LogSettings(Level: "chatty") },
        { "--log-level: 'loud'", () => new LogSettings() with { Level = "loud" } },
        { "--port: 70000 is not a TCP port", () => new ClusterOptions("127.0.0.1", 70000, []) },
        { "--port: -1 is not a TCP port", () => new ClusterOptions("127.0.0.1", 0, []) with { Port = -1 } },
        { "--hostname: must not be empty", () => new ClusterOptions("", 0, []) },
        { "--public-hostname: must not be empty", () => new ClusterOptions("127.0.0.1", 0, []) { PublicHostname = " " } },
        { "--seed-nodes: 'no-port-here' is not host:port", () => new ClusterOptions("127.0.0.1", 0, ["10.0.0.1:4053", "no-port-here"]) },
        { "--join-timeout: must be positive", () => new ClusterOptions("127.0.0.1", 0, []) { JoinTimeout = TimeSpan.Zero } },
        { "--results: must not be empty", () => new SweepHostOptions("", 1, new SlotSettings()) },
        { "--workers: must be >= 0", () => new SweepHostOptions("results", -2, new SlotSettings()) },
    };

    [Theory]
    [MemberData(nameof(BadSettings))]
    public void A_bad_value_throws_an_ArgumentException_naming_the_setting(string expected, Func<object> build)
    {
        var error = Assert.Throws<ArgumentException>(build);
        Assert.Contains(expected, error.Message);
        Assert.DoesNotContain("(Parameter", error.Message); // the message is what a user reads: no C# parameter names
    }

    [Fact]
    public void Good_values_are_kept_and_a_level_in_any_case_is_normalized()
    {
        var slot = new SlotSettings("simd", 0, TimeSpan.FromMilliseconds(50));
        Assert.Equal(("simd", 0, TimeSpan.FromMilliseconds(50)), (slot.Engine, slot.Threads, slot.Poll));
        Assert.Equal("DEBUG", new LogSettings(Level: "debug").Level);
        var node = new ClusterOptions("10.0.0.5", 4053, ["akka.tcp://twofactor@10.0.0.1:4053", "10.0.0.2:4053"]);
        Assert.Equal(2, node.SeedNodes.Count);
        Assert.Equal(5, (Coordinator with { MaxLeaseLosses = 5 }).MaxLeaseLosses);
    }

    [Fact]
    public void A_bad_journal_outage_variable_is_an_error_of_the_run_not_silently_the_default()
    {
        using var temp = new TempFolder();
        var spec = TestSweeps.Write(temp.Path, "outage", seeds: 1);
        var env = new Dictionary<string, string> { [CoordinatorSettings.JournalOutageVariable] = "soon" };
        using var run = CliProcess.Start(temp.Path, env, "run", spec, "--results", Path.Combine(temp.Path, "results"), "--workers", "1");
        Assert.True(run.WaitForExit(TimeSpan.FromSeconds(60)), run.Out + run.Err);
        Assert.Equal(2, run.ExitCode);
        Assert.Contains("TWOFACTOR_JOURNAL_OUTAGE: 'soon' is not a positive number of seconds", run.Err);
    }

    // Values a user controls (paths, host names) with every character HOCON gives a meaning to.
    [Theory]
    [InlineData("/tmp/plain/twofactor.log")]
    [InlineData("/tmp/with \"quotes\" and \\backslashes\\/x.log")]
    [InlineData("/tmp/${akka.loglevel}/braces{}[]#comment//x.log")]
    [InlineData("/tmp/new\nline\ttab\u0001/x.log")]
    public void Values_reach_the_Akka_config_unchanged(string value)
    {
        Assert.Equal(value, AkkaConfig.Value("a.b-c", value).GetString("a.b-c"));
        Assert.Equal(value, new LogSettings(value).ToConfig().GetString("twofactor.log.file"));
        var node = ClusterNode.Transport(new ClusterOptions("127.0.0.1", 0, []) { PublicHostname = value }, ["coordinator", value]);
        Assert.Equal(value, node.GetString("akka.remote.dot-netty.tcp.public-hostname"));
        Assert.Equal(new[] { "coordinator", value }, node.GetStringList("akka.cluster.roles"));
        var journal = new JournalTarget.Sqlite(value + ".db").ToConfig().GetString("akka.persistence.journal.sql.connection-string");
        Assert.Equal(Path.GetFullPath(value + ".db"), new Microsoft.Data.Sqlite.SqliteConnectionStringBuilder(journal).DataSource);
    }

    [Fact]
    public void The_first_layer_of_the_stack_wins_and_later_ones_fill_the_rest()
    {
        var config = ActorSystemBootstrap.Config(new LogSettings(Level: "ERROR", Verbose: true), ActorSystemBootstrap.LocalTransport, null);
        Assert.Equal("ERROR", config.GetString("akka.loglevel"));
        Assert.Equal("local", config.GetString("akka.actor.provider"));
        Assert.True(config.HasPath("akka.actor.serializers"), "base.conf is not in the stack");
        Assert.Equal("on", AkkaConfig.Stack(ConfigurationFactory.ParseString("x = on"), ConfigurationFactory.ParseString("x = off")).GetString("x"));
    }
}
