using TwoFactor.Core.Parameters;

namespace TwoFactor.Core.Synapses;

/// <summary>
/// w = a^z - b^z, started at a = 2^{1/z} u0, b = u0 (so w = u0^z). With clipping b is kept at most a
/// (w >= 0, the reference); without, weights may turn negative (no Dale's law). The gradient drops the
/// constant z as the power form does (MODEL.md is silent for this form): dw/da = a^{z-1}, dw/db = -b^{z-1}.
/// </summary>
public sealed class DifferenceSynapse(int z, bool clipToNonNegative) : SynapseModel(z)
{
    public bool ClipToNonNegative { get; } = clipToNonNegative;
    public override SynapseKind Kind => ClipToNonNegative ? SynapseKind.Signed : SynapseKind.SignedFree;
    public override int FactorCount => 2;

    public override double Weight(ReadOnlySpan<double> u) => IntPow(u[0], Z) - IntPow(u[1], Z);

    public override void Gradient(ReadOnlySpan<double> u, Span<double> gradient)
    {
        gradient[0] = IntPow(u[0], Z - 1);
        gradient[1] = -IntPow(u[1], Z - 1);
    }

    public override void Initialize(Func<double> draw, Span<double> u)
    {
        double u0 = draw();
        u[0] = Math.Pow(2.0, 1.0 / Z) * u0;
        u[1] = u0;
    }

    public override void Clip(Span<double> u, bool dead)
    {
        base.Clip(u, dead);
        if (ClipToNonNegative && u[1] > u[0]) u[1] = u[0];
    }

    /// <summary>Signed weights are alive while |w| exceeds the threshold.</summary>
    public override bool IsAlive(double w) => ClipToNonNegative ? base.IsAlive(w) : Math.Abs(w) > AliveThreshold;
}
