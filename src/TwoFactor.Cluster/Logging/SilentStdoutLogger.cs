using Akka.Event;

namespace TwoFactor.Cluster.Logging;

/// <summary>
/// Replaces Akka's StandardOutLogger (akka.stdout-logger-class), which Akka uses before the configured loggers
/// start and after they stop (at DEBUG it announces "Shutting down: StandardOutLogger started" on stdout, in
/// the middle of our output). Those few events are dropped: the console belongs to progress and errors.
/// </summary>
public sealed class SilentStdoutLogger : MinimalLogger
{
    protected override void Log(object message)
    {
        // Intentionally empty: see the summary.
    }
}
