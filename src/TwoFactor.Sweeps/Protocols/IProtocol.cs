using TwoFactor.Core.Parameters;

namespace TwoFactor.Sweeps;

/// <summary>
/// A kind of simulation a sweep can run (static consolidation, wake-sleep, ...). A sweep has exactly one.
/// The protocol owns its parameters (names, types, defaults), their range checks, the canonical resolved
/// form that cell ids hash, a cost model for scheduling, its output columns, and execution of one cell.
/// To add one: implement this interface and add one line to <see cref="ProtocolCatalog"/>.
/// </summary>
public interface IProtocol
{
    /// <summary>The value of the sweep file's <c>protocol:</c> key.</summary>
    string Name { get; }

    string Description { get; }

    /// <summary>Every parameter, in the order the results table lists them.</summary>
    IReadOnlyList<ParameterDefinition> Parameters { get; }

    /// <summary>Every output column (scalars and lists); the same for every cell, whatever happens.</summary>
    IReadOnlyList<OutputColumn> OutputColumns { get; }

    /// <summary>
    /// Range and consistency checks for one cell. <paramref name="specified"/> holds only the parameters the
    /// sweep sets, already typed (long, double, bool, string, string[]); the rest take their defaults.
    /// Each error names the parameter by its sweep-file key.
    /// </summary>
    IReadOnlyList<ParameterError> Validate(IReadOnlyDictionary<string, object?> specified);

    /// <summary>
    /// Every parameter with defaults filled in, in canonical typed form: a default left out and the default
    /// written out give equal dictionaries (and so the same cell id). Call only on valid parameters.
    /// </summary>
    IReadOnlyDictionary<string, object?> Resolve(IReadOnlyDictionary<string, object?> specified);

    /// <summary>
    /// The part of the resolved parameters a cell id hashes. Normally all of them; a protocol that gains a
    /// parameter whose default must not change existing ids (static's <c>model</c>: two-factor) leaves it out here.
    /// </summary>
    IReadOnlyDictionary<string, object?> IdentityParameters(IReadOnlyDictionary<string, object?> resolved) => resolved;

    /// <summary>Relative cost of one cell from its resolved parameters (scheduling and display only).</summary>
    double EstimateCost(IReadOnlyDictionary<string, object?> resolved);

    /// <summary>
    /// Approximate peak memory of one cell in bytes, from its resolved parameters; the loader refuses a sweep
    /// whose largest cell cannot fit in this machine's memory. The default (<see cref="CellMemory.OfNetwork"/>)
    /// counts the N x N synapse arrays and N x M pattern arrays every protocol here allocates.
    /// </summary>
    long EstimateMemoryBytes(IReadOnlyDictionary<string, object?> resolved) => CellMemory.OfNetwork(resolved);

    /// <summary>Runs one cell. A cell that throws yields a row with status failed and the message.</summary>
    ResultRow Execute(Cell cell, ExecutionOptions options, CancellationToken ct);
}
