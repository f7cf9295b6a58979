namespace TwoFactor.Benchmarks;

/// <summary>The machine's load averages, printed with every figure: the development machine is shared.</summary>
public static class Load
{
    public static string Average() =>
        File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "unknown";
}
