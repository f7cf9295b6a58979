using System.Collections;

namespace TwoFactor.Sweeps;

/// <summary>
/// A sweep expanded into its cells, held compactly: per cell only its id (as a 64-bit <see cref="CellKey"/>)
/// and its estimated cost, 16 bytes, so that 10^7 cells fit in memory. A <see cref="Cell"/> with its
/// parameters is rebuilt from the spec on demand (<see cref="CellAt"/>, <see cref="Cells"/>): the expansion
/// is a pure function of the spec and the cell's index. <see cref="CanonicalYaml"/> is the snapshot written
/// next to the results (the spec with overrides applied and every axis written out); loading it gives the same plan.
/// </summary>
public sealed class SweepPlan
{
    private readonly SweepSpec _spec;
    private readonly ulong[] _keys;
    private readonly double[] _costs;
    private (ulong[] Keys, int[] Indices)? _byKey;

    internal SweepPlan(string sweepId, SweepSpec spec, ulong[] keys, double[] costs, string canonicalYaml)
    {
        SweepId = sweepId;
        _spec = spec;
        _keys = keys;
        _costs = costs;
        CanonicalYaml = canonicalYaml;
        Cells = new PlannedCells(this);
        TotalCost = costs.Sum();
    }

    public string SweepId { get; }
    public string Name => _spec.Name;
    public string Protocol => _spec.Protocol.Name;
    public string CanonicalYaml { get; }
    public int CellCount => _keys.Length;
    public double TotalCost { get; }

    /// <summary>Every cell in plan order, each rebuilt when read (enumerate once; index only what you need).</summary>
    public IReadOnlyList<Cell> Cells { get; }

    public string CellIdAt(int index) => CellKey.Format(_keys[index]);

    public double CostAt(int index) => _costs[index];

    /// <summary>The cell at <paramref name="index"/> with its resolved parameters, rebuilt from the spec.</summary>
    public Cell CellAt(int index)
    {
        var resolved = _spec.Protocol.Resolve(CellExpander.SpecifiedAt(_spec, index));
        return new Cell(CellIdAt(index), index, Protocol, resolved, _costs[index]) { SweepId = SweepId, SweepName = Name };
    }

    /// <summary>The plan index of a cell id, or -1 when the id is not planned (another spec's cell, a malformed id).</summary>
    public int IndexOf(string cellId)
    {
        if (!CellKey.TryParse(cellId, out var key)) return -1;
        var (keys, indices) = _byKey ??= SortedByKey();
        int at = Array.BinarySearch(keys, key);
        return at >= 0 ? indices[at] : -1;
    }

    /// <summary>Built on the first lookup only (12 bytes per cell): `plan` and reports never need it.</summary>
    private (ulong[], int[]) SortedByKey()
    {
        var keys = (ulong[])_keys.Clone();
        var indices = new int[keys.Length];
        for (int i = 0; i < indices.Length; i++) indices[i] = i;
        Array.Sort(keys, indices);
        return (keys, indices);
    }

    private sealed class PlannedCells(SweepPlan plan) : IReadOnlyList<Cell>
    {
        public int Count => plan.CellCount;

        public Cell this[int index] => (uint)index < (uint)Count ? plan.CellAt(index) : throw new ArgumentOutOfRangeException(nameof(index));

        public IEnumerator<Cell> GetEnumerator()
        {
            for (int i = 0; i < Count; i++) yield return plan.CellAt(i);
        }

        IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
    }
}
