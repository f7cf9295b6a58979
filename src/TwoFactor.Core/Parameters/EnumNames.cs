namespace TwoFactor.Core.Parameters;

/// <summary>
/// The user-facing (kebab-case) names of the enums, used by the CLI, sweep files and result columns,
/// so that every surface spells a choice the same way.
/// </summary>
public static partial class EnumNames
{
    private static readonly Dictionary<SynapseKind, string> Synapses = new()
    {
        [SynapseKind.Product] = "product",
        [SynapseKind.Power] = "power",
        [SynapseKind.Signed] = "signed",
        [SynapseKind.SignedFree] = "signed-free",
    };

    private static readonly Dictionary<PatternKind, string> PatternNames = new()
    {
        [PatternKind.Bernoulli] = "bernoulli",
        [PatternKind.Exact] = "exact",
    };

    private static readonly Dictionary<MemoryKind, string> Memories = new()
    {
        [MemoryKind.Attractor] = "attractor",
        [MemoryKind.Sequence] = "sequence",
    };

    private static readonly Dictionary<RobustnessTest, string> Tests = new()
    {
        [RobustnessTest.CueIsotropic] = "cue-isotropic",
        [RobustnessTest.CueBalanced] = "cue-balanced",
        [RobustnessTest.CueExact] = "cue-exact",
        [RobustnessTest.SynapticAll] = "syn-all",
        [RobustnessTest.SynapticFirst] = "syn-first",
        [RobustnessTest.SynapticFirstAlive] = "syn-first-alive",
    };

    private static readonly Dictionary<Precision, string> Precisions = new()
    {
        [Precision.Float64] = "float64",
        [Precision.Float32] = "float32",
    };

    public static string Name(SynapseKind kind) => Synapses[kind];
    public static string Name(Precision precision) => Precisions[precision];
    public static string Name(PatternKind kind) => PatternNames[kind];
    public static string Name(MemoryKind kind) => Memories[kind];
    public static string Name(RobustnessTest test) => Tests[test];

    public static IReadOnlyCollection<string> AllSynapses => Synapses.Values;
    public static IReadOnlyCollection<string> AllPatterns => PatternNames.Values;
    public static IReadOnlyCollection<string> AllMemories => Memories.Values;
    public static IReadOnlyCollection<string> AllTests => Tests.Values;
    public static IReadOnlyCollection<string> AllPrecisions => Precisions.Values;

    public static bool TryParseSynapse(string text, out SynapseKind kind) => TryParse(Synapses, text, out kind);
    public static bool TryParsePattern(string text, out PatternKind kind) => TryParse(PatternNames, text, out kind);
    public static bool TryParseMemory(string text, out MemoryKind kind) => TryParse(Memories, text, out kind);
    public static bool TryParseTest(string text, out RobustnessTest test) => TryParse(Tests, text, out test);
    public static bool TryParsePrecision(string text, out Precision precision) => TryParse(Precisions, text, out precision);

    private static bool TryParse<T>(Dictionary<T, string> names, string text, out T value) where T : struct
    {
        foreach (var (key, name) in names)
        {
            if (string.Equals(name, text.Trim(), StringComparison.OrdinalIgnoreCase))
            {
                value = key;
                return true;
            }
        }
        value = default;
        return false;
    }
}
