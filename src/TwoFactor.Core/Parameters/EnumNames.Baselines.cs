namespace TwoFactor.Core.Parameters;

/// <summary>User-facing names of the baseline enums (MODEL.md section 9), spelled as in sweep files and the CLI.</summary>
public static partial class EnumNames
{
    private static readonly Dictionary<ModelKind, string> Models = new()
    {
        [ModelKind.TwoFactor] = "two-factor",
        [ModelKind.Hebbian] = "hebbian",
        [ModelKind.Willshaw] = "willshaw",
        [ModelKind.HebbianPruned] = "hebbian-pruned",
        [ModelKind.NeuronalRegulation] = "neuronal-regulation",
        [ModelKind.L1Perceptron] = "l1-perceptron",
    };

    private static readonly Dictionary<HebbianSign, string> Signs = new()
    {
        [HebbianSign.Clip] = "clip",
        [HebbianSign.Offset] = "offset",
    };

    private static readonly Dictionary<DeletionKind, string> Deletions = new()
    {
        [DeletionKind.MinimalValue] = "minimal-value",
        [DeletionKind.Compressed] = "compressed",
        [DeletionKind.Random] = "random",
    };

    private static readonly Dictionary<ThresholdRule, string> Thresholds = new()
    {
        [ThresholdRule.MarginOptimal] = "margin-optimal",
        [ThresholdRule.BiasEstimate] = "bias-estimate",
    };

    public static string Name(ModelKind kind) => Models[kind];
    public static string Name(HebbianSign sign) => Signs[sign];
    public static string Name(DeletionKind kind) => Deletions[kind];
    public static string Name(ThresholdRule rule) => Thresholds[rule];

    public static IReadOnlyCollection<string> AllModels => Models.Values;
    public static IReadOnlyCollection<string> AllSigns => Signs.Values;
    public static IReadOnlyCollection<string> AllDeletions => Deletions.Values;
    public static IReadOnlyCollection<string> AllThresholds => Thresholds.Values;

    public static bool TryParseModel(string text, out ModelKind kind) => TryParse(Models, text, out kind);
    public static bool TryParseSign(string text, out HebbianSign sign) => TryParse(Signs, text, out sign);
    public static bool TryParseDeletion(string text, out DeletionKind kind) => TryParse(Deletions, text, out kind);
    public static bool TryParseThreshold(string text, out ThresholdRule rule) => TryParse(Thresholds, text, out rule);
}
