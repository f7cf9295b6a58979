using TwoFactor.Core.SpineAnalysis;

namespace TwoFactor.Core.Noise;

/// <summary>One simulated spine-size process: a name for tables and JSON keys and how to simulate it.</summary>
/// <param name="Simulate">(synapses, seed, progress in [0, 1], cancellation) to traces, one sample per time unit.</param>
public sealed record SpineModel(string Name, Func<int, long, Action<double>?, CancellationToken, TraceMatrix> Simulate);

/// <summary>The processes that the data are compared with: z = 1..5 (MODEL.md section 8) and the two baselines (section 9).</summary>
public static class SpineModelCatalog
{
    public static IReadOnlyList<SpineModel> Defaults(int maxZ = 5)
    {
        var models = new List<SpineModel>();
        for (int z = 1; z <= maxZ; z++)
        {
            int zz = z;
            models.Add(new SpineModel($"z{zz}", (synapses, seed, progress, ct) =>
                ZFactorProcess.Simulate(new SynapticNoiseParameters { Z = zz, Synapses = synapses, Seed = seed }, progress, ct)));
        }
        models.Add(new SpineModel("kesten", (synapses, seed, progress, ct) =>
        {
            var traces = KestenProcess.Simulate(new KestenParameters { Synapses = synapses, Seed = seed }, ct);
            progress?.Invoke(1);
            return traces;
        }));
        models.Add(new SpineModel("multiplicative", (synapses, seed, progress, ct) =>
        {
            var traces = MultiplicativeProcess.Simulate(new MultiplicativeParameters { Synapses = synapses, Seed = seed }, ct);
            progress?.Invoke(1);
            return traces;
        }));
        return models;
    }
}
