namespace TwoFactor.Sweeps;

/// <summary>
/// Finds data files shipped with the tool (data/...): as given, relative to the working folder, else relative to
/// the install folder or any folder above it (a source checkout), so presets work from anywhere.
/// </summary>
public static class DataFiles
{
    public static string Locate(string path)
    {
        if (File.Exists(path)) return Path.GetFullPath(path);
        if (!Path.IsPathRooted(path))
        {
            for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            {
                var candidate = Path.Combine(dir.FullName, path);
                if (File.Exists(candidate)) return candidate;
            }
        }
        throw new FileNotFoundException($"data file '{path}' not found (looked in {Environment.CurrentDirectory} and above {AppContext.BaseDirectory})", path);
    }
}
