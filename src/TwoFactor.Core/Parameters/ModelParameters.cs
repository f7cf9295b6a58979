namespace TwoFactor.Core.Parameters;

/// <summary>
/// Everything that defines one static-consolidation simulation (one sweep cell). Optional values
/// (M, eta, eta_theta, L, max_epochs) fall back to the paper's per-z defaults in <see cref="Resolve"/>;
/// resolve before hashing so that "default" and "the default written out" are the same cell.
/// </summary>
public sealed record ModelParameters
{
    public int N { get; init; } = 200;
    /// <summary>Load; M = round(alpha N) unless M is given.</summary>
    public double? Alpha { get; init; } = 0.2;
    public int? M { get; init; }
    public double F { get; init; } = 0.5;
    public int Z { get; init; } = 2;
    public SynapseKind Synapse { get; init; } = SynapseKind.Product;
    public PatternKind Patterns { get; init; } = PatternKind.Bernoulli;
    public MemoryKind Memory { get; init; } = MemoryKind.Attractor;
    public double? Eta { get; init; }
    public double? EtaTheta { get; init; }
    public double? L { get; init; }
    public double Beta { get; init; } = PaperDefaults.Beta;
    public double U0 { get; init; } = PaperDefaults.U0;
    public long? MaxEpochs { get; init; }
    public int ConvergenceInterval { get; init; } = PaperDefaults.ConvergenceInterval;
    /// <summary>Record a trajectory point every this many epochs (0: none).</summary>
    public int TrajectoryInterval { get; init; } = 1000;
    public long Seed { get; init; } = PaperDefaults.Seed;
    /// <summary>Arithmetic of the simd and cuda engines; float64 (the default) keeps every earlier cell id and result.</summary>
    public Precision Precision { get; init; } = Precision.Float64;

    public IReadOnlyList<RobustnessTest> Tests { get; init; } = Enum.GetValues<RobustnessTest>();
    /// <summary>Noise grid: linspace(0, NoiseMax, NoiseLevels). The paper used 200 levels.</summary>
    public int NoiseLevels { get; init; } = 25;
    public double NoiseMax { get; init; } = PaperDefaults.NoiseMax;
    public int RecallRepetitions { get; init; } = PaperDefaults.RecallRepetitions;
    public int RecallSteps { get; init; } = PaperDefaults.RecallSteps;

    /// <summary>The storage rule (MODEL.md section 9); two-factor is everything above.</summary>
    public ModelKind Model { get; init; } = ModelKind.TwoFactor;
    // Baseline parameters: null means "the model's default" (or "does not apply" for other models).
    public HebbianSign? Sign { get; init; }
    public DeletionKind? Deletion { get; init; }
    public double? PruneFraction { get; init; }
    public double? TargetDensity { get; init; }
    public ThresholdRule? Threshold { get; init; }
    public double? DegradationDimension { get; init; }
    public double? DegradationScale { get; init; }
    public double? WeightCap { get; init; }
    public int? RegulationSteps { get; init; }
    public double? L1Lambda { get; init; }
    public double? Kappa { get; init; }

    public int PatternCount => M ?? (int)Math.Round((Alpha ?? 0) * N, MidpointRounding.AwayFromZero);
    public double EffectiveEta => Eta ?? (Model == ModelKind.L1Perceptron ? BaselineDefaults.L1Eta : PaperDefaults.Eta(Z));
    public double EffectiveEtaTheta => EtaTheta ?? PaperDefaults.EtaTheta(Z);
    public double EffectiveL => L ?? PaperDefaults.L(Z);
    public long EffectiveMaxEpochs => MaxEpochs ?? (Model == ModelKind.L1Perceptron ? BaselineDefaults.L1MaxEpochs : PaperDefaults.EpochCap(PatternCount, Z));

    /// <summary>
    /// A copy with every optional value made explicit (alpha and M both set, defaults written out). A baseline's
    /// own parameters get their defaults (BaselineDefaults.Resolve); those of other models stay as they are.
    /// </summary>
    public ModelParameters Resolve()
    {
        int m = PatternCount;
        return BaselineDefaults.Resolve(this) with
        {
            M = m,
            Alpha = Alpha ?? (double)m / N,
            Eta = EffectiveEta,
            EtaTheta = EffectiveEtaTheta,
            L = EffectiveL,
            MaxEpochs = EffectiveMaxEpochs,
        };
    }

    /// <summary>The noise levels of the robustness grid: linspace(0, NoiseMax, NoiseLevels), exact in decimal (<see cref="Recall.NoiseGrid"/>).</summary>
    public double[] NoiseGrid() => Recall.NoiseGrid.Linspace(NoiseMax, NoiseLevels);

    /// <summary>Every problem with these parameters, each naming the parameter and the allowed range.</summary>
    public IReadOnlyList<ParameterError> Validate() => ParameterValidation.Check(this);

    /// <summary>Throws <see cref="InvalidParametersException"/> listing every problem, if there is any.</summary>
    public ModelParameters EnsureValid()
    {
        InvalidParametersException.ThrowIfAny(Validate());
        return this;
    }
}
