using System.CommandLine;
using TwoFactor.Core.Parameters;

namespace TwoFactor.Cli.Commands;

/// <summary>
/// The model options of `twofactor simulate`. Option names match the sweep-file keys (N, alpha, eta_theta
/// becomes --eta-theta), and parsing into <see cref="ModelParameters"/> collects every error at once.
/// </summary>
public sealed class SimulateOptions
{
    private static readonly ModelParameters Defaults = new();

    public Option<int> N { get; } = new("--N") { Description = "Number of neurons", DefaultValueFactory = _ => Defaults.N };
    public Option<double?> Alpha { get; } = new("--alpha") { Description = "Load alpha; M = round(alpha N) [default: 0.2]" };
    public Option<int?> M { get; } = new("--M") { Description = "Number of patterns (overrides --alpha)" };
    public Option<double> F { get; } = new("--f") { Description = "Coding level", DefaultValueFactory = _ => Defaults.F };
    public Option<int> Z { get; } = new("--z") { Description = "Factors per synapse", DefaultValueFactory = _ => Defaults.Z };
    public Option<string> Synapse { get; } = new("--synapse") { Description = "product | power | signed | signed-free", DefaultValueFactory = _ => "product" };
    public Option<string> Patterns { get; } = new("--patterns") { Description = "bernoulli | exact", DefaultValueFactory = _ => "bernoulli" };
    public Option<string> Memory { get; } = new("--memory") { Description = "attractor | sequence", DefaultValueFactory = _ => "attractor" };
    public Option<double?> Eta { get; } = new("--eta") { Description = "Factor learning rate [default: paper value for z: 1e-4, 5e-3, 7e-3, 7e-3]" };
    public Option<double?> EtaTheta { get; } = new("--eta-theta") { Description = "Threshold learning rate [default: paper value for z: 1e-3, 5e-3, 7e-3, 7e-3]" };
    public Option<double?> L { get; } = new("--L") { Description = "Homeostatic norm target [default: paper value for z: 10, 20, 50, 50]" };
    public Option<double> Beta { get; } = new("--beta") { Description = "Soft-min sharpness of phase B", DefaultValueFactory = _ => Defaults.Beta };
    public Option<double> U0 { get; } = new("--u0") { Description = "Initial factor scale", DefaultValueFactory = _ => Defaults.U0 };
    public Option<long?> MaxEpochs { get; } = new("--max-epochs") { Description = "Epoch cap [default: 500 M E_z, E_z = 25, 30, 25, 25]" };
    public Option<int> ConvergenceInterval { get; } = new("--convergence-interval") { Description = "Epochs between convergence checks", DefaultValueFactory = _ => Defaults.ConvergenceInterval };
    public Option<int> TrajectoryInterval { get; } = new("--trajectory-interval") { Description = "Epochs between trajectory points (0: none)", DefaultValueFactory = _ => Defaults.TrajectoryInterval };
    public Option<long> Seed { get; } = new("--seed") { Description = "Random seed", DefaultValueFactory = _ => Defaults.Seed };
    public Option<string> Tests { get; } = new("--tests") { Description = "Robustness tests, comma separated: all, none, or cue-isotropic, cue-balanced, cue-exact, syn-all, syn-first, syn-first-alive", DefaultValueFactory = _ => "all" };
    public Option<int> NoiseLevels { get; } = new("--noise-levels") { Description = "Points of the noise grid linspace(0, noise-max, n) (paper: 200)", DefaultValueFactory = _ => Defaults.NoiseLevels };
    public Option<double> NoiseMax { get; } = new("--noise-max") { Description = "Largest noise level", DefaultValueFactory = _ => Defaults.NoiseMax };
    public Option<int> NTests { get; } = new("--n-tests") { Description = "Repetitions per noise level", DefaultValueFactory = _ => Defaults.RecallRepetitions };
    public Option<int> RecallSteps { get; } = new("--recall-steps") { Description = "Synchronous steps T of recall", DefaultValueFactory = _ => Defaults.RecallSteps };
    public Option<string> Precision { get; } = new("--precision") { Description = "float64 | float32: arithmetic of the simd and cuda engines (reference: float64 only)", DefaultValueFactory = _ => EnumNames.Name(Defaults.Precision) };

    public IEnumerable<Option> All() =>
    [
        N, Alpha, M, F, Z, Synapse, Patterns, Memory, Eta, EtaTheta, L, Beta, U0, MaxEpochs, ConvergenceInterval,
        TrajectoryInterval, Seed, Tests, NoiseLevels, NoiseMax, NTests, RecallSteps, Precision,
    ];

    /// <summary>Builds the parameters, or returns every problem (unknown names and out-of-range values).</summary>
    public (ModelParameters? Parameters, IReadOnlyList<ParameterError> Errors) Bind(ParseResult result)
    {
        var errors = new List<ParameterError>();
        var synapse = ParseEnum<SynapseKind>(result.GetValue(Synapse)!, EnumNames.TryParseSynapse, "synapse", EnumNames.AllSynapses, errors);
        var patterns = ParseEnum<PatternKind>(result.GetValue(Patterns)!, EnumNames.TryParsePattern, "patterns", EnumNames.AllPatterns, errors);
        var memory = ParseEnum<MemoryKind>(result.GetValue(Memory)!, EnumNames.TryParseMemory, "memory", EnumNames.AllMemories, errors);
        var tests = ParseTests(result.GetValue(Tests)!, errors);
        var precision = ParseEnum<TwoFactor.Core.Parameters.Precision>(result.GetValue(Precision)!, EnumNames.TryParsePrecision, "precision", EnumNames.AllPrecisions, errors);
        var alpha = result.GetValue(Alpha);
        var m = result.GetValue(M);
        var parameters = new ModelParameters
        {
            N = result.GetValue(N),
            Alpha = m is null ? alpha ?? Defaults.Alpha : alpha,
            M = m,
            F = result.GetValue(F),
            Z = result.GetValue(Z),
            Synapse = synapse,
            Patterns = patterns,
            Memory = memory,
            Eta = result.GetValue(Eta),
            EtaTheta = result.GetValue(EtaTheta),
            L = result.GetValue(L),
            Beta = result.GetValue(Beta),
            U0 = result.GetValue(U0),
            MaxEpochs = result.GetValue(MaxEpochs),
            ConvergenceInterval = result.GetValue(ConvergenceInterval),
            TrajectoryInterval = result.GetValue(TrajectoryInterval),
            Seed = result.GetValue(Seed),
            Tests = tests,
            NoiseLevels = result.GetValue(NoiseLevels),
            NoiseMax = result.GetValue(NoiseMax),
            RecallRepetitions = result.GetValue(NTests),
            RecallSteps = result.GetValue(RecallSteps),
            Precision = precision,
        };
        if (errors.Count == 0) errors.AddRange(parameters.Validate());
        return errors.Count == 0 ? (parameters, errors) : (null, errors);
    }

    private delegate bool TryParser<T>(string text, out T value);

    private static T ParseEnum<T>(string text, TryParser<T> parse, string name, IEnumerable<string> allowed, List<ParameterError> errors)
        where T : struct
    {
        if (parse(text, out var value)) return value;
        errors.Add(new ParameterError(name, $"unknown value '{text}'; allowed: {string.Join(", ", allowed)}"));
        return default;
    }

    private static RobustnessTest[] ParseTests(string text, List<ParameterError> errors)
    {
        var trimmed = text.Trim();
        if (trimmed.Equals("none", StringComparison.OrdinalIgnoreCase)) return [];
        if (trimmed.Equals("all", StringComparison.OrdinalIgnoreCase)) return Enum.GetValues<RobustnessTest>();
        var tests = new List<RobustnessTest>();
        foreach (var name in trimmed.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (EnumNames.TryParseTest(name, out var test)) tests.Add(test);
            else errors.Add(new ParameterError("tests", $"unknown test '{name}'; allowed: all, none, {string.Join(", ", EnumNames.AllTests)}"));
        }
        return tests.ToArray();
    }
}
