namespace TwoFactor.Core.Tests.SpineAnalysis;

/// <summary>Files shipped in the repository (found by walking up from the test binaries to the solution folder).</summary>
internal static class RepoFiles
{
    public static string Root()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "TwoFactor.Cluster.sln"))) return dir.FullName;
        throw new DirectoryNotFoundException($"no TwoFactor.Cluster.sln above {AppContext.BaseDirectory}");
    }

    public static string KaufmanCsv => Path.Combine(Root(), "data", "kaufman_2012.csv");
}
