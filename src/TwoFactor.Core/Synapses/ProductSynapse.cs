using TwoFactor.Core.Parameters;

namespace TwoFactor.Core.Synapses;

/// <summary>The paper's model: w = u_1 u_2 ... u_z, dw/du_k = product of the other factors.</summary>
public sealed class ProductSynapse(int z) : SynapseModel(z)
{
    public override SynapseKind Kind => SynapseKind.Product;
    public override int FactorCount => Z;

    public override double Weight(ReadOnlySpan<double> u)
    {
        double w = 1;
        foreach (double x in u) w *= x;
        return w;
    }

    public override void Gradient(ReadOnlySpan<double> u, Span<double> gradient)
    {
        for (int k = 0; k < u.Length; k++)
        {
            double g = 1;
            for (int l = 0; l < u.Length; l++) if (l != k) g *= u[l];
            gradient[k] = g;
        }
    }

    /// <summary>Every factor is an independent draw (MODEL.md: i.i.d. uniform in [0.7 u0, 1.3 u0]).</summary>
    public override void Initialize(Func<double> draw, Span<double> u)
    {
        for (int k = 0; k < u.Length; k++) u[k] = draw();
    }
}
