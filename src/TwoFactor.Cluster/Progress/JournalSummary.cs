namespace TwoFactor.Cluster.Progress;

/// <summary>
/// What `twofactor status` and `twofactor sweeps` show, folded from a sweep's journal (snapshot + events).
/// Needs no plan: the registration event carries the cell count.
/// </summary>
public sealed class JournalSummary
{
    private readonly HashSet<string> _completed = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _failed = new(StringComparer.Ordinal);
    private readonly HashSet<string> _parts = new(StringComparer.Ordinal);

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
            case LeaseLostV1 l:
                LeasesLost++;
                Touch(l.At);
                break;
            case ProgressSnapshotV1 s:
                Sweep = s.Sweep;
                foreach (var part in s.Parts) Add(part.PartFile, part.Completed, part.Failed);
                LeasesLost = s.LeaseLosses.Sum(l => l.Losses);
                break;
        }
        return this;
    }

    private void Add(string part, IEnumerable<string> completed, IEnumerable<FailedCellV1> failed)
    {
        _parts.Add(part);
        foreach (var c in completed) _completed.Add(c);
        foreach (var f in failed) _failed[f.CellId] = f.Error;
    }

    private void Touch(DateTimeOffset at)
    {
        if (LastChange is null || at > LastChange) LastChange = at;
    }
}
