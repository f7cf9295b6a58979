using System.Diagnostics;

namespace TwoFactor.TestSupport;

/// <summary>Waiting for something another process does. The timeout only keeps a hung test from hanging forever.</summary>
public static class Poll
{
    private static readonly TimeSpan DefaultInterval = TimeSpan.FromMilliseconds(100);

    /// <summary>
    /// Returns once <paramref name="condition"/> holds; fails the test after <paramref name="timeout"/>. A condition that
    /// is costly to check (a journal read) passes a longer <paramref name="interval"/> so it leaves the CPU to the workers.
    /// </summary>
    public static void Until(Func<bool> condition, TimeSpan timeout, string what, TimeSpan? interval = null)
    {
        var clock = Stopwatch.StartNew();
        while (!condition())
        {
            if (clock.Elapsed > timeout) Assert.Fail($"timed out after {timeout} waiting for {what}");
            Thread.Sleep(interval ?? DefaultInterval);
        }
    }
}
