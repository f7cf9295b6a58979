using System.Runtime.CompilerServices;

namespace TwoFactor.Engines.Gpu;

/// <summary>
/// The arithmetic of the element type <typeparamref name="T"/> in which <see cref="EpochKernels"/> stores and
/// computes factors, weights, dw/du, fields, soft-min weights and both products of an epoch (fields and phase-B
/// drive). One kernel body serves both precisions: ILGPU specializes it per implementation (a struct, called
/// through <c>default(TPrecision)</c>, which is how ILGPU kernels take generic operations; its compiler inlines
/// them). Everything the float32 analysis keeps in float64 (docs/engines.md, "float32") the kernel computes in
/// double whatever T is: thresholds, the sums and minimum of |h|, the soft-min exponentials and their sums, the
/// normalization's sum of squares and scale.
/// </summary>
public interface IKernelPrecision<T> where T : unmanaged
{
    T FromDouble(double x);
    double ToDouble(T x);
    T FromPattern(byte xi);
    T Add(T a, T b);
    T Multiply(T a, T b);
}

/// <summary>float64 throughout: the reference's arithmetic (conversions are the identity).</summary>
public readonly struct Float64Precision : IKernelPrecision<double>
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public double FromDouble(double x) => x;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public double ToDouble(double x) => x;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public double FromPattern(byte xi) => xi;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public double Add(double a, double b) => a + b;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public double Multiply(double a, double b) => a * b;
}

/// <summary>float32 storage and arithmetic (<c>precision: float32</c>); double values are rounded once on the way in.</summary>
public readonly struct Float32Precision : IKernelPrecision<float>
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public float FromDouble(double x) => (float)x;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public double ToDouble(float x) => x;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public float FromPattern(byte xi) => xi;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public float Add(float a, float b) => a + b;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public float Multiply(float a, float b) => a * b;
}
