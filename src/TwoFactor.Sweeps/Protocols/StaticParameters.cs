using TwoFactor.Core.Parameters;
using B = TwoFactor.Sweeps.RecordBinding<TwoFactor.Core.Parameters.ModelParameters>;

namespace TwoFactor.Sweeps;

/// <summary>One static parameter: its binding to <see cref="ModelParameters"/> and the models it applies to (null: every model).</summary>
public sealed record StaticParameter(ParameterDefinition Definition, IReadOnlyList<ModelKind>? Models)
{
    internal B Binding { get; init; } = null!;

    public bool AppliesTo(ModelKind model) => Models is null || Models.Contains(model);

    /// <summary>The `simulate` option of this parameter: the key with '_' as '-' (eta_theta is --eta-theta).</summary>
    public string OptionName => "--" + Definition.Name.Replace('_', '-');
}

/// <summary>
/// The static protocol's parameters, defined once (issue 15): sweep-file key, type, default, description, the models
/// it applies to, and how it is written to and read from <see cref="ModelParameters"/>. The sweep loader, the
/// results schema and the `simulate` options are all generated from <see cref="Table"/>; adding a parameter is one line.
/// </summary>
public static class StaticParameters
{
    private static readonly ModelParameters Defaults = new();
    private static readonly ModelKind[] TwoFactor = [ModelKind.TwoFactor];
    private static readonly ModelKind[] Learned = [ModelKind.TwoFactor, ModelKind.L1Perceptron];
    private static readonly ModelKind[] Thresholded =
        [ModelKind.Hebbian, ModelKind.Willshaw, ModelKind.HebbianPruned, ModelKind.NeuronalRegulation];
    private static readonly ModelKind[] Regulation = [ModelKind.NeuronalRegulation];
    private static readonly ModelKind[] L1 = [ModelKind.L1Perceptron];

    public static IReadOnlyList<StaticParameter> Table { get; } =
    [
        P(B.Int("N", "Number of neurons", p => p.N, (p, v) => p with { N = v }, Defaults)),
        P(new B(new ParameterDefinition("alpha", ParameterType.Float, Defaults.Alpha, "0.2", "Load; M = round(alpha N) unless M is given", Optional: true),
            (p, v) => p with { Alpha = (double?)v }, p => p.Alpha)),
        P(B.OptionalInt("M", "Number of patterns (overrides alpha)", "round(alpha N)", p => p.M, (p, v) => p with { M = v })),
        P(B.Float("f", "Coding level", p => p.F, (p, v) => p with { F = v }, Defaults)),
        P(B.Int("z", "Factors per synapse", p => p.Z, (p, v) => p with { Z = v }, Defaults), TwoFactor),
        P(Choice("synapse", "How a weight is built from its factors", p => p.Synapse, (p, v) => p with { Synapse = v }, EnumNames.Name, EnumNames.TryParseSynapse, EnumNames.AllSynapses), TwoFactor),
        P(Choice("patterns", "Pattern generator", p => p.Patterns, (p, v) => p with { Patterns = v }, EnumNames.Name, EnumNames.TryParsePattern, EnumNames.AllPatterns)),
        P(Choice("memory", "Fixed points (attractor) or a cyclic sequence", p => p.Memory, (p, v) => p with { Memory = v }, EnumNames.Name, EnumNames.TryParseMemory, EnumNames.AllMemories)),
        P(B.OptionalFloat("eta", "Learning rate (two-factor: of the factors; l1-perceptron: of the weights)",
            "paper value for z: 1e-4, 5e-3, 7e-3, 7e-3; l1-perceptron 1e-3", p => p.Eta, (p, v) => p with { Eta = v }), Learned),
        P(B.OptionalFloat("eta_theta", "Threshold learning rate", "paper value for z: 1e-3, 5e-3, 7e-3, 7e-3", p => p.EtaTheta, (p, v) => p with { EtaTheta = v }), TwoFactor),
        P(B.OptionalFloat("L", "Homeostatic norm target", "paper value for z: 10, 20, 50, 50", p => p.L, (p, v) => p with { L = v }), TwoFactor),
        P(B.Float("beta", "Soft-min sharpness of phase B", p => p.Beta, (p, v) => p with { Beta = v }, Defaults), TwoFactor),
        P(B.Float("u0", "Initial factor scale", p => p.U0, (p, v) => p with { U0 = v }, Defaults), TwoFactor),
        P(B.OptionalLong("max_epochs", "Epoch cap", "500 M E_z, E_z = 25, 30, 25, 25; l1-perceptron 2000", p => p.MaxEpochs, (p, v) => p with { MaxEpochs = v }), Learned),
        P(B.Int("convergence_interval", "Epochs between convergence checks", p => p.ConvergenceInterval, (p, v) => p with { ConvergenceInterval = v }, Defaults), TwoFactor),
        P(B.Int("trajectory_interval", "Epochs between trajectory points (0: none)", p => p.TrajectoryInterval, (p, v) => p with { TrajectoryInterval = v }, Defaults), TwoFactor),
        P(B.Long("seed", "Random seed", p => p.Seed, (p, v) => p with { Seed = v }, Defaults)),
        // Tests are listed once each in the fixed enum order: the set of tests run is what matters, not the file's order.
        P(B.TextList("tests", "Robustness tests (a list, all or none)", "all",
            p => p.Tests.Distinct().Order().Select(EnumNames.Name).ToArray(),
            (p, v) => p with { Tests = v.Select(t => Parse<RobustnessTest>(t, EnumNames.TryParseTest)).ToArray() }, Defaults, EnumNames.AllTests.ToList())),
        P(B.Int("noise_levels", "Points of the noise grid linspace(0, noise_max, n) (paper: 200)", p => p.NoiseLevels, (p, v) => p with { NoiseLevels = v }, Defaults)),
        P(B.Float("noise_max", "Largest noise level", p => p.NoiseMax, (p, v) => p with { NoiseMax = v }, Defaults)),
        P(B.Int("n_tests", "Repetitions per noise level", p => p.RecallRepetitions, (p, v) => p with { RecallRepetitions = v }, Defaults)),
        P(B.Int("recall_steps", "Synchronous steps T of recall", p => p.RecallSteps, (p, v) => p with { RecallSteps = v }, Defaults)),
        P(Choice("precision", "Arithmetic of the simd and cuda engines (reference: float64 only)", p => p.Precision, (p, v) => p with { Precision = v },
            EnumNames.Name, EnumNames.TryParsePrecision, EnumNames.AllPrecisions), TwoFactor),
        // MODEL.md section 9: the storage rule and the baselines' own parameters (null where they do not apply).
        P(Choice("model", "Storage rule (MODEL.md section 9)", p => p.Model, (p, v) => p with { Model = v }, EnumNames.Name, EnumNames.TryParseModel, EnumNames.AllModels)),
        P(OptionalChoice("sign", "How hebbian makes J non-negative", "clip", p => p.Sign, (p, v) => p with { Sign = v }, EnumNames.Name, EnumNames.TryParseSign, EnumNames.AllSigns), [ModelKind.Hebbian]),
        P(OptionalChoice("deletion", "Which weights hebbian-pruned deletes", "minimal-value", p => p.Deletion, (p, v) => p with { Deletion = v }, EnumNames.Name, EnumNames.TryParseDeletion, EnumNames.AllDeletions), [ModelKind.HebbianPruned]),
        P(B.OptionalFloat("prune_fraction", "Fraction d of each neuron's alive weights deleted, in [0, 1)", "0.5 unless target_density is given", p => p.PruneFraction, (p, v) => p with { PruneFraction = v }), [ModelKind.HebbianPruned]),
        P(B.OptionalFloat("target_density", "Network density to prune (hebbian-pruned) or regulate (neuronal-regulation) down to, in (0, 1]", "none", p => p.TargetDensity, (p, v) => p with { TargetDensity = v }), [ModelKind.HebbianPruned, ModelKind.NeuronalRegulation]),
        P(OptionalChoice("threshold", "Thresholds of the rules that do not learn them", "margin-optimal", p => p.Threshold, (p, v) => p with { Threshold = v }, EnumNames.Name, EnumNames.TryParseThreshold, EnumNames.AllThresholds), Thresholded),
        P(B.OptionalFloat("degradation_dimension", "Exponent a of the degradation w^a", "0.8", p => p.DegradationDimension, (p, v) => p with { DegradationDimension = v }), Regulation),
        P(B.OptionalFloat("degradation_scale", "mu_d = sd_d of the degradation noise, in initial mean alive weights", "0.01", p => p.DegradationScale, (p, v) => p with { DegradationScale = v }), Regulation),
        P(B.OptionalFloat("weight_cap", "Cap B of a weight, in initial mean alive weights", "5", p => p.WeightCap, (p, v) => p with { WeightCap = v }), Regulation),
        P(B.OptionalInt("regulation_steps", "Degradation and regulation steps", "1000", p => p.RegulationSteps, (p, v) => p with { RegulationSteps = v }), Regulation),
        P(B.OptionalFloat("l1_lambda", "Constant extra depression lambda (L1 penalty)", "0", p => p.L1Lambda, (p, v) => p with { L1Lambda = v }), L1),
        P(B.OptionalFloat("kappa", "Margin the perceptron enforces, in units of the initial weight scale 0.1", "1", p => p.Kappa, (p, v) => p with { Kappa = v }), L1),
    ];

    public static IReadOnlyList<ParameterDefinition> Definitions { get; } = Table.Select(p => p.Definition).ToList();

    private static readonly IReadOnlyList<B> Bindings = Table.Select(p => p.Binding).ToList();

    /// <summary>The parameter of a sweep-file key, or null.</summary>
    public static StaticParameter? Find(string name) => Table.FirstOrDefault(p => p.Definition.Name == name);

    /// <summary>
    /// Range and consistency checks of one cell's given values: 32-bit overflows first (they cannot be converted),
    /// then parameters given (non-null) for a model they do not belong to, then the model's own range checks.
    /// </summary>
    public static IReadOnlyList<ParameterError> Validate(IReadOnlyDictionary<string, object?> specified)
    {
        var overflows = RecordBindings.Int32Overflows(Bindings, specified).ToList();
        if (overflows.Count > 0) return overflows;
        // M overrides alpha: with both given, alpha is stored in the row but not simulated, so cells that differ
        // only in alpha get different ids for one and the same simulation.
        if (specified.TryGetValue("M", out var m) && m is not null && specified.TryGetValue("alpha", out var alpha) && alpha is not null)
            return [new ParameterError("alpha", "alpha and M are both given; M fixes the pattern count, so alpha would be " +
                "recorded but not used (cells differing only in alpha would be one simulation); give alpha or M, not both")];
        var p = ToModel(specified);
        var wrongModel = specified
            .Where(kv => kv.Value is not null && Find(kv.Key) is { } def && !def.AppliesTo(p.Model))
            .Select(kv => new ParameterError(kv.Key, $"applies to model {string.Join(", ", Find(kv.Key)!.Models!.Select(EnumNames.Name))} only, " +
                $"not to {EnumNames.Name(p.Model)} (set it per model: docs/sweeps.md, per-model blocks)"))
            .ToList();
        return wrongModel.Count > 0 ? [.. wrongModel, .. p.Validate()] : p.Validate();
    }

    /// <summary>
    /// Parameters from text values keyed by parameter name (the `simulate` options), parsed exactly as sweep-file
    /// values are, then <see cref="Validate"/>d; every problem at once.
    /// </summary>
    public static (ModelParameters? Parameters, IReadOnlyList<ParameterError> Errors) Parse(IReadOnlyDictionary<string, string> texts)
    {
        var specErrors = new List<SpecError>();
        var values = new Dictionary<string, object?>();
        var source = new SourceLocation(SourceLocation.CommandLine, 0);
        foreach (var (name, text) in texts)
        {
            var def = Find(name)?.Definition ?? throw new ArgumentException($"unknown static parameter '{name}'", nameof(texts));
            if (ValueParser.TryParse(def, new ScalarNode(text, false, source), name, specErrors, out var value)) values[name] = value;
        }
        var errors = specErrors.Select(e => new ParameterError(e.KeyPath, e.Reason)).ToList();
        if (errors.Count == 0) errors.AddRange(Validate(values));
        return errors.Count == 0 ? (ToModel(values), errors) : (null, errors);
    }

    /// <summary>
    /// ModelParameters from typed values; absent keys keep their defaults. When M is given without alpha,
    /// alpha is left unset (derived as M / N), as `simulate --M` does, so M and alpha describe one cell.
    /// </summary>
    public static ModelParameters ToModel(IReadOnlyDictionary<string, object?> values)
    {
        bool hasM = values.TryGetValue("M", out var mValue) && mValue is not null;
        bool hasAlpha = values.TryGetValue("alpha", out var alphaValue) && alphaValue is not null;
        var start = hasM && !hasAlpha ? Defaults with { Alpha = null } : Defaults;
        return RecordBindings.ToRecord(Bindings, start, values);
    }

    /// <summary>
    /// The canonical resolved form: every parameter that applies to the cell's model (so a baseline row has null
    /// z, and a two-factor row null baseline parameters), `model` always.
    /// </summary>
    public static IReadOnlyDictionary<string, object?> FromModel(ModelParameters model)
    {
        var p = model.Resolve();
        return Table.Where(e => e.AppliesTo(p.Model)).ToDictionary(e => e.Definition.Name, e => e.Binding.Read(p));
    }

    /// <summary>
    /// What a static cell id hashes: the resolved form without the keys that were added later at their defaults, so
    /// existing cells keep their ids: `model` for two-factor cells (they have none of the baselines' keys either) and
    /// `precision` when it is float64. A baseline cell hashes `model` and its own keys, none of the two-factor-only ones;
    /// a float32 cell hashes its precision.
    /// </summary>
    public static IReadOnlyDictionary<string, object?> IdentityParameters(IReadOnlyDictionary<string, object?> resolved) =>
        resolved.Where(kv => !IsLaterDefault(kv.Key, kv.Value)).ToDictionary(kv => kv.Key, kv => kv.Value);

    private static bool IsLaterDefault(string key, object? value) => key switch
    {
        "model" => value is string m && m == EnumNames.Name(ModelKind.TwoFactor),
        "precision" => value is string p && p == EnumNames.Name(Precision.Float64),
        _ => false,
    };

    private static StaticParameter P(B binding, IReadOnlyList<ModelKind>? models = null) =>
        new(binding.Definition, models) { Binding = binding };

    private delegate bool TryParser<T>(string text, out T value);

    private static T Parse<T>(string text, TryParser<T> parse) where T : struct =>
        parse(text, out var value) ? value : throw new ArgumentException($"unknown value '{text}'");

    private static B Choice<T>(string name, string description, Func<ModelParameters, T> get, Func<ModelParameters, T, ModelParameters> set,
        Func<T, string> format, TryParser<T> parse, IReadOnlyCollection<string> allowed) where T : struct =>
        B.Text(name, description, p => format(get(p)), (p, v) => set(p, Parse(v, parse)), Defaults, allowed.ToList());

    private static B OptionalChoice<T>(string name, string description, string defaultText, Func<ModelParameters, T?> get,
        Func<ModelParameters, T?, ModelParameters> set, Func<T, string> format, TryParser<T> parse, IReadOnlyCollection<string> allowed) where T : struct =>
        B.OptionalText(name, description, defaultText, p => get(p) is { } v ? format(v) : null,
            (p, v) => set(p, v is null ? null : Parse(v, parse)), allowed.ToList());
}
