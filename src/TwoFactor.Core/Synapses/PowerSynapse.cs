using TwoFactor.Core.Parameters;

namespace TwoFactor.Core.Synapses;

/// <summary>w = u^z with one factor. dw/du = u^{z-1}: the constant z is dropped, as in the reference.</summary>
public sealed class PowerSynapse(int z) : SynapseModel(z)
{
    public override SynapseKind Kind => SynapseKind.Power;
    public override int FactorCount => 1;
    public override double Weight(ReadOnlySpan<double> u) => IntPow(u[0], Z);
    public override void Gradient(ReadOnlySpan<double> u, Span<double> gradient) => gradient[0] = IntPow(u[0], Z - 1);
    public override void Initialize(Func<double> draw, Span<double> u) => u[0] = draw();
}
