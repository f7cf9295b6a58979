using System.Diagnostics;

namespace TwoFactor.Sweeps;

/// <summary>
/// The row-building part of <see cref="IProtocol.Execute"/> shared by protocols: time the cell, turn an
/// exception into a failed row with null outputs, and let cancellation through (a cancelled cell was not run).
/// </summary>
internal static class ProtocolExecution
{
    public static ResultRow Run(IProtocol protocol, Cell cell, ExecutionOptions options, CancellationToken ct,
        Func<(string Engine, Dictionary<string, object?> Scalars, Dictionary<string, double[]> Lists)> compute) =>
        Run(protocol, cell, options, ct, _ => compute());

    /// <summary>
    /// As above, with the engines to compute with: the caller's (<see cref="ExecutionOptions.Engines"/>), or a set
    /// owned by this cell and disposed when it ends (device buffers of recall dynamics included).
    /// </summary>
    public static ResultRow Run(IProtocol protocol, Cell cell, ExecutionOptions options, CancellationToken ct,
        Func<Engines.EngineSet, (string Engine, Dictionary<string, object?> Scalars, Dictionary<string, double[]> Lists)> compute)
    {
        var started = DateTimeOffset.UtcNow;
        var clock = Stopwatch.StartNew();
        using var owned = options.Engines is null ? new Engines.EngineSet() : null;
        try
        {
            var (engine, scalars, lists) = compute(options.Engines ?? owned!);
            return Row(protocol, cell, engine, started, clock, scalars, lists);
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            throw;
        }
        catch (Exception e)
        {
            return FailedRow.For(cell.SweepId, cell, $"{e.GetType().Name}: {e.Message}", started, options.Engine, clock.Elapsed.TotalSeconds, protocol);
        }
    }

    private static ResultRow Row(IProtocol protocol, Cell cell, string engine, DateTimeOffset started,
        Stopwatch clock, Dictionary<string, object?> scalars, Dictionary<string, double[]> lists) =>
        new(cell.SweepId, cell.CellId, protocol.Name, CellStatus.Completed, null, cell.Parameters, scalars, lists, engine,
            Environment.MachineName, clock.Elapsed.TotalSeconds, CodeVersion.Current, started, DateTimeOffset.UtcNow)
        {
            SweepName = cell.SweepName,
        };
}
