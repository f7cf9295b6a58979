using System.CommandLine;
using TwoFactor.Cluster.Actors;
using TwoFactor.Engines;

namespace TwoFactor.Cli.Commands;

/// <summary>
/// Argument and option definitions several verbs share, so that they have the same names and wording
/// everywhere (FILE and overrides for plan, run and coordinator), and the range rules checked at parse time
/// (an error there exits with code 2 before any work, like every other bad input).
/// </summary>
internal static class CliOptions
{
    public static Argument<string> SweepFile() => new("FILE") { Description = "Sweep file (YAML), e.g. configs/quickstart.yaml" };

    public static Argument<string[]> Overrides() => new("overrides")
    {
        Description = "Overrides in the Hydra style: base.seed=7 axes.z=[1,2] (~key removes a key); docs/sweeps.md",
        Arity = ArgumentArity.ZeroOrMore,
    };

    /// <summary>
    /// `--engine` of run, coordinator, worker and simulate: one definition, checked at parse time by the one
    /// engine-name check (<see cref="SlotSettings.EngineProblem"/>).
    /// </summary>
    /// <param name="environment">The TWOFACTOR_* variable that gives the default on cluster nodes (null: none).</param>
    public static Option<string> Engine(string? environment = null)
    {
        var option = new Option<string>("--engine")
        {
            Description = $"Training engine: {string.Join(" | ", EngineFactory.Names)}{(environment is null ? "" : $" (env {environment})")}",
            DefaultValueFactory = _ => (environment is null ? null : NodeOptions.Env(environment)) ?? "auto",
        };
        option.Validators.Add(result =>
        {
            if (SlotSettings.EngineProblem(result.GetValueOrDefault<string>()) is { } problem) result.AddError($"{option.Name}: {problem}");
        });
        return option;
    }

    /// <summary>Rejects negative values (0 keeps its documented meaning, e.g. "one per core").</summary>
    public static Option<int> NonNegative(this Option<int> option)
    {
        option.Validators.Add(result =>
        {
            int value = result.GetValueOrDefault<int>();
            if (value < 0) result.AddError($"{option.Name}: must be >= 0 (got {value})");
        });
        return option;
    }

    /// <summary>Rejects zero and negative values.</summary>
    public static Option<double> Positive(this Option<double> option)
    {
        option.Validators.Add(result =>
        {
            double value = result.GetValueOrDefault<double>();
            if (!(value > 0)) result.AddError($"{option.Name}: must be > 0 (got {value})");
        });
        return option;
    }
}
