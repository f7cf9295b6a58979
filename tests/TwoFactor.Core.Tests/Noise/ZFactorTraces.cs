using System.Collections.Concurrent;
using TwoFactor.Core.Noise;
using TwoFactor.Core.SpineAnalysis;

namespace TwoFactor.Core.Tests.Noise;

/// <summary>
/// One simulation per z, shared by the tests and run once. Reduced from the paper's 1000 synapses x 999 time units
/// to 300 synapses x 400 time units (dt = 5e-3 as published: a coarser dt = 0.02 lets most z >= 3 synapses die),
/// analysed on the last 144 samples as the paper does. Each z takes a few seconds.
/// </summary>
internal static class ZFactorTraces
{
    public const int Synapses = 300;
    public const double Duration = 400;
    public const int Window = 144;

    private static readonly ConcurrentDictionary<int, Lazy<TraceMatrix>> Cache = new();

    public static SynapticNoiseParameters Parameters(int z) =>
        new() { Z = z, Synapses = Synapses, Duration = Duration, Seed = 1 };

    public static TraceMatrix Full(int z) =>
        Cache.GetOrAdd(z, key => new Lazy<TraceMatrix>(() => ZFactorProcess.Simulate(Parameters(key)))).Value;

    public static TraceMatrix Window144(int z) => Full(z).LastTimePoints(Window);
}
