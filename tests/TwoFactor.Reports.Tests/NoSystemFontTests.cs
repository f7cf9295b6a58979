namespace TwoFactor.Reports.Tests;

/// <summary>A fact that needs root and unshare(1) (it hides the system fonts in a private mount namespace); CI has both.</summary>
public sealed class MountNamespaceFactAttribute : FactAttribute
{
    public MountNamespaceFactAttribute()
    {
        bool root = Environment.UserName == "root";
        bool unshare = File.Exists("/usr/bin/unshare") || File.Exists("/bin/unshare");
        if (!root || !unshare) Skip = "needs root and unshare(1) to hide the system fonts";
    }
}

/// <summary>
/// The figures' text does not depend on system fonts: a report drawn where /usr/share/fonts (and the other font folders)
/// are empty is pixel for pixel the report drawn with them, because every text uses the embedded DejaVu Sans.
/// </summary>
[Collection(ReportSweepsCollection.Name)]
public sealed class NoSystemFontTests(ReportSweeps sweeps)
{
    [MountNamespaceFact]
    public void Figures_are_the_same_without_any_system_font()
    {
        string output = Path.Combine(sweeps.Root, "no-fonts");
        string hide = string.Join("; ", new[] { "/usr/share/fonts", "/usr/local/share/fonts", "/root/.fonts", "/root/.local/share/fonts" }
            .Select(d => $"if [ -d {d} ]; then mount -t tmpfs none {d}; fi"));
        using var process = CliProcess.StartProgram(sweeps.Root, null, "unshare", "--mount", "sh", "-c",
            $"{hide}; echo fonts: $(find /usr/share/fonts /usr/local/share/fonts -type f 2>/dev/null | wc -l); " +
            $"exec dotnet '{CliProcess.Dll}' report '{sweeps.Static}' --out '{output}' --format png");
        var result = process.Finish(TimeSpan.FromMinutes(2));
        Assert.True(result.ExitCode == 0, $"exit {result.ExitCode}: {result.Out}\n{result.Err}");
        Assert.Contains("fonts: 0", result.Out);
        foreach (var id in ReportFilesTests.ExpectedFigures["static"])
        {
            using var without = Images.Decode(Path.Combine(output, $"{id}.png"));
            using var with = Images.Decode(Path.Combine(ReportSweeps.ReportFolder(sweeps.Static), $"{id}.png"));
            Assert.True(with.Bytes.AsSpan().SequenceEqual(without.Bytes), $"{id}.png differs without system fonts");
        }
    }
}
