using TwoFactor.Core.Parameters;

namespace TwoFactor.Sweeps;

/// <summary>
/// The static protocol's parameters: sweep-file keys (the `simulate` options without dashes, '-' -> '_')
/// and the conversion between typed dictionaries and <see cref="ModelParameters"/>.
/// </summary>
internal static class StaticParameters
{
    private static readonly ModelParameters Defaults = new();

    public static IReadOnlyList<ParameterDefinition> Definitions { get; } =
    [
        Int("N", Defaults.N, "Number of neurons"),
        new("alpha", ParameterType.Float, Defaults.Alpha, "0.2", "Load; M = round(alpha N) unless M is given", Optional: true),
        new("M", ParameterType.Integer, null, "round(alpha N)", "Number of patterns (overrides alpha)", Optional: true),
        Float("f", Defaults.F, "Coding level"),
        Int("z", Defaults.Z, "Factors per synapse"),
        Text("synapse", EnumNames.Name(Defaults.Synapse), "How a weight is built from its factors", EnumNames.AllSynapses),
        Text("patterns", EnumNames.Name(Defaults.Patterns), "Pattern generator", EnumNames.AllPatterns),
        Text("memory", EnumNames.Name(Defaults.Memory), "Fixed points (attractor) or a cyclic sequence", EnumNames.AllMemories),
        new("eta", ParameterType.Float, null, "paper value for z: 1e-4, 5e-3, 7e-3, 7e-3", "Factor learning rate", Optional: true),
        new("eta_theta", ParameterType.Float, null, "paper value for z: 1e-3, 5e-3, 7e-3, 7e-3", "Threshold learning rate", Optional: true),
        new("L", ParameterType.Float, null, "paper value for z: 10, 20, 50, 50", "Homeostatic norm target", Optional: true),
        Float("beta", Defaults.Beta, "Soft-min sharpness of phase B"),
        Float("u0", Defaults.U0, "Initial factor scale"),
        new("max_epochs", ParameterType.Integer, null, "500 M E_z, E_z = 25, 30, 25, 25", "Epoch cap", Optional: true),
        Int("convergence_interval", Defaults.ConvergenceInterval, "Epochs between convergence checks"),
        Int("trajectory_interval", Defaults.TrajectoryInterval, "Epochs between trajectory points (0: none)"),
        Int("seed", Defaults.Seed, "Random seed"),
        new("tests", ParameterType.TextList, Defaults.Tests.Select(EnumNames.Name).ToArray(), "all",
            "Robustness tests (a list, all or none)", EnumNames.AllTests.ToList()),
        Int("noise_levels", Defaults.NoiseLevels, "Points of the noise grid linspace(0, noise_max, n) (paper: 200)"),
        Float("noise_max", Defaults.NoiseMax, "Largest noise level"),
        Int("n_tests", Defaults.RecallRepetitions, "Repetitions per noise level"),
        Int("recall_steps", Defaults.RecallSteps, "Synchronous steps T of recall"),
        Text("precision", EnumNames.Name(Defaults.Precision), "Arithmetic of the simd and cuda engines (reference: float64 only)", EnumNames.AllPrecisions),
    ];

    /// <summary>Parameters that ModelParameters holds as int: larger values are rejected before conversion.</summary>
    private static readonly HashSet<string> Int32Names =
        ["N", "M", "z", "convergence_interval", "trajectory_interval", "noise_levels", "n_tests", "recall_steps"];

    /// <summary>Values outside int's range, reported before <see cref="ToModel"/> would overflow.</summary>
    public static IEnumerable<ParameterError> Int32Overflows(IReadOnlyDictionary<string, object?> values) =>
        values.Where(kv => Int32Names.Contains(kv.Key) && kv.Value is long v && (v < int.MinValue || v > int.MaxValue))
            .Select(kv => new ParameterError(kv.Key, $"must fit in a 32-bit integer (got {kv.Value})"));

    /// <summary>
    /// ModelParameters from typed values; absent keys keep their defaults. When M is given without alpha,
    /// alpha is left unset (derived as M / N), as `simulate --M` does, so M and alpha describe one cell.
    /// </summary>
    public static ModelParameters ToModel(IReadOnlyDictionary<string, object?> values)
    {
        var p = new ModelParameters();
        bool hasM = values.TryGetValue("M", out var mValue) && mValue is not null;
        bool hasAlpha = values.TryGetValue("alpha", out var alphaValue) && alphaValue is not null;
        if (hasM && !hasAlpha) p = p with { Alpha = null };
        foreach (var (key, value) in values)
        {
            if (value is null) continue;
            p = key switch
            {
                "N" => p with { N = (int)(long)value },
                "alpha" => p with { Alpha = (double)value },
                "M" => p with { M = (int)(long)value },
                "f" => p with { F = (double)value },
                "z" => p with { Z = (int)(long)value },
                "synapse" => p with { Synapse = Parse<SynapseKind>((string)value, EnumNames.TryParseSynapse) },
                "patterns" => p with { Patterns = Parse<PatternKind>((string)value, EnumNames.TryParsePattern) },
                "memory" => p with { Memory = Parse<MemoryKind>((string)value, EnumNames.TryParseMemory) },
                "eta" => p with { Eta = (double)value },
                "eta_theta" => p with { EtaTheta = (double)value },
                "L" => p with { L = (double)value },
                "beta" => p with { Beta = (double)value },
                "u0" => p with { U0 = (double)value },
                "max_epochs" => p with { MaxEpochs = (long)value },
                "convergence_interval" => p with { ConvergenceInterval = (int)(long)value },
                "trajectory_interval" => p with { TrajectoryInterval = (int)(long)value },
                "seed" => p with { Seed = (long)value },
                "tests" => p with { Tests = ((string[])value).Select(t => Parse<RobustnessTest>(t, EnumNames.TryParseTest)).ToArray() },
                "noise_levels" => p with { NoiseLevels = (int)(long)value },
                "noise_max" => p with { NoiseMax = (double)value },
                "n_tests" => p with { RecallRepetitions = (int)(long)value },
                "recall_steps" => p with { RecallSteps = (int)(long)value },
                "precision" => p with { Precision = Parse<Precision>((string)value, EnumNames.TryParsePrecision) },
                _ => throw new ArgumentException($"unknown static parameter '{key}'", nameof(values)),
            };
        }
        return p;
    }

    /// <summary>
    /// Every parameter of resolved ModelParameters in canonical form. Tests are listed once each in the
    /// fixed enum order: the set of tests run is what matters, not how the file ordered it.
    /// </summary>
    public static IReadOnlyDictionary<string, object?> FromModel(ModelParameters model)
    {
        var p = model.Resolve();
        return new Dictionary<string, object?>
        {
            ["N"] = (long)p.N,
            ["alpha"] = p.Alpha,
            ["M"] = (long?)p.M,
            ["f"] = p.F,
            ["z"] = (long)p.Z,
            ["synapse"] = EnumNames.Name(p.Synapse),
            ["patterns"] = EnumNames.Name(p.Patterns),
            ["memory"] = EnumNames.Name(p.Memory),
            ["eta"] = p.Eta,
            ["eta_theta"] = p.EtaTheta,
            ["L"] = p.L,
            ["beta"] = p.Beta,
            ["u0"] = p.U0,
            ["max_epochs"] = p.MaxEpochs,
            ["convergence_interval"] = (long)p.ConvergenceInterval,
            ["trajectory_interval"] = (long)p.TrajectoryInterval,
            ["seed"] = p.Seed,
            ["tests"] = p.Tests.Distinct().Order().Select(EnumNames.Name).ToArray(),
            ["noise_levels"] = (long)p.NoiseLevels,
            ["noise_max"] = p.NoiseMax,
            ["n_tests"] = (long)p.RecallRepetitions,
            ["recall_steps"] = (long)p.RecallSteps,
        }
        // Only a non-default precision enters the canonical parameters: float64 cells keep the ids they had before the key existed.
        .WithEntryUnless("precision", EnumNames.Name(p.Precision), p.Precision == Defaults.Precision);
    }

    private static Dictionary<string, object?> WithEntryUnless(this Dictionary<string, object?> values, string key, object value, bool omit)
    {
        if (!omit) values[key] = value;
        return values;
    }

    private delegate bool TryParser<T>(string text, out T value);

    private static T Parse<T>(string text, TryParser<T> parse) where T : struct =>
        parse(text, out var value) ? value : throw new ArgumentException($"unknown value '{text}'");

    private static ParameterDefinition Int(string name, long value, string description) =>
        new(name, ParameterType.Integer, value, value.ToString(System.Globalization.CultureInfo.InvariantCulture), description);

    private static ParameterDefinition Float(string name, double value, string description) =>
        new(name, ParameterType.Float, value, CanonicalText.Format(value), description);

    private static ParameterDefinition Text(string name, string value, string description, IReadOnlyCollection<string> allowed) =>
        new(name, ParameterType.Text, value, value, description, allowed.ToList());
}
