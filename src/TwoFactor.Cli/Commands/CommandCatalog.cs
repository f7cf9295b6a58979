using System.CommandLine;

namespace TwoFactor.Cli.Commands;

/// <summary>Every verb of the CLI, in the order `twofactor --help` lists them. Each verb lives in its own file.</summary>
public static class CommandCatalog
{
    public static IEnumerable<Command> All()
    {
        yield return SimulateCommand.Create();
        yield return PlanCommand.Create();
        yield return RunCommand.Create();
        yield return CoordinatorCommand.Create();
        yield return WorkerCommand.Create();
        yield return StatusCommand.Create();
        yield return SweepsCommand.Create();
        yield return RepairCommand.Create();
        yield return AnalyzeSpinesCommand.Create();
        yield return ReportCommand.Create();
    }
}
