using System.Diagnostics;
using TwoFactor.Core.Parameters;
using TwoFactor.Core.Simulation;
using TwoFactor.Core.Synapses;
using TwoFactor.Core.Training;
using TwoFactor.Engines;

namespace TwoFactor.Benchmarks;

/// <summary>One benchmark configuration: a problem size and a training phase.</summary>
public sealed record BenchmarkCase(int N, double Alpha, double F, int Z, TrainingPhase Phase, bool Pruned = false)
{
    /// <summary>Pruned cases continue phase B until the mean density is at most this (late phase B, where real runs spend most epochs).</summary>
    public const double PrunedDensity = 0.5;

    public int M => (int)Math.Round(Alpha * N);

    /// <summary>Multiply-adds per epoch of a dense field evaluation (M N per neuron): the dominant work.</summary>
    public double FieldMacsPerEpoch => (double)N * N * M;

    public override string ToString() => $"N={N} M={M} f={F} z={Z} phase {Phase}" + (Pruned ? $" (density <= {PrunedDensity})" : "");
}

/// <summary>Epochs per second of one engine on one case, timed over whole epochs after a warm-up.</summary>
public static class EngineBenchmark
{
    /// <summary>Learning rates (eta and eta_theta) that bring z = 1 networks to zero error for phase-B cases.</summary>
    public const double PreparationRate = 5e-3;

    /// <summary>
    /// <see cref="Prepare"/>, or null after printing a table row that says why the case was skipped
    /// (<paramref name="columns"/>: the table's column count, so the row has as many cells as the header).
    /// </summary>
    public static TrainingSetup? PrepareOrReportSkip(BenchmarkCase c, int columns)
    {
        try
        {
            return Prepare(c);
        }
        catch (InvalidOperationException e)
        {
            Console.WriteLine($"| {c} | skipped: {e.Message} |" + new string('|', columns - 2));
            return null;
        }
    }

    public static TrainingSetup Prepare(BenchmarkCase c)
    {
        var p = new ModelParameters
        {
            N = c.N, Alpha = c.Alpha, F = c.F, Z = c.Z, Seed = 100, Tests = [], TrajectoryInterval = 0,
            ConvergenceInterval = int.MaxValue, Patterns = c.F < 0.5 ? PatternKind.Exact : PatternKind.Bernoulli,
        };
        var setup = SimulationRunner.BuildSetup(p);
        if (c.Phase == TrainingPhase.A) return setup;
        // Phase B: train until the network is error-free, then start from there (epoch 0 is phase B). An epoch's
        // cost does not depend on the rates, so z = 1 gets there with faster ones (the paper's eta = 1e-4 takes
        // hours at N >= 1000); the timed epochs use the paper's rates.
        var prepare = c.Z == 1 ? setup.Hyper with { Eta = PreparationRate, EtaTheta = PreparationRate } : setup.Hyper;
        setup = setup with { Initial = ErrorFree(c, setup, prepare) };
        if (!c.Pruned) return setup;
        for (int round = 0; round < 100; round++)
        {
            var summary = NetworkSummary.Of(setup.Initial, setup.Synapse, setup.Patterns, setup.Targets);
            if (summary.Density <= BenchmarkCase.PrunedDensity) return setup;
            var further = EngineFactory.Create("auto").Train(setup with { Hyper = setup.Hyper with { MaxEpochs = 5_000 } });
            setup = setup with { Initial = further.Final };
        }
        throw new InvalidOperationException($"{c}: density still above {BenchmarkCase.PrunedDensity} after 500k phase-B epochs");
    }

    /// <summary>
    /// The network at the first error-free epoch. Trained in chunks (phase A does not depend on where a run
    /// starts), so that only the chunk holding the phase switch runs twice, not a whole 20k-epoch run.
    /// </summary>
    private static NetworkState ErrorFree(BenchmarkCase c, TrainingSetup setup, TrainingHyperparameters prepare)
    {
        const int chunk = 500;
        var engine = EngineFactory.Create("auto");
        var state = setup.Initial;
        for (int done = 0; done < 20_000; done += chunk)
        {
            var run = engine.Train(setup with { Initial = state, Hyper = prepare with { MaxEpochs = chunk } });
            if (run.PhaseBStartEpoch is { } start)
                return start == 0 ? state : engine.Train(setup with { Initial = state, Hyper = prepare with { MaxEpochs = start } }).Final;
            state = run.Final;
        }
        throw new InvalidOperationException($"{c}: no zero error within 20k epochs");
    }

    public static double EpochsPerSecond(ITrainingEngine engine, TrainingSetup setup, double targetSeconds)
    {
        // Warm up (JIT, caches), then calibrate the epoch count so one timing lasts about targetSeconds.
        Time(engine, setup, 2);
        long epochs = 2;
        double seconds = Time(engine, setup, epochs);
        if (seconds < targetSeconds)
        {
            epochs = Math.Max(2, (long)(epochs * targetSeconds / Math.Max(seconds, 1e-4)));
            seconds = Time(engine, setup, epochs);
        }
        return epochs / seconds;
    }

    private static double Time(ITrainingEngine engine, TrainingSetup setup, long epochs)
    {
        var run = setup with { Hyper = setup.Hyper with { MaxEpochs = epochs } };
        var clock = Stopwatch.StartNew();
        var result = engine.Train(run);
        double seconds = clock.Elapsed.TotalSeconds;
        if (result.Epochs != epochs) throw new InvalidOperationException("engine stopped early");
        return seconds;
    }
}
