using System.CommandLine;
using TwoFactor.Cli.Output;
using TwoFactor.Core.Simulation;
using TwoFactor.Engines;

namespace TwoFactor.Cli.Commands;

/// <summary>`twofactor simulate`: one static-consolidation simulation (or one baseline network), printed as a table or one JSON object.</summary>
public static class SimulateCommand
{
    public static Command Create()
    {
        var model = new SimulateOptions();
        var engine = CliOptions.Engine();
        var threads = new Option<int>("--threads") { Description = "Threads (0: all cores)", DefaultValueFactory = _ => 0 }.NonNegative();
        var json = new Option<bool>("--json") { Description = "Print one JSON object (snake_case keys, the Parquet column names)" };

        var command = new Command("simulate", "Train one network with static consolidation (MODEL.md sections 2-6), or store the patterns with a baseline rule (--model, section 9), and test its robustness");
        foreach (var option in model.All()) command.Options.Add(option);
        command.Options.Add(engine);
        command.Options.Add(threads);
        command.Options.Add(json);

        command.SetAction((parseResult, cancellationToken) =>
        {
            var (parameters, errors) = model.Bind(parseResult);
            // Option values are parsed by the sweep files' code (one table), so their errors read like a sweep file's,
            // with the parse errors' pointer to the help.
            if (parameters is null) return Task.FromResult(CliErrors.Report(errors.Select(e => $"{e} (see 'twofactor simulate --help')")));

            Core.Training.ITrainingEngine trainer;
            Core.Recall.IRecallDynamics recall;
            try
            {
                trainer = EngineFactory.Create(parseResult.GetValue(engine)!, parseResult.GetValue(threads), parameters.Precision);
                recall = EngineFactory.CreateRecall(parseResult.GetValue(engine)!);
            }
            catch (ArgumentException e)
            {
                return Task.FromResult(CliErrors.Report([$"engine: {e.Message.Split(" (Parameter")[0]}"]));
            }

            var result = Console.IsErrorRedirected
                ? SimulationRunner.Run(parameters, trainer, recall, cancellationToken, threads: parseResult.GetValue(threads))
                : TrainingProgressDisplay.Run("training", observer =>
                    SimulationRunner.Run(parameters, trainer, recall, cancellationToken, observer, parseResult.GetValue(threads)));

            if (parseResult.GetValue(json)) Console.Out.WriteLine(ResultJson.Serialize(result));
            else ResultTable.Write(result);
            return Task.FromResult(0);
        });
        return command;
    }
}
