using System.CommandLine;
using TwoFactor.Core.Parameters;
using TwoFactor.Sweeps;

namespace TwoFactor.Cli.Commands;

/// <summary>
/// The model options of `twofactor simulate`, generated from the static protocol's parameter table
/// (<see cref="StaticParameters.Table"/>): one option per sweep-file key (eta_theta becomes --eta-theta), parsed,
/// checked for the chosen model and range-checked by the same code as sweep files, every error at once.
/// </summary>
public sealed class SimulateOptions
{
    private readonly List<(StaticParameter Parameter, Option<string> Option)> _options = StaticParameters.Table
        .Select(p => (p, new Option<string>(p.OptionName, Aliases(p)) { Description = Describe(p) })).ToList();

    /// <summary>Keys with capitals (N, M, L) also answer to the lower-case spelling (--n, --m, --l).</summary>
    private static string[] Aliases(StaticParameter p) =>
        p.OptionName == p.OptionName.ToLowerInvariant() ? [] : [p.OptionName.ToLowerInvariant()];

    public IEnumerable<Option> All() => _options.Select(o => o.Option);

    /// <summary>Builds the parameters, or returns every problem (unknown values, wrong-model parameters, out-of-range values).</summary>
    public (ModelParameters? Parameters, IReadOnlyList<ParameterError> Errors) Bind(ParseResult result)
    {
        var given = _options.Where(o => result.GetResult(o.Option) is not null && result.GetValue(o.Option) is not null)
            .ToDictionary(o => o.Parameter.Definition.Name, o => result.GetValue(o.Option)!);
        return StaticParameters.Parse(given);
    }

    private static string Describe(StaticParameter p)
    {
        var d = p.Definition;
        string allowed = d.Allowed is null ? "" : $": {string.Join(" | ", d.Allowed)}{(d.Type == ParameterType.TextList ? " (comma separated, or all, none)" : "")}";
        string models = p.Models is null ? "" : $" (model: {string.Join(", ", p.Models.Select(EnumNames.Name))})";
        return $"{d.Description}{allowed}{models} [default: {d.DefaultText}]";
    }
}
