using TwoFactor.Core.Parameters;

namespace TwoFactor.Core.Recall;

/// <summary>
/// Recall rate against noise level for one robustness test, and the tolerance: the noise level where the
/// rate first falls below 0.5 (linear interpolation between grid points). When the rate never falls below
/// 0.5 on the grid the tolerance is the grid's largest level and <see cref="ToleranceCensored"/> is true.
/// </summary>
public sealed record RecallCurve(RobustnessTest Test, double[] NoiseLevels, double[] RecallRates, double Tolerance, bool ToleranceCensored)
{
    public string Name => EnumNames.Name(Test);
}
