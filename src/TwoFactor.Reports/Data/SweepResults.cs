using Parquet;

namespace TwoFactor.Reports;

/// <summary>
/// What a results folder holds right now: the spec snapshot (sweep.yaml) re-planned into its cells, and the rows of
/// every committed part (part-*.parquet; hidden temporary files of a running sweep are never read). Cells planned but
/// without a row are missing: still to run, or lost with a killed sweep.
/// </summary>
public sealed class SweepResults
{
    /// <summary>Internal for tests that build figures from rows they made; everything else goes through <see cref="LoadAsync"/>.</summary>
    internal SweepResults(string folder, SweepSpec spec, SweepPlan plan, IReadOnlyList<string> parts, IReadOnlyList<ResultRow> rows)
    {
        Folder = folder;
        Spec = spec;
        Plan = plan;
        Parts = parts;
        Rows = rows;
        var seen = rows.Select(r => r.CellId).ToHashSet();
        Missing = plan.Cells.Where(c => !seen.Contains(c.CellId)).ToList();
    }

    public string Folder { get; }
    public SweepSpec Spec { get; }
    public SweepPlan Plan { get; }
    public IProtocol Protocol => Spec.Protocol;
    public IReadOnlyList<string> Parts { get; }
    public IReadOnlyList<ResultRow> Rows { get; }
    public IReadOnlyList<ResultRow> Completed => Rows.Where(r => r.Status == CellStatus.Completed).ToList();
    public IReadOnlyList<ResultRow> Failed => Rows.Where(r => r.IsFailed).ToList();
    public IReadOnlyList<Cell> Missing { get; }

    /// <summary>Loads and checks the folder before any figure is drawn.</summary>
    /// <param name="requiredColumns">Columns the report reads for a protocol (beyond identity and status).</param>
    /// <exception cref="ReportInputException">Not a results folder, no committed part, an unreadable part, a column missing.</exception>
    public static async Task<SweepResults> LoadAsync(string folder, Func<IProtocol, IReadOnlyList<string>> requiredColumns,
        IProgress<string>? progress = null, CancellationToken ct = default)
    {
        // Without the trailing separator (`report results/<id>/`) the folder's parent is the results root.
        folder = Path.TrimEndingDirectorySeparator(Path.GetFullPath(folder));
        if (!Directory.Exists(folder)) throw new ReportInputException($"{folder}: no such folder");
        string sweepId = Path.GetFileName(folder.TrimEnd(Path.DirectorySeparatorChar));
        var store = new ResultStore(Path.GetDirectoryName(folder)!, sweepId);
        var parts = store.CommittedParts();
        string snapshot = Path.Combine(folder, ResultStore.SnapshotFileName);
        if (!Directory.EnumerateFileSystemEntries(folder).Any())
            throw new ReportInputException($"{folder}: empty folder, nothing to report (a results folder holds {ResultStore.SnapshotFileName} and part-*.parquet)");
        if (!File.Exists(snapshot))
            throw new ReportInputException(parts.Count == 0
                ? $"{folder}: not a results folder (no {ResultStore.SnapshotFileName} and no part-*.parquet)"
                : $"{snapshot}: missing; the report needs the spec snapshot to know the sweep's cells");

        var input = SweepFile.Plan(snapshot, []);
        if (!input.Ok) throw new ReportInputException($"{snapshot}: not a valid spec snapshot: {input.Errors[0]}");
        var (spec, plan, _) = input.Sweep!;
        if (parts.Count == 0)
            throw new ReportInputException($"{folder}: no committed parts yet (part-*.parquet) of the {plan.Cells.Count} planned cells");

        var required = ResultSchema.LeadingColumns.Concat(requiredColumns(spec.Protocol)).Distinct().ToList();
        var rows = new List<ResultRow>();
        for (int k = 0; k < parts.Count; k++)
        {
            progress?.Report($"reading {parts[k]} ({k + 1}/{parts.Count})");
            string path = Path.Combine(folder, parts[k]);
            var (columns, protocols) = await SchemaOf(store, parts[k], ct);
            var foreignProtocol = protocols.FirstOrDefault(p => p != plan.Protocol);
            if (foreignProtocol is not null)
                throw new ReportInputException($"{path}: holds rows of protocol '{foreignProtocol}', but {snapshot} is a '{plan.Protocol}' sweep");
            var absent = required.Where(c => !columns.Contains(c)).ToList();
            if (absent.Count > 0)
                throw new ReportInputException($"{path}: missing columns {string.Join(", ", absent)} (written by an older version of the results schema?)");
            IReadOnlyList<ResultRow> partRows;
            try
            {
                partRows = await store.ReadPartAsync(parts[k], ct);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                throw new ReportInputException($"{path}: unreadable part: {OneLine(e.Message)}");
            }
            rows.AddRange(partRows);
        }
        return new SweepResults(folder, spec, plan, parts, rows);
    }

    /// <summary>The part's column names and the distinct values of its protocol column (read alone: cheap).</summary>
    private static async Task<(HashSet<string> Columns, IReadOnlyList<string> Protocols)> SchemaOf(ResultStore store, string part, CancellationToken ct)
    {
        try
        {
            HashSet<string> columns;
            await using (var reader = await ParquetReader.CreateAsync(Path.Combine(store.Directory, part), cancellationToken: ct))
                columns = reader.Schema.Fields.Select(f => f.Name).ToHashSet(StringComparer.Ordinal);
            var protocols = await store.ReadTextColumnAsync(part, ResultSchema.Protocol, ct) ?? [];
            return (columns, protocols.Where(p => p is not null).Select(p => p!).Distinct().Order(StringComparer.Ordinal).ToList());
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            throw new ReportInputException($"{Path.Combine(store.Directory, part)}: unreadable part: {OneLine(e.Message)}");
        }
    }

    private static string OneLine(string message) => message.ReplaceLineEndings(" ").Trim();
}
