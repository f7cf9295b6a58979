using TwoFactor.Engines;

namespace TwoFactor.Sweeps;

/// <summary>How a cell is executed: the engine (by its CLI name) and its threads (0: all cores).</summary>
/// <param name="Engines">
/// Engines owned by the caller (a worker slot) and reused cell after cell; the caller disposes them. When null,
/// each cell creates its own and disposes them when it ends.
/// </param>
public sealed record ExecutionOptions(string Engine = "reference", int Threads = 0, EngineSet? Engines = null)
{
    /// <summary>Receives the cell's progress from the computing thread (cheap calls only); null: nobody watches.</summary>
    public IProgress<CellProgress>? Progress { get; init; }
}
