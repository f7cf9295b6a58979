using System.CommandLine;
using TwoFactor.Cli.Output;
using TwoFactor.Sweeps;

namespace TwoFactor.Cli.Commands;

/// <summary>
/// The `twofactor` command line: every verb of <see cref="CommandCatalog"/> under one root, and the conventions
/// all verbs share. Exit codes: 0 done, 1 cells failed or the run failed, 2 bad input (parse errors and
/// validation alike, one line each, before any work), 130 interrupted (SIGINT). `--version` works after any verb.
/// </summary>
public static class CliRoot
{
    public static RootCommand Create()
    {
        var root = new RootCommand(
            "TwoFactor.Cluster: parameter sweeps of the two-factor synaptic consolidation model " +
            "(Iatropoulos, Gerstner, Brea, PNAS 2025), resumable, with results in Parquet.");
        foreach (var command in CommandCatalog.All()) root.Subcommands.Add(command);
        return root;
    }

    public static async Task<int> RunAsync(string[] args)
    {
        // System.CommandLine knows --version only on the root; users type it after a verb too (`twofactor run --version`).
        if (args.TakeWhile(a => a != "--").Contains("--version"))
        {
            Console.Out.WriteLine(CodeVersion.Current);
            return 0;
        }
        ConsoleWidth.WhenRedirected();
        var parsed = Create().Parse(args);
        if (parsed.Errors.Count > 0) return ReportParseErrors(parsed);
        try
        {
            // ProcessTerminationTimeout = null: the verbs handle SIGINT/SIGTERM themselves (StopSignals) and need
            // longer than System.CommandLine's default 2 s to drain a run. Exceptions reach the catch below (one
            // line) instead of System.CommandLine's stack-trace printer.
            return await parsed.InvokeAsync(new InvocationConfiguration { ProcessTerminationTimeout = null, EnableDefaultExceptionHandler = false });
        }
        catch (Exception e)
        {
            return CliErrors.Unexpected(e);
        }
    }

    /// <summary>Parse errors like validation errors: one line on stderr, a pointer to the verb's help, exit code 2.</summary>
    private static int ReportParseErrors(ParseResult parsed)
    {
        var command = parsed.CommandResult.Command;
        string help = command is RootCommand ? "twofactor --help" : $"twofactor {command.Name} --help";
        Console.Error.WriteLine($"error: {string.Join("; ", parsed.Errors.Select(e => e.Message.TrimEnd('.')))} (see '{help}')");
        return CliErrors.InvalidInput;
    }
}
