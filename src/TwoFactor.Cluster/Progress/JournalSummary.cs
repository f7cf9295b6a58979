namespace TwoFactor.Cluster.Progress;

/// <summary>
/// What `twofactor status` and `twofactor sweeps` show, folded from a sweep's journal (snapshot + events).
/// Needs no plan: the registration event carries the cell count.
/// </summary>
public sealed class JournalSummary
{
    private readonly HashSet<string> _completed = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _failed = new(StringComparer.Ordinal);
    private readonly Dictionary<string, (IReadOnlyList<string> Completed, IReadOnlyList<FailedCellV1> Failed)> _parts = new(StringComparer.Ordinal);

    public SweepRegisteredV1? Sweep { get; private set; }
    public int Completed => _completed.Count;
    public int Failed => _failed.Count;
    public int Done => Completed + Failed;
    public int Total => Sweep?.TotalCells ?? 0;
    public int Parts => _parts.Count;
    public int LeasesLost { get; private set; }
    public DateTimeOffset? LastChange { get; private set; }
    public bool Finished => Total > 0 && Done >= Total;
    public IReadOnlyDictionary<string, string> FailedCells => _failed;

    public JournalSummary Apply(IProgressEvent e)
    {
        switch (e)
        {
            case SweepRegisteredV1 r:
                Sweep = r;
                Touch(r.At);
                break;
            case PartRecordedV1 p:
                Add(p.PartFile, p.Completed, p.Failed);
                Touch(p.At);
                break;
            case PartDroppedV1 d:
                Drop(d.PartFile);
                Touch(d.At);
                break;
            case LeaseLostV1 l:
                LeasesLost++;
                Touch(l.At);
                break;
            case LeaseLossesResetV1 r:
                Touch(r.At);
                break;
            case ProgressSnapshotV1 s:
                Sweep = s.Sweep;
                foreach (var part in s.Parts) Add(part.PartFile, part.Completed, part.Failed);
                LeasesLost = s.LeaseLosses.Sum(l => l.Losses);
                break;
        }
        return this;
    }

    private void Add(string part, IReadOnlyList<string> completed, IReadOnlyList<FailedCellV1> failed)
    {
        _parts[part] = (completed, failed);
        foreach (var c in completed) _completed.Add(c);
        foreach (var f in failed) _failed[f.CellId] = f.Error;
    }

    /// <summary>A dropped part's cells are no longer done (they run again); see <see cref="PartDroppedV1"/>.</summary>
    private void Drop(string part)
    {
        if (!_parts.Remove(part, out var cells)) return;
        foreach (var c in cells.Completed) _completed.Remove(c);
        foreach (var f in cells.Failed) _failed.Remove(f.CellId);
    }

    private void Touch(DateTimeOffset at)
    {
        if (LastChange is null || at > LastChange) LastChange = at;
    }
}
