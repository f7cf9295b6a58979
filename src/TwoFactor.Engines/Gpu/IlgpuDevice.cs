using System.Numerics;
using ILGPU;
using ILGPU.Runtime;
using ILGPU.Runtime.CPU;
using ILGPU.Runtime.Cuda;

namespace TwoFactor.Engines.Gpu;

/// <summary>
/// An ILGPU context and accelerator: the first CUDA device when one exists, else ILGPU's CPU accelerator,
/// which runs the same kernels (emulated) so machines without a GPU still execute and test them. Also holds what
/// the engines on it choose by the kind of device (the threads per neuron group, the epochs per launch, the
/// suffix of their names), so training and recall make those choices in one place.
/// </summary>
public sealed class IlgpuDevice : IDisposable
{
    /// <summary>
    /// Threads per neuron group on CUDA: four warps, so the fields of a neuron with M of a few hundred patterns
    /// keep every thread busy and the group's reduction scratch (8 G doubles, 8 KiB) leaves most of the 48 KiB of
    /// shared memory to the per-pattern vectors.
    /// </summary>
    public const int CudaGroupSize = 128;

    /// <summary>
    /// Threads per neuron group on the CPU accelerator. It runs every thread of a group as an OS thread and every
    /// barrier as a System.Threading.Barrier (tens of microseconds each), so groups stay small; two threads still
    /// exercise the splitting and the reductions.
    /// </summary>
    public const int DefaultCpuGroupSize = 2;

    /// <summary>Default maximum epochs per training launch on CUDA: long enough that launch and copy overheads vanish.</summary>
    public const int CudaEpochsPerLaunch = 256;

    /// <summary>Default on the CPU accelerator: a wrong phase guess there wastes emulated epochs, which are expensive.</summary>
    public const int CpuEpochsPerLaunch = 16;

    private readonly Context _context;

    /// <summary>
    /// One device per process, opened on first use, for the engines created without one (training and recall):
    /// contexts are expensive, and both lock it while they use it, so they take turns on one accelerator stream.
    /// </summary>
    private static readonly Lazy<IlgpuDevice> SharedDevice = new(() => Open());

    /// <summary>The process-wide device (never disposed: it lives as long as the process).</summary>
    internal static IlgpuDevice Shared => SharedDevice.Value;

    private IlgpuDevice(Context context, Accelerator accelerator, bool isCuda, int groupSize)
    {
        _context = context;
        Accelerator = accelerator;
        IsCuda = isCuda;
        if (groupSize > accelerator.MaxNumThreadsPerGroup)
        {
            accelerator.Dispose();
            context.Dispose();
            throw new ArgumentOutOfRangeException(nameof(groupSize), $"group size {groupSize} exceeds {accelerator.MaxNumThreadsPerGroup} threads on {accelerator.Name}");
        }
        GroupSize = groupSize;
    }

    public Accelerator Accelerator { get; }
    public bool IsCuda { get; }
    public string Description => Accelerator.Name;

    /// <summary>Threads per neuron group (a power of two); results depend on it only through the order of reduction sums.</summary>
    public int GroupSize { get; }

    /// <summary>Default maximum epochs per training launch here (<see cref="CudaEpochsPerLaunch"/> or <see cref="CpuEpochsPerLaunch"/>).</summary>
    public int DefaultEpochsPerLaunch => IsCuda ? CudaEpochsPerLaunch : CpuEpochsPerLaunch;

    /// <summary>An engine's name as results state it: <paramref name="engine"/> on CUDA, marked as emulated on the CPU accelerator.</summary>
    public string EngineName(string engine) => IsCuda ? engine : $"{engine}(cpu-accelerator)";

    /// <param name="forceCpu">Use the CPU accelerator even when a CUDA device exists (tests).</param>
    public static IlgpuDevice Open(bool forceCpu = false)
    {
        if (forceCpu || !CudaAvailable()) return OpenCpu();
        var context = Context.Create(builder => builder.Cuda().EnableAlgorithms().Optimize(OptimizationLevel.O1));
        var accelerator = context.GetCudaDevices()[0].CreateAccelerator(context);
        return new IlgpuDevice(context, accelerator, isCuda: true, Math.Min(CudaGroupSize, 1 << BitOperations.Log2((uint)accelerator.MaxNumThreadsPerGroup)));
    }

    /// <summary>ILGPU's CPU accelerator, emulating groups of <paramref name="groupSize"/> threads (a power of two).</summary>
    public static IlgpuDevice OpenCpu(int groupSize = DefaultCpuGroupSize)
    {
        // The reduction trees halve the group at every level.
        if (groupSize < 1 || !BitOperations.IsPow2(groupSize))
            throw new ArgumentOutOfRangeException(nameof(groupSize), $"group size {groupSize} is not a power of two");
        // One multiprocessor: groups run one after another, each thread of a group on its own OS thread.
        var cpu = new CPUDevice(numThreadsPerWarp: Math.Max(2, groupSize), numWarpsPerMultiprocessor: 1, numMultiprocessors: 1);
        var context = Context.Create(builder => builder.CPU(cpu).EnableAlgorithms().Optimize(OptimizationLevel.O1));
        var accelerator = context.GetCPUDevice(0).CreateCPUAccelerator(context, CPUAcceleratorMode.Parallel);
        return new IlgpuDevice(context, accelerator, isCuda: false, groupSize);
    }

    /// <summary>True when a CUDA device is visible (without keeping a context open).</summary>
    public static bool CudaAvailable()
    {
        try
        {
            using var context = Context.Create(builder => builder.Cuda());
            return context.GetCudaDevices().Count > 0;
        }
        catch (Exception)
        {
            return false; // no driver library: no CUDA
        }
    }

    public void Dispose()
    {
        Accelerator.Dispose();
        _context.Dispose();
    }
}
