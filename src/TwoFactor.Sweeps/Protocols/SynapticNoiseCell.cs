using TwoFactor.Core.Noise;
using TwoFactor.Core.Parameters;

namespace TwoFactor.Sweeps;

/// <summary>
/// One cell of the intrinsic synaptic-noise study (MODEL.md section 8): which spine-size process to simulate
/// (the z-factor process or a baseline), its parameters, and how the traces are analysed. Defaults are the
/// paper's for the z-factor process and Core's documented defaults for the baselines (docs/science.md).
/// </summary>
public sealed record SynapticNoiseCell
{
    public const string ZFactor = "z-factor";
    public const string Kesten = "kesten";
    public const string Multiplicative = "multiplicative";
    public static IReadOnlyList<string> Models { get; } = [ZFactor, Kesten, Multiplicative];

    public string Model { get; init; } = ZFactor;
    public SynapticNoiseParameters Process { get; init; } = new();
    public KestenParameters KestenProcess { get; init; } = new();
    public MultiplicativeParameters MultiplicativeProcess { get; init; } = new();
    /// <summary>Last samples analysed (144: 24 h of 10-minute samples, the Kaufman imaging span).</summary>
    public int Window { get; init; } = 144;
    public int Bootstrap { get; init; } = 200;
    public long BootstrapSeed { get; init; } = 123;
    /// <summary>Spine traces the model's CV curve is compared with (R^2); relative paths are looked up from the working folder and the install.</summary>
    public string DataFile { get; init; } = "data/kaufman_2012.csv";

    public IReadOnlyList<ParameterError> Validate()
    {
        var errors = new List<ParameterError>();
        if (!Models.Contains(Model)) errors.Add(new("model", $"must be one of {string.Join(", ", Models)} (got '{Model}')"));
        errors.AddRange(Model switch
        {
            Kesten => KestenProcess.Validate(),
            Multiplicative => MultiplicativeProcess.Validate(),
            _ => Process.Validate(),
        });
        if (Window < 2) errors.Add(new("window", $"must be at least 2 (got {Window})"));
        if (Bootstrap < 1) errors.Add(new("bootstrap", $"must be at least 1 (got {Bootstrap})"));
        return errors;
    }
}
