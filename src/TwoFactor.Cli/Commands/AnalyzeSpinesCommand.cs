using System.Collections.Concurrent;
using System.CommandLine;
using System.Text;
using System.Text.Json;
using Spectre.Console;
using TwoFactor.Cli.Output;
using TwoFactor.Core.Parameters;
using TwoFactor.Core.SpineAnalysis;

namespace TwoFactor.Cli.Commands;

/// <summary>
/// `twofactor analyze-spines FILE.csv`: intrinsic-fluctuation analysis of spine-size traces (MODEL.md section 8,
/// paper Figures 5-6) and comparison with simulated z = 1..5 synapses and the Kesten and multiplicative baselines.
/// </summary>
public static class AnalyzeSpinesCommand
{
    public static Command Create()
    {
        var file = new Argument<string>("FILE") { Description = "CSV of traces: one row per synapse, one column per time point, no header; empty or NaN = missing" };
        var bootstrap = new Option<int>("--bootstrap") { Description = "Bootstrap resamples for the data", DefaultValueFactory = _ => NormStability.DefaultResamples };
        var seed = new Option<long>("--seed") { Description = "Bootstrap seed", DefaultValueFactory = _ => NormStability.DefaultSeed };
        var synapses = new Option<int>("--synapses") { Description = "Synapses per simulated model (paper: 1000; fewer is faster)", DefaultValueFactory = _ => 1000 };
        var modelBootstrap = new Option<int>("--model-bootstrap") { Description = "Bootstrap resamples per simulated model (only its mean CV curve is used)", DefaultValueFactory = _ => 200 };
        var simulationSeed = new Option<long>("--simulation-seed") { Description = "Seed of the simulated processes", DefaultValueFactory = _ => 1 };
        var scheme = new Option<string>("--scheme") { Description = "Bootstrap: per-time-point (paper's code) | whole-traces", DefaultValueFactory = _ => "per-time-point" };
        var json = new Option<bool>("--json") { Description = "Print one JSON object instead of the table" };

        var command = new Command("analyze-spines", "Fit the size-dependence of spine fluctuations and find the most stable Lq norm; compare with simulated synapses");
        command.Arguments.Add(file);
        foreach (var option in new Option[] { bootstrap, seed, synapses, modelBootstrap, simulationSeed, scheme, json }) command.Options.Add(option);

        command.SetAction((parseResult, cancellationToken) =>
        {
            string path = parseResult.GetValue(file)!;
            BootstrapScheme? chosenScheme = parseResult.GetValue(scheme) switch
            {
                "per-time-point" => BootstrapScheme.PerTimePoint,
                "whole-traces" => BootstrapScheme.WholeTraces,
                _ => null,
            };
            if (chosenScheme is null)
                return Task.FromResult(CliErrors.Report([$"scheme: unknown value '{parseResult.GetValue(scheme)}'; allowed: per-time-point, whole-traces"]));

            var options = new SpineComparisonOptions
            {
                Resamples = parseResult.GetValue(bootstrap),
                Seed = parseResult.GetValue(seed),
                ModelSynapses = parseResult.GetValue(synapses),
                ModelResamples = parseResult.GetValue(modelBootstrap),
                SimulationSeed = parseResult.GetValue(simulationSeed),
                Scheme = chosenScheme.Value,
            };
            var errors = options.Validate();
            if (errors.Count > 0) return Task.FromResult(CliErrors.Report(errors.Select(e => e.ToString())));

            // All input checks before any work: the file must exist and parse completely.
            if (!File.Exists(path)) return Task.FromResult(CliErrors.Report([$"{path}: file not found"]));
            TraceMatrix data;
            try
            {
                using var reader = File.OpenText(path);
                data = TraceCsvParser.Parse(reader, path);
                if (NormStability.Survivors(data).Length < 2)
                    throw new SpineDataException($"{path}: fewer than 2 surviving synapses (positive at every observed time point)");
            }
            catch (SpineDataException e)
            {
                return Task.FromResult(CliErrors.Report([e.Message]));
            }
            catch (IOException e)
            {
                return Task.FromResult(CliErrors.Report([$"{path}: {e.Message}"]));
            }

            string name = Path.GetFileNameWithoutExtension(path);
            SpineComparisonResult result;
            try
            {
                result = Console.IsErrorRedirected
                    ? SpineComparison.Run(data, name, options, cancellationToken: cancellationToken)
                    : RunWithProgress(data, name, options, cancellationToken);
            }
            catch (SpineDataException e)
            {
                return Task.FromResult(CliErrors.Report([$"{path}: {e.Message}"]));
            }

            if (parseResult.GetValue(json)) Console.Out.WriteLine(Serialize(result));
            else WriteTable(result, path);
            return Task.FromResult(0);
        });
        return command;
    }

    /// <summary>A bar per stage (the data, then each simulated model) on stderr, so stdout stays clean for --json.</summary>
    private static SpineComparisonResult RunWithProgress(TraceMatrix data, string name, SpineComparisonOptions options, CancellationToken cancellationToken)
    {
        var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(Console.Error) });
        return console.Progress()
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn())
            .Start(context =>
            {
                var tasks = new ConcurrentDictionary<string, ProgressTask>();
                tasks[name] = context.AddTask($"analyse {Markup.Escape(name)}", maxValue: 1);
                foreach (var model in Core.Noise.SpineModelCatalog.Defaults())
                    tasks[model.Name] = context.AddTask($"simulate + analyse {model.Name}", maxValue: 1);
                var result = SpineComparison.Run(data, name, options,
                    (stage, fraction) => { if (tasks.TryGetValue(stage, out var task)) task.Value = fraction; },
                    cancellationToken);
                foreach (var task in tasks.Values) task.Value = 1;
                return result;
            });
    }

    private static void WriteTable(SpineComparisonResult result, string path)
    {
        var data = result.Data;
        var table = new Table().Title($"Spine-size fluctuations: {Markup.Escape(path)} ({data.Synapses} synapses x {data.TimePoints} time points)");
        table.AddColumns("traces", "surviving", "q_min", "q_min std", "exponent growth", "exponent shrink", "R^2 vs data");
        table.AddRow(Row(data, "data", null));
        foreach (var model in result.Models) table.AddRow(Row(model.Analysis, model.Model, model.RSquared));
        AnsiConsole.Write(table);
        AnsiConsole.MarkupLine($"[grey]Theory for z factors: q_min = 2/z. Bootstrap: {data.Norms.Resamples} resamples of the data; exponents b of |dw| = a w^b (log-log least squares) at the shortest lag; pooled over all lags in --json.[/]");
    }

    private static string[] Row(SpineAnalysisResult a, string label, double? rSquared) =>
    [
        Markup.Escape(label),
        a.Norms.Surviving.ToString(),
        F(a.Norms.QMin), F(a.Norms.QMinStd),
        F(a.Increments.Growth.Exponent), F(a.Increments.Shrink.Exponent),
        rSquared is { } r ? F(r) : "", // the data row has no R^2; an extinct model shows n/a
    ];

    private static string F(double value) => double.IsNaN(value) ? "n/a" : value.ToString("0.000", System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>Top level: the data's results; "r_squared": model name to R^2; "models": each model's results. NaN is null.</summary>
    public static string Serialize(SpineComparisonResult result)
    {
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true }))
        {
            writer.WriteStartObject();
            WriteAnalysis(writer, result.Data);
            writer.WriteStartObject("r_squared");
            foreach (var model in result.Models) Number(writer, model.Model, model.RSquared);
            writer.WriteEndObject();
            writer.WriteStartArray("models");
            foreach (var model in result.Models)
            {
                writer.WriteStartObject();
                writer.WriteString("model", model.Model);
                Number(writer, "r_squared", model.RSquared);
                WriteAnalysis(writer, model.Analysis);
                writer.WriteEndObject();
            }
            writer.WriteEndArray();
            writer.WriteEndObject();
        }
        return Encoding.UTF8.GetString(stream.ToArray());
    }

    private static void WriteAnalysis(Utf8JsonWriter writer, SpineAnalysisResult a)
    {
        writer.WriteNumber("synapses", a.Synapses);
        writer.WriteNumber("time_points", a.TimePoints);
        writer.WriteNumber("surviving", a.Norms.Surviving);
        writer.WriteNumber("resamples", a.Norms.Resamples);
        Number(writer, "q_min", a.Norms.QMin);
        Number(writer, "q_min_std", a.Norms.QMinStd);
        Number(writer, "q_min_full", a.Norms.QMinFull);
        Number(writer, "exponent_growth", a.Increments.Growth.Exponent);
        Number(writer, "exponent_shrink", a.Increments.Shrink.Exponent);
        Number(writer, "exponent_growth_pooled", a.Increments.GrowthPooled.Exponent);
        Number(writer, "exponent_shrink_pooled", a.Increments.ShrinkPooled.Exponent);
        writer.WriteNumber("pairs_growth", a.Increments.GrowthPooled.Pairs);
        writer.WriteNumber("pairs_shrink", a.Increments.ShrinkPooled.Pairs);
        Array(writer, "q", a.Norms.Q);
        Array(writer, "cv", a.Norms.CvMean);
        Array(writer, "cv_std", a.Norms.CvStd);
        Array(writer, "cv_full", a.Norms.CvFull);
        Array(writer, "lag", a.Increments.Lags.Select(l => (double)l).ToArray());
        Array(writer, "exponent_growth_by_lag", a.Increments.GrowthExponentByLag);
        Array(writer, "exponent_shrink_by_lag", a.Increments.ShrinkExponentByLag);
    }

    private static void Number(Utf8JsonWriter writer, string name, double value)
    {
        if (double.IsFinite(value)) writer.WriteNumber(name, value);
        else writer.WriteNull(name);
    }

    private static void Array(Utf8JsonWriter writer, string name, double[] values)
    {
        writer.WriteStartArray(name);
        foreach (double v in values)
        {
            if (double.IsFinite(v)) writer.WriteNumberValue(v);
            else writer.WriteNullValue();
        }
        writer.WriteEndArray();
    }
}
