namespace TwoFactor.Cluster.Actors;

/// <summary>
/// What the successive incarnations of one supervised coordinator (restarted with backoff after a journal
/// failure) share within one process: since when the journal has been failing, and whether the one-shot
/// start actions (`--retry-failed`) already ran, so that a restart does not retry cells that failed this run.
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

    /// <summary>True exactly once per process: the retry of failed cells belongs to the start of the run.</summary>
    public bool TakeRetry()
    {
        lock (_gate)
        {
            if (_retryDone) return false;
            _retryDone = true;
            return true;
        }
    }
}
