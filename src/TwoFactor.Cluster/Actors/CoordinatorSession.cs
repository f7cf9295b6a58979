namespace TwoFactor.Cluster.Actors;

/// <summary>
/// What the successive incarnations of one supervised coordinator (restarted with backoff after a journal
/// failure) share within one process: since when the journal has been failing, and whether the one-shot
/// start actions (`--retry-failed`) are recorded, so that a restart does not retry cells that failed this run.
/// </summary>
public sealed class CoordinatorSession
{
    private readonly object _gate = new();
    private DateTimeOffset? _failingSince;
    private bool _retryDone;

    /// <summary>A journal call failed; returns how long the journal has been failing (zero on the first failure).</summary>
    public TimeSpan JournalFailed(DateTimeOffset now)
    {
        lock (_gate)
        {
            _failingSince ??= now;
            return now - _failingSince.Value;
        }
    }

    /// <summary>The journal answered; returns how long it had been failing, or null when it was healthy.</summary>
    public TimeSpan? JournalHealthy(DateTimeOffset now)
    {
        lock (_gate)
        {
            var since = _failingSince;
            _failingSince = null;
            return since is null ? null : now - since.Value;
        }
    }

    /// <summary>
    /// The retry of failed cells belongs to the start of the run: pending until an incarnation has persisted
    /// it (<see cref="RetryRecorded"/>). An incarnation that dies before leaves it pending for the next one.
    /// </summary>
    public bool RetryPending
    {
        get { lock (_gate) return !_retryDone; }
    }

    public void RetryRecorded()
    {
        lock (_gate) _retryDone = true;
    }
}
