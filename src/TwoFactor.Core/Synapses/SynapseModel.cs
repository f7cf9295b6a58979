using TwoFactor.Core.Parameters;

namespace TwoFactor.Core.Synapses;

/// <summary>
/// How factors make a weight (MODEL.md section 3). Works on one connection's factors at a time
/// (a span of <see cref="FactorCount"/> values); the row layout lives in <see cref="NetworkState"/>.
/// </summary>
public abstract class SynapseModel
{
    /// <summary>Factors at or below this sit at the floor; dead connections are held there.</summary>
    public const double Floor = 1e-20;
    /// <summary>A connection is alive while its weight exceeds this.</summary>
    public const double AliveThreshold = 1e-10;

    protected SynapseModel(int z) => Z = z;

    public int Z { get; }
    public abstract SynapseKind Kind { get; }
    /// <summary>Factors per connection (product: z; power: 1; difference: 2).</summary>
    public abstract int FactorCount { get; }

    public abstract double Weight(ReadOnlySpan<double> u);

    /// <summary>dw/du_k for every factor, written to <paramref name="gradient"/>.</summary>
    public abstract void Gradient(ReadOnlySpan<double> u, Span<double> gradient);

    /// <summary>Initial factors of one connection; <paramref name="draw"/> yields one initial value per call.</summary>
    public abstract void Initialize(Func<double> draw, Span<double> u);

    /// <summary>Floors every factor at eps; a dead connection is set to the floor entirely.</summary>
    public virtual void Clip(Span<double> u, bool dead)
    {
        for (int k = 0; k < u.Length; k++) u[k] = dead || u[k] < Floor ? Floor : u[k];
    }

    public virtual bool IsAlive(double w) => w > AliveThreshold;

    /// <summary>
    /// Weights and dw/du of one neuron's inputs from its factors (<paramref name="factors"/>: K rows of N, the
    /// <see cref="NetworkState"/> layout); <paramref name="gradients"/> has the same layout. Subclasses may
    /// override with row loops that give the same numbers as the per-connection methods.
    /// </summary>
    public virtual void RowWeightsAndGradients(ReadOnlySpan<double> factors, int n, Span<double> weights, Span<double> gradients)
    {
        int k = FactorCount;
        Span<double> u = stackalloc double[k];
        Span<double> g = stackalloc double[k];
        for (int j = 0; j < n; j++)
        {
            for (int f = 0; f < k; f++) u[f] = factors[f * n + j];
            weights[j] = Weight(u);
            Gradient(u, g);
            for (int f = 0; f < k; f++) gradients[f * n + j] = g[f];
        }
    }

    /// <summary>Applies <see cref="Clip"/> to every input of one neuron; <paramref name="alive"/> says which connections live.</summary>
    public virtual void ClipRow(Span<double> factors, int n, ReadOnlySpan<bool> alive)
    {
        int k = FactorCount;
        Span<double> u = stackalloc double[k];
        for (int j = 0; j < n; j++)
        {
            for (int f = 0; f < k; f++) u[f] = factors[f * n + j];
            Clip(u, dead: !alive[j]);
            for (int f = 0; f < k; f++) factors[f * n + j] = u[f];
        }
    }

    /// <summary>Normalization target for sum over a neuron's factors squared: L times factors per connection.</summary>
    public double NormalizationTarget(double l) => l * FactorCount;

    public static SynapseModel Create(SynapseKind kind, int z) => kind switch
    {
        SynapseKind.Product => new ProductSynapse(z),
        SynapseKind.Power => new PowerSynapse(z),
        SynapseKind.Signed => new DifferenceSynapse(z, clipToNonNegative: true),
        SynapseKind.SignedFree => new DifferenceSynapse(z, clipToNonNegative: false),
        _ => throw new ArgumentOutOfRangeException(nameof(kind)),
    };

    /// <summary>x^n for a small non-negative integer n, exact for n = 0 (x^0 = 1, also at x = 0).</summary>
    protected static double IntPow(double x, int n)
    {
        double r = 1;
        for (int k = 0; k < n; k++) r *= x;
        return r;
    }
}
