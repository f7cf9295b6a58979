using System.CommandLine;
using TwoFactor.Cli.Commands;

var root = new RootCommand(
    "TwoFactor.Cluster: parameter sweeps of the two-factor synaptic consolidation model " +
    "(Iatropoulos, Gerstner, Brea, PNAS 2025), resumable, with results in Parquet.");
foreach (var command in CommandCatalog.All()) root.Subcommands.Add(command);
try
{
    // Exceptions reach the catch below (one line) instead of System.CommandLine's stack-trace printer.
    return await root.Parse(args).InvokeAsync(new InvocationConfiguration { ProcessTerminationTimeout = null, EnableDefaultExceptionHandler = false });
}
catch (Exception e)
{
    return TwoFactor.Cli.Output.CliErrors.Unexpected(e);
}
