using TwoFactor.Core.Patterns;

namespace TwoFactor.Engines.Cpu;

/// <summary>
/// The pattern matrix by input (column) instead of by pattern, for incremental field updates: when the weights
/// of a few inputs j change by d_j, every field changes by sum_j d_j xi_j^mu, a sum of columns. Dense coding keeps
/// each column as M floats (0 and 1 are exact; half the bytes of doubles keeps the columns of N = 1000,
/// M = 200 inside a core's L2 cache; they are widened to double in registers); sparse coding keeps the list of patterns in which input j is active
/// (about f M entries), so an update costs f M scalar adds per changed input.
/// </summary>
internal sealed class PatternColumns
{
    private readonly int _m;
    private readonly float[]? _dense;         // [j * M + mu]
    private readonly int[]? _sparseStart;     // CSR: patterns of column j are _sparsePatterns[_sparseStart[j] .. _sparseStart[j + 1])
    private readonly int[]? _sparsePatterns;

    public PatternColumns(PatternSet patterns, bool sparse)
    {
        int n = patterns.N;
        _m = patterns.M;
        if (!sparse)
        {
            _dense = new float[n * _m];
            for (int mu = 0; mu < _m; mu++)
            for (int j = 0; j < n; j++)
                _dense[j * _m + mu] = patterns[mu, j];
            return;
        }
        _sparseStart = new int[n + 1];
        for (int mu = 0; mu < _m; mu++)
            foreach (int j in patterns.Active[mu]) _sparseStart[j + 1]++;
        for (int j = 0; j < n; j++) _sparseStart[j + 1] += _sparseStart[j];
        _sparsePatterns = new int[_sparseStart[n]];
        var next = _sparseStart[..n];
        for (int mu = 0; mu < _m; mu++)
            foreach (int j in patterns.Active[mu]) _sparsePatterns[next[j]++] = mu;
    }

    /// <summary>fields[mu] += sum over k of delta[k] * xi^mu_{inputs[k]}.</summary>
    public void AddColumns(Span<double> fields, ReadOnlySpan<int> inputs, ReadOnlySpan<double> delta)
    {
        if (_dense is not null)
        {
            FieldKernels.AddDenseColumns(fields, _dense, _m, inputs, delta);
            return;
        }
        for (int k = 0; k < inputs.Length; k++)
        {
            int j = inputs[k];
            double d = delta[k];
            for (int p = _sparseStart![j]; p < _sparseStart[j + 1]; p++) fields[_sparsePatterns![p]] += d;
        }
    }

    /// <summary>sum_mu g[mu] xi^mu_j: input j's share of phase B's drive G_j = sum_mu g^mu xi_j^mu.</summary>
    public double Dot(int j, ReadOnlySpan<double> g)
    {
        if (_dense is not null) return FieldKernels.DotColumn(_dense, j * _m, _m, g);
        double sum = 0;
        for (int p = _sparseStart![j]; p < _sparseStart[j + 1]; p++) sum += g[_sparsePatterns![p]];
        return sum;
    }

    /// <summary>Sparse coding: drive[j] = sum_mu g[mu] xi^mu_j for every input, one pass over the column lists.</summary>
    public void SparseDotEveryInput(ReadOnlySpan<double> g, Span<double> drive)
    {
        var start = _sparseStart ?? throw new InvalidOperationException("dense columns: use the pattern rows");
        var patterns = _sparsePatterns!;
        int p = 0;
        for (int j = 0; j < drive.Length; j++)
        {
            double sum = 0;
            for (int end = start[j + 1]; p < end; p++) sum += g[patterns[p]];
            drive[j] = sum;
        }
    }

    /// <summary>drive[p] = sum_mu g[mu] xi^mu_{inputs[p]} for every listed input.</summary>
    public void DotAll(ReadOnlySpan<int> inputs, ReadOnlySpan<double> g, Span<double> drive)
    {
        if (_dense is not null)
        {
            FieldKernels.DotColumns(_dense, _m, inputs, g, drive);
            return;
        }
        for (int p = 0; p < inputs.Length; p++) drive[p] = Dot(inputs[p], g);
    }
}
