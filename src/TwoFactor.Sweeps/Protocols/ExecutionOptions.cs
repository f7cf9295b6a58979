namespace TwoFactor.Sweeps;

/// <summary>How a cell is executed: the engine (by its CLI name) and its threads (0: all cores).</summary>
public sealed record ExecutionOptions(string Engine = "reference", int Threads = 0)
{
    /// <summary>Receives the cell's progress from the computing thread (cheap calls only); null: nobody watches.</summary>
    public IProgress<CellProgress>? Progress { get; init; }
}
