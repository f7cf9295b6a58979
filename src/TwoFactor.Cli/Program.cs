using System.CommandLine;
using TwoFactor.Cli.Commands;

var root = new RootCommand(
    "TwoFactor.Cluster: parameter sweeps of the two-factor synaptic consolidation model " +
    "(Iatropoulos, Gerstner, Brea, PNAS 2025), resumable, with results in Parquet.");
foreach (var command in CommandCatalog.All()) root.Subcommands.Add(command);
return await root.Parse(args).InvokeAsync(new InvocationConfiguration { ProcessTerminationTimeout = null });
