using System.Diagnostics;
using TwoFactor.Core.Simulation;
using TwoFactor.Engines;
using TwoFactor.Sweeps;

namespace TwoFactor.Benchmarks;

/// <summary>
/// The pieces of one tiny cell of the scale benchmark (N = 12, 50 epochs, no recall tests), each timed on one
/// thread over many cells of a planned sweep, with the bytes it allocates per cell: where a sweep of tiny cells
/// spends its time besides the actors. A benchmark, not a test: the figures are the machine's.
/// </summary>
public static class TinyCellBenchmark
{
    public static int Run(int cells)
    {
        var yaml = $"name: tiny\nbase: {{N: 12, max_epochs: 50, tests: none, trajectory_interval: 0}}\naxes:\n  seeds: {cells}\n";
        var planned = SweepFile.PlanText(yaml, "tiny.yaml", []);
        if (!planned.Ok)
        {
            Console.Error.WriteLine(string.Join('\n', planned.Errors));
            return 2;
        }
        var plan = planned.Sweep!.Plan;
        var protocol = ProtocolCatalog.Get(plan.Protocol);
        using var engines = new EngineSet();
        var options = new ExecutionOptions("simd", 1, engines);
        Console.WriteLine($"{cells:N0} cells of N = 12, 50 epochs, no tests; one thread; load {Load.Average()}");
        Console.WriteLine();
        Console.WriteLine("| piece | us per cell | bytes allocated per cell |");
        Console.WriteLine("|---|---|---|");

        var cellsAt = new Cell[cells];
        Time("plan.CellAt (the coordinator, per leased cell)", cells, i => cellsAt[i] = plan.CellAt(i));
        var models = cellsAt.Select(c => StaticParameters.ToModel(c.Parameters)).ToArray();
        Time("StaticParameters.ToModel", cells, i => StaticParameters.ToModel(cellsAt[i].Parameters));
        var setups = models.Select(SimulationRunner.BuildSetup).ToArray();
        Time("SimulationRunner.BuildSetup (patterns, initial network)", cells, i => SimulationRunner.BuildSetup(models[i]));
        var simd = engines.Training("simd", 1, models[0].Precision);
        Time("training (simd engine, 50 epochs)", cells, i => simd.Train(setups[i]));
        var rows = new ResultRow[cells];
        Time("StaticProtocol.Execute (the whole cell and its row)", cells, i => rows[i] = protocol.Execute(cellsAt[i], options, CancellationToken.None));

        var folder = Directory.CreateTempSubdirectory("twofactor-tiny-").FullName;
        try
        {
            var store = new ResultStore(folder, plan.SweepId);
            const int partRows = 1000;
            int part = 0;
            // Parts of 1000 rows as the sink writes them; the time includes the fsync of each part.
            Time("ResultStore.CommitPart (per row, parts of 1000)", cells - cells % partRows, i =>
            {
                if (i % partRows == partRows - 1) store.CommitPart(part++, rows[(i + 1 - partRows)..(i + 1)], protocol);
            });
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
        return 0;
    }

    /// <summary>Warms up on the first cells (JIT tiers), then times every cell once.</summary>
    private static void Time(string piece, int count, Action<int> body)
    {
        for (int i = 0; i < Math.Min(count, 2000); i++) body(i);
        long allocated = GC.GetTotalAllocatedBytes(precise: true);
        var clock = Stopwatch.StartNew();
        for (int i = 0; i < count; i++) body(i);
        double microseconds = clock.Elapsed.TotalMicroseconds / count;
        long bytes = (GC.GetTotalAllocatedBytes(precise: true) - allocated) / count;
        Console.WriteLine($"| {piece} | {microseconds:F1} | {bytes:N0} |");
    }
}
