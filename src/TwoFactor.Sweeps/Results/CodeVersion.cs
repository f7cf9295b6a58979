using System.Reflection;

namespace TwoFactor.Sweeps;

/// <summary>The version recorded with every result row: the assembly's informational version (with the git commit when the build knows it).</summary>
public static class CodeVersion
{
    public static string Current { get; } =
        typeof(CodeVersion).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion
        ?? typeof(CodeVersion).Assembly.GetName().Version?.ToString()
        ?? "unknown";
}
