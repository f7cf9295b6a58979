using Akka.Actor;
using Akka.Event;
using TwoFactor.Cluster.Messages;
using TwoFactor.Cluster.Progress;
using TwoFactor.Sweeps;

namespace TwoFactor.Cluster.Actors;

/// <summary>
/// Buffers accepted rows and commits them as Parquet parts (ResultStore: temp file, fsync, rename), then tells
/// its parent which cells each part holds. Parts are numbered on from the coordinator's last recorded part, so
/// a number is never reused for a recorded file. One sink per sweep, next to the coordinator and its journal;
/// it also writes the sweep's summary.txt, so that the coordinator itself touches files only while it starts.
/// </summary>
public sealed class ResultSink : ReceiveActor, IWithTimers
{
    public static Props Props(ResultStore store, IProtocol protocol, int firstPartNumber, int partRows, TimeSpan flushInterval) =>
        Akka.Actor.Props.Create(() => new ResultSink(store, protocol, firstPartNumber, partRows, flushInterval));

    private sealed record FlushTick
    {
        public static FlushTick Instance { get; } = new();
    }

    private readonly ResultStore _store;
    private readonly IProtocol _protocol;
    private readonly int _partRows;
    private readonly TimeSpan _flushInterval;
    private readonly List<ResultRow> _buffer = [];
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private DateTime _oldestRowAt;
    private int _nextPart;

    public ITimerScheduler Timers { get; set; } = null!;

    public ResultSink(ResultStore store, IProtocol protocol, int firstPartNumber, int partRows, TimeSpan flushInterval)
    {
        _store = store;
        _protocol = protocol;
        _nextPart = firstPartNumber;
        _partRows = Math.Max(1, partRows);
        _flushInterval = flushInterval;

        Receive<WriteRows>(m =>
        {
            if (_buffer.Count == 0) _oldestRowAt = DateTime.UtcNow;
            _buffer.AddRange(m.Rows);
            if (_buffer.Count >= _partRows) Commit();
        });
        Receive<FlushRows>(_ => Commit());
        Receive<WriteSummary>(m =>
        {
            try
            {
                _store.WriteSummary(m.Lines);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                _log.Warning("summary.txt not written: {0}", e.Message);
            }
        });
        Receive<FlushTick>(_ =>
        {
            if (_buffer.Count > 0 && DateTime.UtcNow - _oldestRowAt >= _flushInterval) Commit();
        });
    }

    protected override void PreStart()
    {
        var tick = TimeSpan.FromTicks(Math.Max(_flushInterval.Ticks / 4, TimeSpan.FromMilliseconds(50).Ticks));
        Timers.StartPeriodicTimer("flush", FlushTick.Instance, tick);
    }

    private void Commit()
    {
        if (_buffer.Count == 0) return;
        var rows = _buffer.ToList();
        _buffer.Clear();
        int number = _nextPart++;
        try
        {
            var part = _store.CommitPart(number, rows, _protocol);
            var failed = rows.Where(r => r.IsFailed).Select(r => new FailedCellV1(r.CellId, FailedRow.ErrorOf(r))).ToList();
            var completed = rows.Where(r => !r.IsFailed).Select(r => r.CellId).ToList();
            Context.Parent.Tell(new PartCommitted(part.FileName, number, completed, failed));
        }
        catch (Exception e)
        {
            _log.Error(e, "part {0} could not be written", number);
            Context.Parent.Tell(new PartWriteFailed(rows.Select(r => r.CellId).ToList(), e.Message));
        }
    }
}
