using Spectre.Console;

namespace TwoFactor.Cli.Output;

/// <summary>
/// Piped or redirected output has no terminal width, and Spectre.Console then assumes 80 columns and wraps
/// every wider table (a batch log or `| less` shows them broken). Give tables room to lay out on one line each.
/// </summary>
public static class ConsoleWidth
{
    public const int Redirected = 1000;

    public static void WhenRedirected()
    {
        if (Console.IsOutputRedirected) AnsiConsole.Profile.Width = Redirected;
    }
}
