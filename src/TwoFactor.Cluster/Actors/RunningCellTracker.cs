using TwoFactor.Cluster.Progress;
using TwoFactor.Sweeps;

namespace TwoFactor.Cluster.Actors;

/// <summary>
/// The progress of the cell a slot is running, written by the computing thread (<see cref="IProgress{T}"/>)
/// and read by the slot actor on its timer. Keeps the latest density and error when a report has none (a
/// convergence check between trajectory points), and tells the reader whether anything changed since it
/// last took a snapshot, so an idle or slow cell does not resend the same report.
/// </summary>
public sealed class RunningCellTracker(string worker, TimeProvider? clock = null) : IProgress<CellProgress>
{
    private readonly TimeProvider _clock = clock ?? TimeProvider.System;
    private readonly Lock _lock = new();
    private RunningCell? _current;
    private bool _changed;

    /// <summary>A new cell starts (step 0 of an unknown stage until its protocol reports).</summary>
    public void Start(string cellId)
    {
        var now = _clock.GetUtcNow();
        lock (_lock)
        {
            _current = new RunningCell(worker, cellId, "start", 0, 0, null, null, now, now);
            _changed = true;
        }
    }

    public void Report(CellProgress value)
    {
        lock (_lock)
        {
            if (_current is null) return;
            bool sameStage = _current.Stage == value.Stage;
            _current = _current with
            {
                Stage = value.Stage,
                Step = value.Step,
                Steps = value.Steps,
                Density = value.Density ?? (sameStage ? _current.Density : null),
                Error = value.Error ?? (sameStage ? _current.Error : null),
                ReportedAt = _clock.GetUtcNow(),
            };
            _changed = true;
        }
    }

    /// <summary>The current cell when it changed since the last call; null otherwise (or when no cell runs).</summary>
    public RunningCell? TakeIfChanged()
    {
        lock (_lock)
        {
            if (!_changed || _current is null) return null;
            _changed = false;
            return _current;
        }
    }
}
