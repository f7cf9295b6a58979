using TwoFactor.Core.Theory;

namespace TwoFactor.Science.Tests;

/// <summary>The mean-field theory tables shipped in data/theory, found from the test's output folder.</summary>
internal static class TheoryCurves
{
    public static TheoryTable L1 { get; } = Load("theory_l1_z2.csv");
    public static TheoryTable L2 { get; } = Load("theory_l2_z1.csv");

    private static TheoryTable Load(string name)
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var path = Path.Combine(dir.FullName, "data", "theory", name);
            if (File.Exists(Path.Combine(dir.FullName, "TwoFactor.Cluster.sln")) && File.Exists(path))
            {
                using var reader = File.OpenText(path);
                return TheoryTable.Parse(reader, path);
            }
        }
        throw new FileNotFoundException($"data/theory/{name} not found above {AppContext.BaseDirectory}");
    }
}
