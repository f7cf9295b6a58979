namespace TwoFactor.Engines.Gpu;

/// <summary>The epoch kernel's shared memory per group, checked against the device before anything is launched.</summary>
internal static class SharedMemoryLimit
{
    /// <summary>
    /// Returns the bytes of dynamic shared memory a group needs (<see cref="EpochKernels.SharedBytes"/>), or throws
    /// when a neuron's per-pattern vectors do not fit the device's shared memory per group (48 KiB on CUDA without
    /// opt-in: M up to about 2,500 patterns in float64 and 5,000 in float32 with groups of 128 threads).
    /// </summary>
    public static long Require(int m, int groupSize, int elementBytes, long availableBytes)
    {
        long bytes = EpochKernels.SharedBytes(m, groupSize, elementBytes);
        if (bytes <= availableBytes) return bytes;
        throw new NotSupportedException(
            $"the cuda engine keeps a neuron's fields in shared memory: M = {m} patterns need {bytes} bytes per group of " +
            $"{groupSize} threads in {8 * elementBytes}-bit precision, the device offers {availableBytes}; use fewer patterns or another engine");
    }
}
