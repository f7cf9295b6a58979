using ILGPU;
using ILGPU.Runtime;
using ILGPU.Runtime.Cuda;

namespace TwoFactor.Engines.Gpu;

/// <summary>
/// An ILGPU context and accelerator: the first CUDA device when one exists, else ILGPU's CPU accelerator,
/// which runs the same kernels (emulated) so machines without a GPU still execute and test them.
/// </summary>
public sealed class IlgpuDevice : IDisposable
{
    private readonly Context _context;

    private IlgpuDevice(Context context, Accelerator accelerator, bool isCuda)
    {
        _context = context;
        Accelerator = accelerator;
        IsCuda = isCuda;
    }

    public Accelerator Accelerator { get; }
    public bool IsCuda { get; }
    public string Description => Accelerator.Name;

    /// <param name="forceCpu">Use the CPU accelerator even when a CUDA device exists (tests).</param>
    public static IlgpuDevice Open(bool forceCpu = false)
    {
        var context = Context.Create(builder => builder.Default().EnableAlgorithms().Optimize(OptimizationLevel.O1));
        Device? cuda = forceCpu ? null : context.GetCudaDevices().Count > 0 ? context.GetCudaDevices()[0] : null;
        var device = cuda ?? context.GetPreferredDevice(preferCPU: true);
        return new IlgpuDevice(context, device.CreateAccelerator(context), cuda is not null);
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
