namespace TwoFactor.Cluster.Hosting;

/// <summary>
/// One coordinator per sweep folder at a time: an exclusive lock on results/&lt;sweep_id&gt;/owner.lock, held
/// for the life of the process and released by the operating system however the process ends (on Linux
/// .NET takes it with flock for FileShare.None). The owner's host and pid are written next to it in
/// owner.txt so that a second process can name it. The lock file itself is never deleted: deleting a locked
/// file would let a third process lock a new file of the same name while the second still holds the old one.
/// </summary>
public sealed class SweepOwnership : IDisposable
{
    public const string LockFileName = "owner.lock";
    public const string OwnerFileName = "owner.txt";

    private readonly FileStream _lock;

    private SweepOwnership(FileStream held) => _lock = held;

    /// <summary>Takes the sweep folder (creating it when new).</summary>
    /// <exception cref="SweepStartException">Another live process owns it (the message names it; nothing was written).</exception>
    public static SweepOwnership Acquire(string sweepDirectory, string sweepId)
    {
        var lockPath = Path.Combine(sweepDirectory, LockFileName);
        var ownerPath = Path.Combine(sweepDirectory, OwnerFileName);
        FileStream held;
        try
        {
            // Only a folder that does not exist yet is created: a second process finds it and the lock in it.
            if (!Directory.Exists(sweepDirectory)) Directory.CreateDirectory(sweepDirectory);
            held = new FileStream(lockPath, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
        }
        catch (IOException) when (File.Exists(lockPath))
        {
            throw new SweepStartException($"sweep {sweepId} is already running: owned by {DescribeOwner(ownerPath)}; " +
                                          "wait for it to finish or stop it, then run again");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new SweepStartException($"cannot take the sweep folder {sweepDirectory}: {e.Message}", e);
        }
        try
        {
            File.WriteAllText(ownerPath, $"host={Environment.MachineName} pid={Environment.ProcessId} since={DateTimeOffset.UtcNow:u}\n");
        }
        catch (IOException)
        {
            // The lock is what counts; a full disk only costs the second process the owner's name.
        }
        return new SweepOwnership(held);
    }

    private static string DescribeOwner(string ownerPath)
    {
        // The owner writes owner.txt right after taking the lock: give it a moment when we raced it.
        for (int attempt = 0; attempt < 10; attempt++)
        {
            try
            {
                var text = File.ReadAllText(ownerPath).Trim();
                if (text.Length > 0) return text;
            }
            catch (IOException)
            {
            }
            Thread.Sleep(50);
        }
        return "another process (its owner.txt is missing)";
    }

    public void Dispose() => _lock.Dispose();
}
