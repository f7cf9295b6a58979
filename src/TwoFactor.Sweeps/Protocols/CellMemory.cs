namespace TwoFactor.Sweeps;

/// <summary>
/// Memory a cell needs, estimated from its size so that a sweep that cannot fit (N = 1e8 is 10^16 synapses)
/// is refused at validation instead of dying at run time.
/// </summary>
public static class CellMemory
{
    /// <summary>
    /// Bytes per synapse (N x N): two factors per synapse, the weights, their gradients and the recall
    /// scratch (8-byte doubles each) and the alive mask (1 byte); about 41 bytes in all.
    /// </summary>
    public const long BytesPerSynapse = 5 * sizeof(double) + 1;

    /// <summary>Bytes per pattern and neuron (N x M): the patterns and the training fields (doubles).</summary>
    public const long BytesPerPatternNeuron = 2 * sizeof(double);

    /// <summary>
    /// Estimate from N and M (M from alpha N when a protocol only resolves alpha); 0 when the parameters have
    /// no network size. Saturates at long.MaxValue instead of overflowing.
    /// </summary>
    public static long OfNetwork(IReadOnlyDictionary<string, object?> resolved)
    {
        if (!resolved.TryGetValue("N", out var nValue) || nValue is not long n || n <= 0) return 0;
        double m = resolved.TryGetValue("M", out var mValue) && mValue is long mLong ? mLong
            : resolved.TryGetValue("alpha", out var a) && a is double alpha ? Math.Round(alpha * n) : 0;
        double bytes = (double)n * n * BytesPerSynapse + (double)n * Math.Max(m, 0) * BytesPerPatternNeuron;
        return bytes >= long.MaxValue ? long.MaxValue : (long)bytes;
    }

    /// <summary>Memory this process may use: the machine's, or the container's / GC heap limit when lower.</summary>
    public static long Available() => GC.GetGCMemoryInfo().TotalAvailableMemoryBytes;

    /// <summary>"3.2 GiB", "450 MiB", "2.1e+08 GiB".</summary>
    public static string Format(long bytes)
    {
        double gib = bytes / (1024.0 * 1024 * 1024);
        return gib >= 1e6 ? $"{gib:0.#e+00} GiB" : gib >= 1 ? $"{gib:0.#} GiB" : $"{bytes / (1024.0 * 1024):0.#} MiB";
    }
}
