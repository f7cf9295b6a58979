using TwoFactor.Sweeps;

namespace TwoFactor.Cluster.Messages;

// The work-pulling protocol between worker slots and the coordinator (Akka 1.5 has no
// WorkPullingProducerController). Immutable records; they cross the network with Akka's default
// JSON serializer, which keeps the CLR types of the boxed parameter values (tested in SerializationTests).
// Collections are arrays: Newtonsoft cannot rebuild the compiler's types behind collection expressions.

/// <summary>An idle worker slot asks for work. <see cref="Worker"/> names the slot in progress displays.</summary>
public sealed record RequestWork(string Worker);

/// <summary>The coordinator lends the slot these cells until the deadline; heartbeats renew it.</summary>
public sealed record WorkLeased(string SweepId, long LeaseId, int UnitId, Cell[] Cells, TimeSpan LeaseDuration);

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
