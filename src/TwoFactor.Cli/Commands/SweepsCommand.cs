using System.CommandLine;
using Spectre.Console;
using TwoFactor.Cli.Output;
using TwoFactor.Cluster.Hosting;

namespace TwoFactor.Cli.Commands;

/// <summary>`twofactor sweeps`: every sweep with a journal (under --results, or in the PostgreSQL journal) and its state.</summary>
public static class SweepsCommand
{
    public static Command Create()
    {
        var where = new KnownSweepOptions();
        var json = new Option<bool>("--json") { Description = "Print a JSON array (one object per sweep)" };
        var command = new Command("sweeps", "List known sweeps with their progress");
        where.AddTo(command);
        command.Options.Add(json);
        command.SetAction(async parseResult =>
        {
            var (known, exitCode) = await where.ListAsync(parseResult);
            if (known is null) return exitCode;
            var ordered = known.OrderByDescending(k => k.Summary.LastChange).ToList();
            if (parseResult.GetValue(json))
            {
                Console.Out.WriteLine(StatusJson.Sweeps(ordered));
                return 0;
            }
            if (known.Count == 0)
            {
                Console.Out.WriteLine("no sweeps found");
                return 0;
            }
            var table = new Table().AddColumns("sweep", "name", "done", "failed", "state", "last change");
            foreach (var k in ordered)
            {
                var s = k.Summary;
                table.AddRow(k.SweepId, Markup.Escape(s.Sweep?.Name ?? "?"), $"{s.Done}/{s.Total}", s.Failed.ToString(),
                    s.Finished ? "finished" : "unfinished", s.LastChange?.ToString("u") ?? "-");
            }
            AnsiConsole.Write(table);
            return 0;
        });
        return command;
    }
}
