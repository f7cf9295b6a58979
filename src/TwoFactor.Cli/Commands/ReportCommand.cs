using System.CommandLine;
using TwoFactor.Cli.Output;
using TwoFactor.Reports;

namespace TwoFactor.Cli.Commands;

/// <summary>
/// `twofactor report TARGET [--out DIR] [--format png,svg]`: figures and one self-contained HTML page from a results
/// folder (or a sweep file or sweep name, resolved to its folder). Reads committed parts only, so it works while a
/// sweep runs or after it was killed; progress on stderr, bad input as one line with exit code 2.
/// </summary>
public static class ReportCommand
{
    public static Command Create()
    {
        var target = new Argument<string>("target") { Description = "results/<sweep_id>, a sweep file (configs/x.yaml) or a sweep name" };
        var output = new Option<string?>("--out") { Description = "Output folder (default: <results folder>/report/)" };
        var formats = new Option<string>("--format") { Description = "Image formats, comma-separated: png, svg (the first is shown in the page)", DefaultValueFactory = _ => "png,svg" };
        var results = new Option<string>("--results") { Description = "Results root for a sweep file or name", DefaultValueFactory = _ => "results" };

        var command = new Command("report", "Figures and an HTML page of a sweep's results (also while it runs)");
        command.Arguments.Add(target);
        foreach (var option in new Option[] { output, formats, results }) command.Options.Add(option);

        command.SetAction(async (parseResult, ct) =>
        {
            var progress = new Progress(Console.Error);
            try
            {
                string folder = ResultsLocator.Locate(parseResult.GetValue(target)!, parseResult.GetValue(results)!, progress.Report);
                var options = new ReportOptions(parseResult.GetValue(output),
                    parseResult.GetValue(formats)!.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries),
                    "twofactor " + string.Join(' ', parseResult.Tokens.Select(t => Quote(t.Value))));
                var outcome = await ReportBuilder.BuildAsync(folder, options, progress, ct);
                var r = outcome.Results;
                Console.Out.WriteLine($"report of {r.Plan.Name} ({r.Plan.SweepId}): {outcome.Figures.Count} figure(s); cells {r.Completed.Count} done, " +
                                      $"{r.Failed.Count} failed, {r.Missing.Count} missing of {r.Plan.Cells.Count}");
                Console.Out.WriteLine(outcome.IndexPath);
                return 0;
            }
            catch (ReportInputException e)
            {
                return CliErrors.Report([e.Message]);
            }
        });
        return command;
    }

    private static string Quote(string token) => token.Length > 0 && token.All(c => char.IsLetterOrDigit(c) || "-_./=,:+".Contains(c)) ? token : $"'{token.Replace("'", "'\\''")}'";

    /// <summary>Progress lines on stderr, each prefixed so they read apart from the final summary on stdout.</summary>
    private sealed class Progress(TextWriter writer) : IProgress<string>
    {
        public void Report(string value) => writer.WriteLine($"report: {value}");
    }
}
