using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Spectre.Console;
using TwoFactor.Cli.Output;
using TwoFactor.Sweeps;

namespace TwoFactor.Cli.Commands;

/// <summary>
/// `twofactor plan FILE [overrides]`: validates a sweep file (every error at once, exit code 2) and shows what
/// it would run: axes, cell count, estimated cost per cell, work units and the first cells; --json lists all cells.
/// </summary>
public static class PlanCommand
{
    public static Command Create()
    {
        var file = CliOptions.SweepFile();
        var overrides = CliOptions.Overrides();
        var json = new Option<bool>("--json") { Description = "Print the full plan (every cell with its parameters) as JSON" };
        var show = new Option<int>("--show") { Description = "How many cells the table lists", DefaultValueFactory = _ => 10 }.NonNegative();

        var command = new Command("plan", "Validate a sweep file and show its cells without running anything");
        command.Arguments.Add(file);
        command.Arguments.Add(overrides);
        command.Options.Add(json);
        command.Options.Add(show);

        command.SetAction(parseResult =>
        {
            // The function `run`, `coordinator` and `repair` call: the same cells and the same work units.
            var input = SweepFile.Plan(parseResult.GetValue(file)!, parseResult.GetValue(overrides) ?? []);
            if (!input.Ok) return CliErrors.Report(input.Errors);
            var (spec, plan, units) = input.Sweep!;
            if (parseResult.GetValue(json)) Console.Out.WriteLine(PlanJson(plan, spec, units.Count));
            else WriteTables(plan, spec, units.Count, parseResult.GetValue(show));
            return 0;
        });
        return command;
    }

    private static void WriteTables(SweepPlan plan, SweepSpec spec, int unitCount, int show)
    {
        AnsiConsole.MarkupLine($"[bold]{Markup.Escape(plan.Name)}[/]  sweep_id [bold]{plan.SweepId}[/]  protocol {Markup.Escape(plan.Protocol)}");
        if (spec.Description is not null) AnsiConsole.MarkupLine(Markup.Escape(spec.Description));

        if (spec.Base.Count > 0)
        {
            AnsiConsole.MarkupLine("[bold]fixed:[/] " + Markup.Escape(string.Join("  ",
                spec.Base.Select(v => $"{v.Parameter}={CanonicalText.Format(v.Value)}"))));
        }
        var axes = new Table().AddColumn("axis").AddColumn("parameters").AddColumn(new TableColumn("values").RightAligned()).AddColumn("first values");
        foreach (var axis in spec.Axes)
        {
            axes.AddRow(Markup.Escape(axis.Name), Markup.Escape(string.Join(", ", axis.Columns.Select(c => c.Parameter))),
                axis.Length.ToString(CultureInfo.InvariantCulture), Markup.Escape(Preview(axis)));
        }
        if (spec.Axes.Count > 0) AnsiConsole.Write(axes);

        double cheapest = plan.Cells.Min(c => c.EstimatedCost);
        AnsiConsole.MarkupLine($"[bold]{Plural.Of(plan.Cells.Count, "cell")}[/], {Plural.Of(unitCount, "work unit")}; estimated work {plan.TotalCost:G4} " +
                               "(cost: 10^9 synapse operations if every cell runs to its epoch cap; rel.: to the cheapest cell)");

        var varied = spec.Axes.SelectMany(a => a.Columns).Select(c => c.Parameter).Distinct().ToList();
        // M and the epoch cap drive the cost; show them even when they follow from other parameters.
        var derived = new[] { "M", "max_epochs" }.Where(n => !varied.Contains(n) && plan.Cells[0].Parameters.ContainsKey(n));
        var columns = varied.Concat(derived).ToList();
        var cells = new Table().AddColumn(new TableColumn("#").RightAligned()).AddColumn(new TableColumn("cell_id").NoWrap());
        foreach (var name in columns) cells.AddColumn(new TableColumn(Markup.Escape(name)).RightAligned().NoWrap());
        cells.AddColumn(new TableColumn("cost").RightAligned().NoWrap()).AddColumn(new TableColumn("rel.").RightAligned().NoWrap());
        foreach (var cell in plan.Cells.Take(show))
        {
            var row = new List<string> { cell.Index.ToString(CultureInfo.InvariantCulture), cell.CellId };
            // A parameter that does not apply to the cell's model (static baselines) is absent: shown as "-".
            row.AddRange(columns.Select(n => cell.Parameters.TryGetValue(n, out var v) ? Markup.Escape(CanonicalText.Format(v)) : "-"));
            row.Add(cell.EstimatedCost.ToString("G3", CultureInfo.InvariantCulture));
            row.Add(cheapest > 0 ? (cell.EstimatedCost / cheapest).ToString("0.#", CultureInfo.InvariantCulture) + "x" : "-");
            cells.AddRow(row.ToArray());
        }
        if (show > 0) AnsiConsole.Write(cells);
        if (plan.Cells.Count > show) AnsiConsole.MarkupLine($"... and {Plural.Of(plan.Cells.Count - show, "more cell")} (--show N, or --json for all)");
    }

    private static string Preview(SweepAxis axis)
    {
        var values = axis.Columns[0].Values.Take(6).Select(CanonicalText.Format);
        return string.Join(", ", values) + (axis.Length > 6 ? ", ..." : "");
    }

    private static string PlanJson(SweepPlan plan, SweepSpec spec, int unitCount)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
        {
            json.WriteStartObject();
            json.WriteString("sweep_id", plan.SweepId);
            json.WriteString("name", plan.Name);
            json.WriteString("protocol", plan.Protocol);
            json.WriteNumber("cell_count", plan.Cells.Count);
            json.WriteNumber("total_cost", plan.TotalCost);
            json.WriteNumber("work_units", unitCount);
            json.WriteStartArray("axes");
            foreach (var axis in spec.Axes)
            {
                json.WriteStartObject();
                json.WriteString("name", axis.Name);
                json.WriteNumber("length", axis.Length);
                json.WriteStartArray("parameters");
                foreach (var column in axis.Columns) json.WriteStringValue(column.Parameter);
                json.WriteEndArray();
                json.WriteEndObject();
            }
            json.WriteEndArray();
            json.WriteStartArray("cells");
            foreach (var cell in plan.Cells)
            {
                json.WriteStartObject();
                json.WriteString("cell_id", cell.CellId);
                json.WriteNumber("index", cell.Index);
                json.WriteNumber("estimated_cost", cell.EstimatedCost);
                json.WriteStartObject("parameters");
                foreach (var (name, value) in cell.Parameters) WriteValue(json, name, value);
                json.WriteEndObject();
                json.WriteEndObject();
            }
            json.WriteEndArray();
            json.WriteEndObject();
        }
        return System.Text.Encoding.UTF8.GetString(buffer.ToArray());
    }

    private static void WriteValue(Utf8JsonWriter json, string name, object? value)
    {
        switch (value)
        {
            case null: json.WriteNull(name); break;
            case long l: json.WriteNumber(name, l); break;
            case double d: json.WriteNumber(name, d); break;
            case bool b: json.WriteBoolean(name, b); break;
            case string[] list:
                json.WriteStartArray(name);
                foreach (var item in list) json.WriteStringValue(item);
                json.WriteEndArray();
                break;
            default: json.WriteString(name, value.ToString()); break;
        }
    }
}
