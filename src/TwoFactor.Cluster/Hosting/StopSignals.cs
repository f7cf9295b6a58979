using System.Runtime.InteropServices;

namespace TwoFactor.Cluster.Hosting;

/// <summary>
/// SIGINT (Ctrl-C) and SIGTERM cancel <see cref="Token"/> instead of killing the process, so a run can drain:
/// slots stop, finished rows are recorded, the journal is left consistent. <see cref="Signal"/> remembers which
/// came first, because they end differently: SIGTERM is how a scheduler stops a job (SLURM's time limit,
/// --signal, preemption, scancel; Kubernetes' pod termination), so a drained SIGTERM stop is a success that a
/// resubmission resumes; Ctrl-C is the user interrupting. A drain cut short (System.CommandLine's
/// ProcessTerminationTimeout, a second kill) is still safe: orphan parts are removed on the next start.
/// </summary>
public sealed class StopSignals : IDisposable
{
    private readonly CancellationTokenSource _cts;
    private readonly List<PosixSignalRegistration> _registrations = [];
    private readonly Action<PosixSignal>? _onStop;
    private readonly object _gate = new();

    /// <param name="outer">Also stops on this token (the CLI invocation's own cancellation).</param>
    /// <param name="onStop">Called once, with the first signal, before the token is cancelled (to say "stopping...").</param>
    public StopSignals(CancellationToken outer, Action<PosixSignal>? onStop = null)
    {
        _cts = CancellationTokenSource.CreateLinkedTokenSource(outer);
        _onStop = onStop;
        foreach (var signal in new[] { PosixSignal.SIGINT, PosixSignal.SIGTERM })
        {
            _registrations.Add(PosixSignalRegistration.Create(signal, context =>
            {
                context.Cancel = true; // the process lives on to drain
                Request(context.Signal);
            }));
        }
    }

    public CancellationToken Token => _cts.Token;

    /// <summary>The first stop signal received (null: none).</summary>
    public PosixSignal? Signal { get; private set; }

    /// <summary>What the operating system's handler does on a signal; later signals change nothing.</summary>
    public void Request(PosixSignal signal)
    {
        lock (_gate)
        {
            if (Signal is not null) return;
            Signal = signal;
        }
        _onStop?.Invoke(signal);
        _cts.Cancel();
    }

    public void Dispose()
    {
        foreach (var registration in _registrations) registration.Dispose();
        _cts.Dispose();
    }
}
