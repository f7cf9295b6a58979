using System.Text.Json;
using TwoFactor.Cluster.Progress;

namespace TwoFactor.Cluster.Hosting;

/// <summary>
/// results/&lt;sweep_id&gt;/running.json: the running cells with their workers' latest progress, rewritten every
/// few seconds by the process that drives the sweep (`run`, `coordinator`) and removed when it ends. It lets
/// `status`, another process, show running cells; the journal holds only durable state. Display data only:
/// a failed write is skipped (the next one replaces it), and a reader checks <see cref="Snapshot.UpdatedAt"/>
/// to tell a live file from one left behind by a killed run.
/// </summary>
public sealed class RunningCellsFile(string sweepDirectory, TimeSpan? minInterval = null)
{
    public const string FileName = "running.json";

    private static readonly JsonSerializerOptions Json = new() { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower, WriteIndented = true };

    private readonly TimeSpan _minInterval = minInterval ?? TimeSpan.FromSeconds(2);
    private DateTimeOffset _lastWrite = DateTimeOffset.MinValue;

    public sealed record Snapshot(DateTimeOffset UpdatedAt, IReadOnlyList<RunningCell> Running);

    public string Path => System.IO.Path.Combine(sweepDirectory, FileName);

    /// <summary>Writes the running cells unless the last write was less than the minimum interval ago.</summary>
    public void Update(IReadOnlyList<RunningCell> running, DateTimeOffset now)
    {
        if (now - _lastWrite < _minInterval || !Directory.Exists(sweepDirectory)) return;
        _lastWrite = now;
        string temp = System.IO.Path.Combine(sweepDirectory, $".{FileName}.tmp-{Guid.NewGuid():N}");
        try
        {
            File.WriteAllText(temp, JsonSerializer.Serialize(new Snapshot(now, running), Json));
            File.Move(temp, Path, overwrite: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            TryDelete(temp);
        }
    }

    /// <summary>The sweep is no longer driven from here: no cell runs.</summary>
    public void Remove() => TryDelete(Path);

    /// <summary>The file's content, or null when there is none (or it cannot be read).</summary>
    public static Snapshot? Read(string sweepDirectory)
    {
        try
        {
            var path = System.IO.Path.Combine(sweepDirectory, FileName);
            return File.Exists(path) ? JsonSerializer.Deserialize<Snapshot>(File.ReadAllText(path), Json) : null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or JsonException)
        {
            return null;
        }
    }

    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Display data: a leftover file is recognised as stale by its timestamp.
        }
    }
}
