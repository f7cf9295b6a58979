using System.Reflection;
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
    /// <summary>The explicitly grouped kernels: training epochs in both precisions and recall dynamics.</summary>
    public static TheoryData<string> Kernels => new() { "epochs float64", "epochs float32", "recall" };

    private static MethodInfo Kernel(string name) => name switch
    {
        "epochs float64" => EpochKernel().MakeGenericMethod(typeof(double), typeof(Float64Precision)),
        "epochs float32" => EpochKernel().MakeGenericMethod(typeof(float), typeof(Float32Precision)),
        "recall" => typeof(RecallKernels).GetMethod(nameof(RecallKernels.Run))!,
        _ => throw new ArgumentOutOfRangeException(nameof(name)),
    };

    private static MethodInfo EpochKernel() => typeof(EpochKernels).GetMethod(nameof(EpochKernels.Run))!;

    [Theory]
    [MemberData(nameof(Kernels))]
    public void Kernel_compiles_to_PTX_for_sm_90(string kernel)
    {
        string ptx = CompileToPtx(Kernel(kernel));
        Assert.Contains(".entry", ptx);
        Assert.Contains("__dyn_shared_alloca", ptx); // per-group vectors (fields, a cue's state) in dynamic shared memory
        Assert.Contains("bar.sync", ptx);            // group barriers survived compilation
    }

    /// <summary>
    /// The float32 kernel really computes in single precision (the products of fields and drive as .f32 adds and
    /// multiplies), and keeps the thresholds' and reductions' double arithmetic; the float64 kernel has no float
    /// arithmetic at all.
    /// </summary>
    [Fact]
    public void The_float32_kernel_computes_in_single_precision_where_the_float64_one_does_not()
    {
        string single = CompileToPtx(Kernel("epochs float32"));
        string @double = CompileToPtx(Kernel("epochs float64"));
        Assert.Matches(@"\b(add|fma)\.rn\.f32\b|\badd\.f32\b", single);
        Assert.Matches(@"\bmul(\.rn)?\.f32\b|\bfma\.rn\.f32\b", single);
        Assert.Matches(@"\b(add|fma)(\.rn)?\.f64\b", single);     // theta, sums of |h|, soft-min sums, squares
        Assert.DoesNotMatch(@"\b(add|mul|fma)(\.rn)?\.f32\b", @double);
    }

    private static string CompileToPtx(MethodInfo method)
    {
        using var context = Context.Create(builder => builder.Default().EnableAlgorithms().Optimize(OptimizationLevel.O1));
        var backend = new PTXBackend(context, CudaArchitecture.SM_90, CudaInstructionSet.ISA_80, nvvmAPI: null!); // no NVVM: ILGPU's own PTX generator, as on a machine without the CUDA toolkit
        var compiled = (PTXCompiledKernel)backend.Compile(EntryPointDescription.FromExplicitlyGroupedKernel(method), new KernelSpecialization());
        return compiled.PTXAssembly;
    }
}
