using TwoFactor.Sweeps;

namespace TwoFactor.Cluster.Messages;

// The work-pulling protocol between worker slots and the coordinator (Akka 1.5 has no
// WorkPullingProducerController). Immutable records; they cross the network with Akka's default
// JSON serializer, which keeps the CLR types of the boxed parameter values (tested in SerializationTests).
// Collections are arrays: Newtonsoft cannot rebuild the compiler's types behind collection expressions.

/// <summary>Version of this protocol (the messages below and the cells and rows they carry).</summary>
public static class WorkProtocol
{
    /// <summary>
    /// Raise it whenever a message, a cell or a row changes shape: nodes of different versions then refuse each
    /// other with a clear message instead of misreading each other's messages.
    /// </summary>
    public const int Version = 1;
}

/// <summary>
/// An idle worker slot asks for work; the first request is the slot's handshake. <see cref="Worker"/> names the
/// slot in progress displays; <see cref="ProtocolVersion"/> must equal the coordinator's.
/// </summary>
public sealed record RequestWork(string Worker, int ProtocolVersion = WorkProtocol.Version);

/// <summary>The coordinator lends the slot these cells until the deadline; heartbeats renew it.</summary>
/// <param name="ProtocolVersion">The coordinator's version; a slot of another version refuses the lease.</param>
public sealed record WorkLeased(string SweepId, long LeaseId, int UnitId, Cell[] Cells, TimeSpan LeaseDuration,
    int ProtocolVersion = WorkProtocol.Version);

/// <summary>The coordinator refuses a slot of another protocol version (no work is ever lent to it).</summary>
public sealed record IncompatibleProtocol(int CoordinatorVersion, int WorkerVersion)
{
    public string Describe() =>
        $"the coordinator speaks sweep protocol version {CoordinatorVersion}, this worker version {WorkerVersion}; " +
        "run the same twofactor version on every node";
}

/// <summary>Nothing to lend right now (everything is leased or being committed): ask again after a pause.</summary>
public sealed record NoWorkYet(string SweepId);

/// <summary>Every planned cell is recorded: the slot may stop asking.</summary>
public sealed record SweepFinished(string SweepId);

/// <summary>The slot is still working on its lease.</summary>
public sealed record RenewLease(long LeaseId);

/// <summary>
/// The rows of a lease (one per finished cell, status completed or failed). Cells of the lease without a row
/// (the slot was stopped) go back to the queue.
/// </summary>
public sealed record UnitResult(long LeaseId, string Worker, ResultRow[] Rows);

/// <summary>The slot stops without rows for its lease (graceful shutdown before any cell finished).</summary>
public sealed record ReleaseLease(long LeaseId);
