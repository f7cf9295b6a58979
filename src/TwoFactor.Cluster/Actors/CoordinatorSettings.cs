using System.Globalization;

namespace TwoFactor.Cluster.Actors;

/// <summary>
/// Tunables of a sweep coordinator; the defaults suit both a laptop and a cluster. Every value is checked when it
/// is set (construction and `with`), as Akka's own settings classes do: a bad one throws an
/// <see cref="ArgumentException"/> naming the setting, before any actor starts.
/// </summary>
public sealed record CoordinatorSettings
{
    /// <summary>Env variable that overrides the default <see cref="JournalOutageLimit"/> (seconds).</summary>
    public const string JournalOutageVariable = "TWOFACTOR_JOURNAL_OUTAGE";

    /// <summary>Results root; the sweep writes into &lt;root&gt;/&lt;sweep_id&gt;/.</summary>
    public required string ResultsRoot
    {
        get;
        init => field = string.IsNullOrWhiteSpace(value) ? throw new ArgumentException("results root: must not be empty") : value;
    }

    /// <summary>How long a lease lives without a heartbeat (slots renew every third of it).</summary>
    public TimeSpan LeaseDuration { get; init => field = Positive(value, "lease duration"); } = TimeSpan.FromSeconds(60);

    /// <summary>Leases a unit may lose before its cells are recorded as failed (the "retried 2 times").</summary>
    public int MaxLeaseLosses
    {
        get;
        init => field = value >= 0 ? value : throw new ArgumentException($"max lease losses: must be >= 0 (got {value})");
    } = 2;

    /// <summary>A snapshot of the durable state at most every this many journal events (and once the recorded cells doubled: <see cref="Progress.SnapshotSchedule"/>).</summary>
    public int SnapshotEvery { get; init => field = Positive(value, "snapshot every"); } = 100;

    /// <summary>Rows per Parquet part before the sink commits it.</summary>
    public int PartRows { get; init => field = Positive(value, "part rows"); } = 128;

    /// <summary>Longest time a row waits in the sink's buffer before its part is committed.</summary>
    public TimeSpan PartFlushInterval { get; init => field = Positive(value, "part flush interval"); } = TimeSpan.FromSeconds(1);

    /// <summary>How often expired leases are looked for.</summary>
    public TimeSpan TickInterval { get; init => field = Positive(value, "tick interval"); } = TimeSpan.FromSeconds(1);

    /// <summary>Work protocol version this coordinator speaks (tests set another to check that workers are refused).</summary>
    public int ProtocolVersion { get; init; } = Messages.WorkProtocol.Version;

    /// <summary>Called (in-process only) when the coordinator cannot recover or persist; lets a CLI fail fast with the reason.</summary>
    public Action<string>? OnFatal { get; init; }

    /// <summary>Called (in-process only) with one-line notices the user should see (a damaged part recomputed, the journal back).</summary>
    public Action<string>? OnNotice { get; init; }

    /// <summary>`run --retry-failed`: on start, failed cells are computed again and their old rows replaced.</summary>
    public bool RetryFailed { get; init; }

    /// <summary>
    /// How long the journal may stay unreachable (database restarting, connection lost) while the coordinator
    /// restarts with backoff and recovers from it; past this, it stops with one line and a rerun resumes.
    /// Env TWOFACTOR_JOURNAL_OUTAGE (seconds) overrides the 60 s default; a value there that is not a positive
    /// number is an error, not silently the default.
    /// </summary>
    public TimeSpan JournalOutageLimit { get; init => field = Positive(value, "journal outage limit"); } = DefaultJournalOutageLimit();

    /// <summary>The journal in words, for messages (JournalTarget.Describe()).</summary>
    public string JournalDescription { get; init; } = "the sweep journal";

    /// <summary>Shared by the restarts of one supervised coordinator (see <see cref="CoordinatorSession"/>).</summary>
    public CoordinatorSession Session { get; init; } = new();

    private static TimeSpan DefaultJournalOutageLimit()
    {
        var text = Environment.GetEnvironmentVariable(JournalOutageVariable);
        if (string.IsNullOrWhiteSpace(text)) return TimeSpan.FromSeconds(60);
        return double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var s) && s > 0 && s < TimeSpan.MaxValue.TotalSeconds
            ? TimeSpan.FromSeconds(s)
            : throw new ArgumentException($"{JournalOutageVariable}: '{text}' is not a positive number of seconds");
    }

    private static TimeSpan Positive(TimeSpan value, string setting) =>
        value > TimeSpan.Zero ? value : throw new ArgumentException($"{setting}: must be > 0 (got {value})");

    private static int Positive(int value, string setting) =>
        value > 0 ? value : throw new ArgumentException($"{setting}: must be > 0 (got {value})");
}
