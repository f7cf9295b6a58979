namespace TwoFactor.TestSupport;

/// <summary>Files shipped in the repository (configs/, data/, docs/), found by walking up to the solution folder.</summary>
public static class RepositoryFiles
{
    public static string Root { get; } = FindRoot();

    public static string Path(params string[] parts) => System.IO.Path.Combine([Root, .. parts]);

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(System.IO.Path.Combine(dir.FullName, "TwoFactor.Cluster.sln"))) return dir.FullName;
        }
        throw new DirectoryNotFoundException("TwoFactor.Cluster.sln not found above " + AppContext.BaseDirectory);
    }
}
