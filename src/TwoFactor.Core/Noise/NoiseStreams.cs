namespace TwoFactor.Core.Noise;

/// <summary>
/// Sub-stream keys under <see cref="Randomness.StreamPurpose.SynapticProcess"/>. All z-factor models share one
/// noise stream (common random numbers, as in the reference simulation that feeds the same normals to every z), so
/// differences between z come from the dynamics and not from the draws; each baseline has its own.
/// </summary>
internal static class NoiseStreams
{
    public const long ZFactor = 0;
    public const long Kesten = 1;
    public const long Multiplicative = 2;
}
