using TwoFactor.Cluster.Progress;
using TwoFactor.Sweeps;

namespace TwoFactor.Cluster.Messages;

/// <summary>Coordinator to sink: rows the coordinator accepted (each cell exactly once) to write into parts.</summary>
public sealed record WriteRows(IReadOnlyList<ResultRow> Rows);

/// <summary>Coordinator to sink: commit whatever is buffered now (end of sweep, graceful stop).</summary>
public sealed record FlushRows;

/// <summary>Sink to coordinator: the part is committed (renamed into place) and holds exactly these rows.</summary>
public sealed record PartCommitted(string PartFile, int PartNumber, IReadOnlyList<string> Completed,
    IReadOnlyList<FailedCellV1> Failed);

/// <summary>Sink to coordinator: writing the part failed; the cells must be computed again.</summary>
public sealed record PartWriteFailed(IReadOnlyList<string> CellIds, string Reason);

/// <summary>Coordinator to sink: the sweep is finished; write results/&lt;sweep_id&gt;/summary.txt with these lines.</summary>
public sealed record WriteSummary(IReadOnlyList<string> Lines);
