using Akka.Actor;
using Akka.Persistence;
using TwoFactor.Cluster.Progress;

namespace TwoFactor.Cluster.Actors;

/// <summary>
/// Replays a sweep's journal into a <see cref="JournalSummary"/> and stops. It never persists, so it can run
/// next to a live coordinator (another process) or after a crash.
/// </summary>
public sealed class JournalReader : ReceivePersistentActor
{
    public static Props Props(string sweepId, TaskCompletionSource<JournalSummary> done) =>
        Akka.Actor.Props.Create(() => new JournalReader(sweepId, done));

    private readonly JournalSummary _summary = new();
    private readonly TaskCompletionSource<JournalSummary> _done;

    public override string PersistenceId { get; }

    public JournalReader(string sweepId, TaskCompletionSource<JournalSummary> done)
    {
        _done = done;
        PersistenceId = SweepCoordinator.PersistenceIdOf(sweepId);
        Recover<SnapshotOffer>(offer => _summary.Apply((IProgressEvent)offer.Snapshot));
        Recover<IProgressEvent>(e => _summary.Apply(e));
        Recover<RecoveryCompleted>(_ =>
        {
            _done.TrySetResult(_summary);
            Context.Stop(Self);
        });
    }

    protected override void OnRecoveryFailure(Exception reason, object? message = null)
    {
        _done.TrySetException(reason);
        base.OnRecoveryFailure(reason, message);
    }
}
