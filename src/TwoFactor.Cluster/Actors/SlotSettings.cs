using TwoFactor.Cluster.Messages;
using TwoFactor.Engines;

namespace TwoFactor.Cluster.Actors;

/// <summary>How a slot runs cells; validated on construction (and on `with`), as Akka's own settings are.</summary>
/// <param name="Engine">Training engine name (one of <see cref="EngineFactory.Names"/>).</param>
/// <param name="Threads">Threads per cell (0: the engine's default).</param>
/// <param name="PollInterval">Pause before asking again when the coordinator has nothing to lend (null: 250 ms).</param>
/// <remarks>
/// There is no per-cell retry: a cell is a pure function of its parameters and seed, so an error of the cell
/// itself (invalid parameters, out of memory for its size, an exception in the model) comes back the same on
/// every attempt and is recorded as failed at once. What is retried is a lost worker: a lease whose node died
/// or whose deadline passed goes back to the queue (the coordinator's lost-lease budget).
/// </remarks>
/// <exception cref="ArgumentException">A bad value; the message names the setting.</exception>
public sealed record SlotSettings(string Engine = "reference", int Threads = 1, TimeSpan? PollInterval = null)
{
    public string Engine { get; init => field = CheckEngine(value); } = CheckEngine(Engine);

    public int Threads { get; init => field = CheckThreads(value); } = CheckThreads(Threads);

    public TimeSpan? PollInterval { get; init => field = CheckPoll(value); } = CheckPoll(PollInterval);

    public TimeSpan Poll => PollInterval ?? TimeSpan.FromMilliseconds(250);

    /// <summary>How often a slot sends its running cell's progress (epoch, density, error) when it changed.</summary>
    public TimeSpan ProgressInterval
    {
        get;
        init => field = value > TimeSpan.Zero ? value : throw new ArgumentException($"slot progress interval: must be > 0 (got {value})");
    } = TimeSpan.FromSeconds(2);

    /// <summary>Work protocol version this slot speaks (tests set another to check the refusal).</summary>
    public int ProtocolVersion { get; init; } = WorkProtocol.Version;

    /// <summary>
    /// Why <paramref name="name"/> is not an engine, or null when it is: the one engine-name check, used here
    /// and by the CLI's --engine option (run, coordinator, worker, simulate).
    /// </summary>
    public static string? EngineProblem(string? name) => name is not null && EngineFactory.Names.Contains(name)
        ? null
        : $"unknown engine '{name}'; choose one of {string.Join(", ", EngineFactory.Names)}";

    private static string CheckEngine(string value) =>
        EngineProblem(value) is { } problem ? throw new ArgumentException($"engine: {problem}") : value;

    private static int CheckThreads(int value) =>
        value >= 0 ? value : throw new ArgumentException($"threads: must be >= 0 (0: the engine's default; got {value})");

    private static TimeSpan? CheckPoll(TimeSpan? value) =>
        value is not { } v || v > TimeSpan.Zero ? value : throw new ArgumentException($"slot poll interval: must be > 0 (got {v})");
}
