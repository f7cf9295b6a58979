using System.Text.RegularExpressions;
using Parquet;
using Parquet.Schema;
using Parquet.Serialization;

namespace TwoFactor.Sweeps;

/// <summary>
/// The results of one sweep on disk: <c>&lt;root&gt;/&lt;sweep_id&gt;/part-NNNNN.parquet</c> plus the spec
/// snapshot <c>sweep.yaml</c>. A part is committed atomically: written under a temporary name in the same
/// folder, flushed to disk, then renamed, so readers (and globs like part-*.parquet) only ever see whole
/// parts. Which parts count is decided by the caller (the coordinator's journal): parts it never recorded
/// are orphans and <see cref="RemoveOrphans"/> deletes them.
/// </summary>
public sealed partial class ResultStore
{
    public const string SnapshotFileName = "sweep.yaml";
    private const string TempMarker = ".tmp-";

    public ResultStore(string resultsRoot, string sweepId)
    {
        if (sweepId.Length == 0 || sweepId.IndexOfAny(Path.GetInvalidFileNameChars()) >= 0 || sweepId.Contains(".."))
            throw new ArgumentException($"not a valid sweep id: '{sweepId}'", nameof(sweepId));
        SweepId = sweepId;
        Directory = Path.Combine(resultsRoot, sweepId);
    }

    public string SweepId { get; }

    /// <summary>The sweep's folder, results/&lt;sweep_id&gt;.</summary>
    public string Directory { get; }

    public static string PartFileName(int partNumber) => $"part-{partNumber:D5}.parquet";

    /// <summary>Writes sweep.yaml atomically (same temp-and-rename as parts).</summary>
    public void WriteSpecSnapshot(string yaml)
    {
        System.IO.Directory.CreateDirectory(Directory);
        AtomicWriteAsync(SnapshotFileName, stream =>
        {
            var bytes = System.Text.Encoding.UTF8.GetBytes(yaml);
            stream.Write(bytes);
            return Task.CompletedTask;
        }).GetAwaiter().GetResult();
    }

    /// <summary>summary.txt: the human-readable end of a sweep, rewritten when a rerun finishes again (the journal stays the truth).</summary>
    public void WriteSummary(IEnumerable<string> lines) => File.WriteAllLines(Path.Combine(Directory, "summary.txt"), lines);

    /// <summary>
    /// Writes the rows as one part file and commits it. Every row must belong to this sweep and protocol.
    /// </summary>
    /// <exception cref="IOException">The part already exists (part numbers are never reused).</exception>
    public PartInfo CommitPart(int partNumber, IReadOnlyList<ResultRow> rows, IProtocol protocol) =>
        CommitPartAsync(partNumber, rows, protocol).GetAwaiter().GetResult();

    /// <inheritdoc cref="CommitPart(int, IReadOnlyList{ResultRow}, IProtocol)"/>
    public Task<PartInfo> CommitPartAsync(int partNumber, IReadOnlyList<ResultRow> rows, IProtocol protocol, CancellationToken ct = default) =>
        CommitPartAsync(partNumber, rows, protocol, wrapStream: null, ct);

    /// <param name="wrapStream">Test hook: wraps the temp file's stream (to simulate a crash mid-write).</param>
    internal async Task<PartInfo> CommitPartAsync(int partNumber, IReadOnlyList<ResultRow> rows, IProtocol protocol,
        Func<Stream, Stream>? wrapStream, CancellationToken ct = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(partNumber);
        if (rows.Count == 0) throw new ArgumentException("a part needs at least one row", nameof(rows));
        foreach (var row in rows)
        {
            if (row.SweepId != SweepId)
                throw new ArgumentException($"row of cell {row.CellId} belongs to sweep '{row.SweepId}', not '{SweepId}'", nameof(rows));
            if (row.Protocol != protocol.Name)
                throw new ArgumentException($"row of cell {row.CellId} is of protocol '{row.Protocol}', not '{protocol.Name}'", nameof(rows));
        }
        System.IO.Directory.CreateDirectory(Directory);
        string fileName = PartFileName(partNumber);
        var schema = ResultSchema.For(protocol);
        await AtomicWriteAsync(fileName, stream =>
            ResultColumnWriter.WriteAsync(schema, rows, protocol, wrapStream?.Invoke(stream) ?? stream, ct));
        return new PartInfo(fileName, rows.Count, rows.Select(r => r.CellId).ToList());
    }

    /// <summary>Committed part files (names only), in part-number order; temporary files are never listed.</summary>
    public IReadOnlyList<string> CommittedParts()
    {
        if (!System.IO.Directory.Exists(Directory)) return [];
        return System.IO.Directory.EnumerateFiles(Directory, "part-*.parquet")
            .Select(Path.GetFileName)
            .Where(name => PartPattern().IsMatch(name!))
            .Order(StringComparer.Ordinal)
            .ToList()!;
    }

    /// <summary>Deletes committed parts not in <paramref name="recordedPartFileNames"/> and every leftover temporary file.</summary>
    /// <returns>The number of files deleted.</returns>
    public int RemoveOrphans(IReadOnlySet<string> recordedPartFileNames)
    {
        if (!System.IO.Directory.Exists(Directory)) return 0;
        int removed = 0;
        foreach (var name in CommittedParts().Where(n => !recordedPartFileNames.Contains(n)))
        {
            File.Delete(Path.Combine(Directory, name));
            removed++;
        }
        foreach (var path in System.IO.Directory.EnumerateFiles(Directory, $".*{TempMarker}*").ToList())
        {
            File.Delete(path);
            removed++;
        }
        return removed;
    }

    /// <summary>Every row of every committed part, in part order.</summary>
    public IReadOnlyList<ResultRow> ReadAll() => ReadAllAsync().GetAwaiter().GetResult();

    public async Task<IReadOnlyList<ResultRow>> ReadAllAsync(CancellationToken ct = default)
    {
        var rows = new List<ResultRow>();
        foreach (var part in CommittedParts()) rows.AddRange(await ReadPartAsync(part, ct));
        return rows;
    }

    /// <summary>The rows of one committed part (a name from <see cref="CommittedParts"/>).</summary>
    public async Task<IReadOnlyList<ResultRow>> ReadPartAsync(string partFileName, CancellationToken ct = default)
    {
        await using var stream = File.OpenRead(Path.Combine(Directory, partFileName));
        var result = await ParquetSerializer.DeserializeUntypedAsync(stream, cancellationToken: ct);
        return result.Data.Select(data => ResultRowCodec.FromDictionary(data!)).ToList();
    }

    /// <summary>The number in a part file's name (part-00012.parquet: 12), or null for any other name.</summary>
    public static int? PartNumberOf(string fileName) =>
        PartPattern().IsMatch(fileName) && int.TryParse(fileName["part-".Length..fileName.IndexOf('.')], out var n) ? n : null;

    /// <summary>The cell ids of every committed part (reads only that column).</summary>
    public IReadOnlyList<string> ReadCellIds() => ReadCellIdsAsync().GetAwaiter().GetResult();

    public async Task<IReadOnlyList<string>> ReadCellIdsAsync(CancellationToken ct = default)
    {
        var ids = new List<string>();
        foreach (var part in CommittedParts()) ids.AddRange(await ReadPartCellIdsAsync(part, ct));
        return ids;
    }

    /// <summary>The cell-id column of one part; a part without one is not a result part (InvalidDataException).</summary>
    private async Task<IReadOnlyList<string>> ReadPartCellIdsAsync(string part, CancellationToken ct = default)
    {
        var values = await ReadTextColumnAsync(part, ResultSchema.CellId, ct)
                     ?? throw new InvalidDataException($"{part} has no {ResultSchema.CellId} column");
        return values.Select(v => v ?? "").ToList();
    }

    /// <summary>
    /// One text column of one committed part, reading only that column; null when the part has no such column.
    /// </summary>
    public async Task<IReadOnlyList<string?>?> ReadTextColumnAsync(string partFileName, string column, CancellationToken ct = default)
    {
        await using var reader = await ParquetReader.CreateAsync(Path.Combine(Directory, partFileName), cancellationToken: ct);
        var field = reader.Schema.DataFields.FirstOrDefault(f => f.Name == column);
        if (field is null) return null;
        var values = new List<string?>();
        for (int g = 0; g < reader.RowGroupCount; g++)
        {
            using var group = reader.OpenRowGroupReader(g);
            var buffer = new string?[group.RowCount];
            await group.ReadAsync(field, buffer.AsMemory(), cancellationToken: ct);
            values.AddRange(buffer);
        }
        return values;
    }

    /// <summary>
    /// Checks a recorded part against what the journal says it holds: the file exists, is a readable Parquet
    /// file (a truncated file has no footer) and holds exactly these cell ids. Null when intact, else the reason.
    /// </summary>
    public string? CheckPart(string part, IReadOnlyCollection<string> expectedCellIds)
    {
        var path = Path.Combine(Directory, part);
        if (!File.Exists(path)) return "missing";
        IReadOnlyList<string> ids;
        try
        {
            ids = ReadPartCellIdsAsync(part).GetAwaiter().GetResult();
        }
        catch (Exception e) when (e is IOException or InvalidDataException or InvalidOperationException or ArgumentException
                                      or IndexOutOfRangeException or NotSupportedException or OverflowException)
        {
            return $"unreadable ({e.Message})";
        }
        if (ids.Count != expectedCellIds.Count || !ids.ToHashSet(StringComparer.Ordinal).SetEquals(expectedCellIds))
            return $"holds {ids.Count} rows, the journal recorded {expectedCellIds.Count} other cells";
        return null;
    }

    /// <summary>Moves a damaged part out of the dataset (part-N.parquet.damaged matches no part-*.parquet glob); returns the new name.</summary>
    public string SetAside(string part)
    {
        var path = Path.Combine(Directory, part);
        var aside = $"{part}.damaged";
        if (File.Exists(path)) File.Move(path, Path.Combine(Directory, aside), overwrite: true);
        return aside;
    }

    /// <summary>Deletes a part file that no longer counts (missing already is fine).</summary>
    public void DeletePart(string part) => File.Delete(Path.Combine(Directory, part));

    /// <summary>
    /// Commits part <paramref name="partNumber"/> with the rows of <paramref name="part"/> whose cell is in
    /// <paramref name="keep"/> (the rest are dropped), atomically like any part. Used to replace failed rows.
    /// </summary>
    public PartInfo CopyPart(string part, IReadOnlySet<string> keep, int partNumber, IProtocol protocol)
    {
        var rows = ReadPartAsync(part).GetAwaiter().GetResult().Where(r => keep.Contains(r.CellId)).ToList();
        return CommitPart(partNumber, rows, protocol);
    }

    /// <summary>Temp file in the same folder (same file system, so the rename is atomic), fsync, then rename.</summary>
    private async Task AtomicWriteAsync(string fileName, Func<Stream, Task> write)
    {
        string final = Path.Combine(Directory, fileName);
        if (fileName != SnapshotFileName && File.Exists(final))
            throw new IOException($"{final} already exists; part numbers are never reused");
        // Hidden and not ending in .parquet, so neither CommittedParts nor a part-*.parquet glob can see it.
        string temp = Path.Combine(Directory, $".{fileName}{TempMarker}{Guid.NewGuid():N}");
        try
        {
            await using (var stream = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None))
            {
                await write(stream);
                await stream.FlushAsync();
                stream.Flush(flushToDisk: true);
            }
            File.Move(temp, final, overwrite: fileName == SnapshotFileName);
        }
        catch
        {
            TryDelete(temp);
            throw;
        }
    }

    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (IOException)
        {
            // Left for RemoveOrphans: temp files are invisible to readers anyway.
        }
    }

    [GeneratedRegex(@"^part-\d{5,}\.parquet$")]
    private static partial Regex PartPattern();
}
