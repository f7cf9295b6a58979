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

    /// <summary>Row loops in the same multiplication order as <see cref="Weight"/> and <see cref="Gradient"/>: identical numbers, less overhead.</summary>
    public override void RowWeightsAndGradients(ReadOnlySpan<double> factors, int n, Span<double> weights, Span<double> gradients)
    {
        int z = FactorCount;
        weights[..n].Fill(1.0);
        for (int k = 0; k < z; k++)
        {
            var row = factors.Slice(k * n, n);
            for (int j = 0; j < n; j++) weights[j] *= row[j];
        }
        for (int k = 0; k < z; k++)
        {
            var g = gradients.Slice(k * n, n);
            g.Fill(1.0);
            for (int l = 0; l < z; l++)
            {
                if (l == k) continue;
                var row = factors.Slice(l * n, n);
                for (int j = 0; j < n; j++) g[j] *= row[j];
            }
        }
    }

    public override void ClipRow(Span<double> factors, int n, ReadOnlySpan<bool> alive)
    {
        for (int k = 0; k < FactorCount; k++)
        {
            var row = factors.Slice(k * n, n);
            for (int j = 0; j < n; j++) row[j] = !alive[j] || row[j] < Floor ? Floor : row[j];
        }
    }

    /// <summary>Every factor is an independent draw (MODEL.md: i.i.d. uniform in [0.7 u0, 1.3 u0]).</summary>
    public override void Initialize(Func<double> draw, Span<double> u)
    {
        for (int k = 0; k < u.Length; k++) u[k] = draw();
    }
}
