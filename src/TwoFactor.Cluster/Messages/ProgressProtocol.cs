namespace TwoFactor.Cluster.Messages;

/// <summary>Asks the coordinator for a <see cref="ProgressReport"/>.</summary>
public sealed record GetProgress
{
    public static GetProgress Instance { get; } = new();
}

/// <summary>Where a sweep stands. Throughput and ETA are computed by the displays from successive reports.</summary>
public sealed record ProgressReport(
    string SweepId,
    string Name,
    int Total,
    int Completed,
    int Failed,
    int Leased,
    int Committing,
    int Parts,
    int ComputedThisRun,
    IReadOnlyDictionary<string, int> CellsByWorker,
    bool Finished,
    bool Ready)
{
    public int Done => Completed + Failed;

    /// <summary>Cells being computed now with their workers' latest progress reports, ordered by worker.</summary>
    public Progress.RunningCell[] Running { get; init; } = [];
}

/// <summary>Stop leasing; reply <see cref="Drained"/> when no lease is out and every accepted row is recorded.</summary>
public sealed record Drain;

public sealed record Drained(ProgressReport Report);
