namespace TwoFactor.Cluster.Progress;

/// <summary>
/// Marker of everything the coordinator writes to its journal (events and snapshots). These records are the
/// on-disk format: never change a field of a V1 record; add a V2 record and teach <see cref="SweepProgressState"/>
/// to apply both. <see cref="Serialization.ProgressSerializer"/> writes them with an explicit manifest per type.
/// </summary>
public interface IProgressEvent;

/// <summary>First event of a sweep's journal: which sweep this persistence id belongs to.</summary>
public sealed record SweepRegisteredV1(string SweepId, string Name, string Protocol, int TotalCells, DateTimeOffset At) : IProgressEvent;

/// <summary>A Parquet part was committed (renamed into place) and holds exactly these cells; only now do they count as done.</summary>
public sealed record PartRecordedV1(string PartFile, int PartNumber, IReadOnlyList<string> Completed,
    IReadOnlyList<FailedCellV1> Failed, DateTimeOffset At) : IProgressEvent;

/// <summary>A cell whose row in the part has status "failed", with the model's error message.</summary>
public sealed record FailedCellV1(string CellId, string Error);

/// <summary>
/// A lease ended without a result (its node was removed, its deadline passed). Persisted so that a unit that
/// keeps killing its worker is given up after the retry budget even across restarts of the whole run.
/// </summary>
public sealed record LeaseLostV1(int UnitId, string Worker, string Reason, DateTimeOffset At) : IProgressEvent;

/// <summary>
/// A recorded part no longer counts: its file was found damaged or missing on start, or `run --retry-failed`
/// replaced it (its completed rows went to a new part). Its cells not recorded elsewhere are pending again and
/// are computed (leased) anew; the part number is never reused.
/// </summary>
public sealed record PartDroppedV1(string PartFile, string Reason, DateTimeOffset At) : IProgressEvent;

/// <summary>`run --retry-failed`: these units' lost-lease counts start again from zero (given-up cells get a new budget).</summary>
public sealed record LeaseLossesResetV1(IReadOnlyList<int> UnitIds, DateTimeOffset At) : IProgressEvent;

/// <summary>The durable part of <see cref="SweepProgressState"/>, written every K events to shorten recovery.</summary>
public sealed record ProgressSnapshotV1(
    SweepRegisteredV1? Sweep,
    IReadOnlyList<RecordedPartV1> Parts,
    IReadOnlyList<UnitLossesV1> LeaseLosses) : IProgressEvent;

/// <summary>One recorded part in a snapshot: the same facts as its <see cref="PartRecordedV1"/>.</summary>
public sealed record RecordedPartV1(string PartFile, int PartNumber, IReadOnlyList<string> Completed, IReadOnlyList<FailedCellV1> Failed);

public sealed record UnitLossesV1(int UnitId, int Losses);
