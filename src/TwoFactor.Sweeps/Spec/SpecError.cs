namespace TwoFactor.Sweeps;

/// <summary>
/// One problem in a sweep file or a command-line override: where it is (file and 1-based line), which key
/// (dotted path, e.g. <c>axes.alpha</c>) and why. Overrides report the file as <c>command line</c> and the
/// override's position (1-based) as the line.
/// </summary>
public sealed record SpecError(string File, int Line, string KeyPath, string Reason)
{
    public override string ToString() => $"{File}:{Line}: {KeyPath}: {Reason}";
}

/// <summary>Where a value came from: a line of a sweep file, or one override argument.</summary>
public sealed record SourceLocation(string File, int Line)
{
    public const string CommandLine = "command line";

    public SpecError Error(string keyPath, string reason) => new(File, Line, keyPath, reason);
}
