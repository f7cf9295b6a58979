using TwoFactor.Cluster.Messages;

namespace TwoFactor.Cluster.Hosting;

/// <summary>How a run ended: finished, stopped by the user (journal consistent, resumable) or failed with a reason.</summary>
public sealed record SweepOutcome(ProgressReport? Final, bool Finished, bool Interrupted, string? Error, string ResultsDirectory);

/// <summary>Something the user gave us does not work (seed node unreachable, journal unavailable); the message says what.</summary>
public sealed class SweepStartException(string message, Exception? inner = null) : Exception(message, inner);
