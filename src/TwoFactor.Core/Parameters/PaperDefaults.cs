namespace TwoFactor.Core.Parameters;

/// <summary>
/// The per-z hyperparameters the authors used for Figure 2 (MODEL.md section 4). The paper gives values
/// for z = 1..4 only; larger z reuse the z = 4 values (MODEL.md is silent there).
/// </summary>
public static class PaperDefaults
{
    private static readonly double[] EtaByZ = [1e-4, 5e-3, 7e-3, 7e-3];
    private static readonly double[] EtaThetaByZ = [1e-3, 5e-3, 7e-3, 7e-3];
    private static readonly double[] LByZ = [10, 20, 50, 50];
    private static readonly int[] EpochFactorByZ = [25, 30, 25, 25];

    public const double Beta = 100;
    public const double U0 = 0.1;
    public const int Seed = 100;
    public const int ConvergenceInterval = 10_000;
    public const double NoiseMax = 0.49;
    public const int RecallRepetitions = 20;
    public const int RecallSteps = 50;

    public static double Eta(int z) => EtaByZ[Index(z)];
    public static double EtaTheta(int z) => EtaThetaByZ[Index(z)];
    public static double L(int z) => LByZ[Index(z)];
    public static int EpochFactor(int z) => EpochFactorByZ[Index(z)];

    /// <summary>Epoch cap 500 * M * E_z.</summary>
    public static long EpochCap(int m, int z) => 500L * m * EpochFactor(z);

    private static int Index(int z) => Math.Clamp(z, 1, 4) - 1;
}
