using TwoFactor.Cluster.Logging;

namespace TwoFactor.Cli.Output;

/// <summary>Bad input ends with one line per problem on stderr and exit code 2, never a stack trace.</summary>
public static class CliErrors
{
    public const int InvalidInput = 2;

    public static int Report(IEnumerable<string> problems)
    {
        foreach (var problem in problems) Console.Error.WriteLine($"error: {OneLine(problem)}");
        return InvalidInput;
    }

    /// <summary>
    /// Last resort for an exception no verb expected: one line on stderr (the innermost message), the full text
    /// in a file under the temp folder for a bug report. Returns exit code 1.
    /// </summary>
    public static int Unexpected(Exception e)
    {
        var inner = e;
        while (inner.InnerException is not null && inner is AggregateException or System.Reflection.TargetInvocationException) inner = inner.InnerException;
        string where = "";
        try
        {
            var path = Path.Combine(Path.GetTempPath(), $"twofactor-error-{Environment.ProcessId}.log");
            File.WriteAllText(path, Secrets.Redact(e.ToString()));
            where = $" (details: {path})";
        }
        catch (Exception writeError) when (writeError is IOException or UnauthorizedAccessException)
        {
            // The line itself is what matters.
        }
        Console.Error.WriteLine($"error: {OneLine(inner.Message)}{where}");
        return 1;
    }

    /// <summary>Secrets masked, line breaks folded: a user-facing error is exactly one line.</summary>
    public static string OneLine(string text) =>
        string.Join(" ", Secrets.Redact(text).Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
}
