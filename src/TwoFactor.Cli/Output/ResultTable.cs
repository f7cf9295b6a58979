using Spectre.Console;
using TwoFactor.Core.Simulation;

namespace TwoFactor.Cli.Output;

/// <summary>Human-readable summary of one simulation: metrics table and one line per robustness test.</summary>
public static class ResultTable
{
    public static void Write(SimulationResult result)
    {
        var p = result.Parameters;
        string model = p.Model == Core.Parameters.ModelKind.TwoFactor
            ? $"[bold]z[/]={p.Z} [bold]synapse[/]={Markup.Escape(Core.Parameters.EnumNames.Name(p.Synapse))}"
            : $"[bold]model[/]={Markup.Escape(Core.Parameters.EnumNames.Name(p.Model))}";
        AnsiConsole.MarkupLine($"[bold]N[/]={p.N} [bold]M[/]={p.PatternCount} [bold]f[/]={p.F} {model} [bold]seed[/]={p.Seed} " +
                               $"[bold]engine[/]={Markup.Escape(result.Engine)}");
        var table = new Table().AddColumn("metric").AddColumn(new TableColumn("value").RightAligned());
        foreach (var (name, value) in result.Scalars())
        {
            if (name.StartsWith("tolerance_", StringComparison.Ordinal)) continue;
            table.AddRow(name, Format(value));
        }
        AnsiConsole.Write(table);

        if (result.Recall.Count == 0) return;
        var recall = new Table().AddColumn("robustness test").AddColumn(new TableColumn("tolerance (rate crosses 0.5)").RightAligned())
            .AddColumn("recall rate over the noise grid");
        foreach (var curve in result.Recall)
        {
            string tolerance = curve.ToleranceCensored ? $">= {curve.Tolerance:G4}" : curve.Tolerance.ToString("G4");
            recall.AddRow(curve.Name, tolerance, string.Join(" ", curve.RecallRates.Select(r => r.ToString("0.00"))));
        }
        AnsiConsole.Write(recall);
    }

    private static string Format(object? value) => value switch
    {
        null => "-",
        double d => d.ToString("G6"),
        _ => value.ToString() ?? "-",
    };
}
