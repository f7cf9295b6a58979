using TwoFactor.Core.Theory;

namespace TwoFactor.Science.Tests;

/// <summary>The mean-field theory tables shipped in data/theory, found by RepositoryFiles.</summary>
internal static class TheoryCurves
{
    public static TheoryTable L1 { get; } = Load("theory_l1_z2.csv");
    public static TheoryTable L2 { get; } = Load("theory_l2_z1.csv");

    private static TheoryTable Load(string name)
    {
        var path = RepositoryFiles.Path("data", "theory", name);
        using var reader = File.OpenText(path);
        return TheoryTable.Parse(reader, path);
    }
}
