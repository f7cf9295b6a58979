namespace TwoFactor.TestSupport;

/// <summary>A fresh folder under the system temp directory, deleted when the test ends.</summary>
public sealed class TempFolder : IDisposable
{
    public string Path { get; } = Directory.CreateTempSubdirectory("twofactor-test-").FullName;

    /// <summary>Writes <paramref name="text"/> to a file of that name in the folder and returns its path.</summary>
    public string File(string name, string text)
    {
        string path = System.IO.Path.Combine(Path, name);
        System.IO.File.WriteAllText(path, text);
        return path;
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Best effort: a leftover temp folder (a file a killed child process still held) affects no other test.
        }
    }
}
