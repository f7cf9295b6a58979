namespace TwoFactor.Cli.Output;

/// <summary>Bad input ends with one line per problem on stderr and exit code 2, never a stack trace.</summary>
public static class CliErrors
{
    public const int InvalidInput = 2;

    public static int Report(IEnumerable<string> problems)
    {
        foreach (var problem in problems) Console.Error.WriteLine($"error: {problem}");
        return InvalidInput;
    }
}
