namespace TwoFactor.Core.Parameters;

/// <summary>Range checks for <see cref="ModelParameters"/>; collects all errors instead of stopping at the first.</summary>
internal static class ParameterValidation
{
    public static IReadOnlyList<ParameterError> Check(ModelParameters p)
    {
        var errors = new List<ParameterError>();
        void Fail(string name, string reason) => errors.Add(new ParameterError(name, reason));

        if (p.N < 2) Fail("N", $"must be an integer >= 2 (got {p.N})");
        if (!(p.F > 0 && p.F < 1)) Fail("f", $"must lie in the open interval (0, 1) (got {p.F})");
        if (p.Z < 1) Fail("z", $"must be an integer >= 1 (got {p.Z})");
        if (!Enum.IsDefined(p.Synapse)) Fail("synapse", $"must be one of {string.Join(", ", EnumNames.AllSynapses)}");
        if (!Enum.IsDefined(p.Patterns)) Fail("patterns", $"must be one of {string.Join(", ", EnumNames.AllPatterns)}");
        if (!Enum.IsDefined(p.Memory)) Fail("memory", $"must be one of {string.Join(", ", EnumNames.AllMemories)}");
        if (!Enum.IsDefined(p.Precision)) Fail("precision", $"must be one of {string.Join(", ", EnumNames.AllPrecisions)}");
        else if (p.Precision == Precision.Float32 && p.Synapse != SynapseKind.Product)
            Fail("precision", $"float32 is implemented for the product synapse only (got synapse {EnumNames.Name(p.Synapse)}); use float64");

        if (p.M is null && p.Alpha is null) Fail("alpha", "give either alpha (load) or M (pattern count)");
        else if (p.M is { } m && m < 1) Fail("M", $"must be an integer >= 1 (got {m})");
        else if (p.M is null && p.Alpha is { } a && !(a > 0)) Fail("alpha", $"must be > 0 (got {a})");
        else if (p.N >= 2 && p.PatternCount < 1) Fail("alpha", $"alpha * N rounds to {p.PatternCount} patterns; need at least 1");

        Positive(p.Eta, "eta");
        Positive(p.EtaTheta, "eta_theta");
        Positive(p.L, "L");
        if (!(p.Beta > 0)) Fail("beta", $"must be > 0 (got {p.Beta})");
        if (!(p.U0 > 0)) Fail("u0", $"must be > 0 (got {p.U0})");
        if (p.MaxEpochs is { } e && e < 0) Fail("max_epochs", $"must be >= 0 (got {e})");
        if (p.ConvergenceInterval < 1) Fail("convergence_interval", $"must be >= 1 (got {p.ConvergenceInterval})");
        if (p.TrajectoryInterval < 0) Fail("trajectory_interval", $"must be >= 0 (got {p.TrajectoryInterval})");

        if (p.Tests.Count > 0)
        {
            if (p.NoiseLevels < 1) Fail("noise_levels", $"must be >= 1 (got {p.NoiseLevels})");
            if (!(p.NoiseMax >= 0 && p.NoiseMax <= 1)) Fail("noise_max", $"must lie in [0, 1] (got {p.NoiseMax})");
            if (p.RecallRepetitions < 1) Fail("n_tests", $"must be >= 1 (got {p.RecallRepetitions})");
            if (p.RecallSteps < 0) Fail("recall_steps", $"must be >= 0 (got {p.RecallSteps})");
            double balancedLimit = Math.Min(p.F, 1 - p.F);
            if (p.Tests.Contains(RobustnessTest.CueBalanced) && p.F > 0 && p.F < 1 && p.NoiseMax > balancedLimit)
            {
                Fail("noise_max", $"the cue-balanced test is defined only for p <= min(f, 1-f) = {balancedLimit:G4} " +
                                  $"(got noise_max {p.NoiseMax}); lower noise_max or drop cue-balanced from tests");
            }
            if (p.Tests.Contains(RobustnessTest.CueExact) && p.F > 0 && p.F < 1 && p.NoiseMax > balancedLimit)
            {
                Fail("noise_max", $"the cue-exact test flips p N active and p N silent bits, so needs p <= min(f, 1-f) = " +
                                  $"{balancedLimit:G4} (got noise_max {p.NoiseMax}); lower noise_max or drop cue-exact from tests");
            }
        }
        CheckBaseline(p, Fail);
        return errors;

        void Positive(double? value, string name)
        {
            if (value is { } v && !(v > 0)) Fail(name, $"must be > 0 (got {v})");
        }
    }

    /// <summary>Range checks of the baseline parameters (MODEL.md section 9); a value left null takes its default.</summary>
    private static void CheckBaseline(ModelParameters p, Action<string, string> fail)
    {
        if (!Enum.IsDefined(p.Model)) fail("model", $"must be one of {string.Join(", ", EnumNames.AllModels)}");
        if (p.PruneFraction is { } d && !(d >= 0 && d < 1)) fail("prune_fraction", $"must lie in [0, 1) (got {d})");
        if (p.TargetDensity is { } t && !(t > 0 && t <= 1)) fail("target_density", $"must lie in (0, 1] (got {t})");
        if (p.Model == ModelKind.HebbianPruned && p.PruneFraction is not null && p.TargetDensity is not null)
            fail("target_density", "give prune_fraction or target_density for hebbian-pruned, not both");
        if (p.DegradationDimension is { } a && !(a >= 0)) fail("degradation_dimension", $"must be >= 0 (got {a})");
        if (p.DegradationScale is { } s && !(s >= 0)) fail("degradation_scale", $"must be >= 0 (got {s})");
        if (p.WeightCap is { } b && !(b > 0)) fail("weight_cap", $"must be > 0 (got {b})");
        if (p.RegulationSteps is { } steps && steps < 0) fail("regulation_steps", $"must be >= 0 (got {steps})");
        if (p.L1Lambda is { } lambda && !(lambda >= 0)) fail("l1_lambda", $"must be >= 0 (got {lambda})");
        if (p.Kappa is { } kappa && !(kappa >= 0)) fail("kappa", $"must be >= 0 (got {kappa})");
    }
}
