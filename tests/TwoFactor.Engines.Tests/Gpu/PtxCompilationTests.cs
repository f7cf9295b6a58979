using ILGPU;
using ILGPU.Backends;
using ILGPU.Backends.EntryPoints;
using ILGPU.Backends.PTX;
using ILGPU.Runtime;
using ILGPU.Runtime.Cuda;
using TwoFactor.Engines.Gpu;

namespace TwoFactor.Engines.Tests.Gpu;

/// <summary>
/// The CPU accelerator runs the kernels' .NET code; a GPU runs what ILGPU's PTX backend makes of it, and
/// that backend rejects constructs the CPU accelerator accepts. With no GPU here, the kernels are at least
/// compiled to PTX for the H100/H200 architecture (sm_90), as the CUDA accelerator would compile them, so
/// such a construct fails here rather than on the first GPU node. (Assembling the PTX needs the driver.)
/// </summary>
public sealed class PtxCompilationTests
{
    /// <summary>The explicitly grouped kernels: training epochs and recall dynamics.</summary>
    public static TheoryData<Type> Kernels => new() { typeof(EpochKernels), typeof(RecallKernels) };

    [Theory]
    [MemberData(nameof(Kernels))]
    public void Kernel_compiles_to_PTX_for_sm_90(Type kernels)
    {
        var method = kernels.GetMethod("Run") ?? throw new InvalidOperationException($"no kernel {kernels.Name}.Run");
        using var context = Context.Create(builder => builder.Default().EnableAlgorithms().Optimize(OptimizationLevel.O1));
        var backend = new PTXBackend(context, CudaArchitecture.SM_90, CudaInstructionSet.ISA_80, nvvmAPI: null!); // no NVVM: ILGPU's own PTX generator, as on a machine without the CUDA toolkit

        var compiled = (PTXCompiledKernel)backend.Compile(EntryPointDescription.FromExplicitlyGroupedKernel(method), new KernelSpecialization());

        Assert.Contains(".entry", compiled.PTXAssembly);
        Assert.Contains("__dyn_shared_alloca", compiled.PTXAssembly); // per-group vectors (fields, a cue's state) in dynamic shared memory
        Assert.Contains("bar.sync", compiled.PTXAssembly);            // group barriers survived compilation
    }
}
