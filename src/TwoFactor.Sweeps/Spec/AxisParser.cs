namespace TwoFactor.Sweeps;

/// <summary>
/// Parses the <c>axes</c> block. The axes form a grid (the cartesian product of all entries). An entry is
/// <list type="bullet">
/// <item><c>param: [v1, v2]</c>, a list of values;</item>
/// <item><c>param: {range|linspace|logspace|seeds|values: ...}</c>, a generated list;</item>
/// <item><c>param: {values: [...], zip: {other: [...], ...}}</c>, the zip members vary together with the
/// lead parameter (equal lengths), e.g. eta, eta_theta and L linked to z;</item>
/// <item><c>label: {zip: {a: [...], b: [...]}}</c>, a named group of parameters varied together;</item>
/// <item><c>seeds: 5</c>, shorthand for <c>seed: {seeds: 5}</c> (5 seeds counted up from base.seed).</item>
/// <item><c>model: {two-factor: {z: [1, 2]}, hebbian: null}</c>, per-value blocks of a choice parameter: each
/// block is a grid of its own (axes as above) for that value, and the axis is the blocks one after another, so
/// parameters of one model never cross another model.</item>
/// </list>
/// </summary>
internal static class AxisParser
{
    private static readonly string[] EntryKeys = [.. AxisGenerators.Names, "zip"];

    public static List<SweepAxis> Parse(MappingEntry? entry, IProtocol protocol, IReadOnlyList<SpecValue> baseValues, List<SpecError> errors)
    {
        var axes = new List<SweepAxis>();
        if (entry is null || entry.Value is ScalarNode { IsNull: true }) return axes;
        if (entry.Value is not MappingNode mapping)
        {
            errors.Add(entry.Value.Source.Error("axes", "expected a mapping of parameter: values (the axes of the grid)"));
            return axes;
        }
        long baseSeed = BaseSeed(protocol, baseValues);
        foreach (var item in Flatten(mapping, protocol))
        {
            var axis = ParseAxis(item, protocol, baseSeed, errors);
            if (axis is not null) axes.Add(axis);
        }
        CheckConflicts(axes, baseValues, errors);
        return axes;
    }

    /// <summary>
    /// The axes block is itself the grid; an explicit <c>grid: {...}</c> entry is accepted too and its entries
    /// become axes in place (a product inside a product is the same product).
    /// </summary>
    private static IEnumerable<MappingEntry> Flatten(MappingNode mapping, IProtocol protocol)
    {
        foreach (var item in mapping.Entries)
        {
            if (item.Key == "grid" && Find(protocol, "grid") is null && item.Value is MappingNode grid)
            {
                foreach (var inner in Flatten(grid, protocol)) yield return inner;
            }
            else yield return item;
        }
    }

    private static long BaseSeed(IProtocol protocol, IReadOnlyList<SpecValue> baseValues)
    {
        var given = baseValues.FirstOrDefault(v => v.Parameter == "seed")?.Value;
        var fallback = protocol.Parameters.FirstOrDefault(p => p.Name == "seed")?.Default;
        return given as long? ?? fallback as long? ?? 0;
    }

    private static SweepAxis? ParseAxis(MappingEntry item, IProtocol protocol, long baseSeed, List<SpecError> errors, string prefix = "axes")
    {
        string keyPath = $"{prefix}.{item.Key}";
        var def = Find(protocol, item.Key);
        var node = item.Value;

        // model: {hebbian: {...}, willshaw: null}: per-value blocks of a choice parameter (not nested in another block).
        if (prefix == "axes" && def is { Type: ParameterType.Text, Allowed: not null } && node is MappingNode { Entries.Count: > 0 } blockMap
            && blockMap.Entries.All(e => !EntryKeys.Contains(e.Key)))
            return ParseBlocks(item, def, blockMap, protocol, baseSeed, errors);

        // seeds: N as an axis of its own, when the protocol has no parameter called seeds.
        if (def is null && item.Key == "seeds" && Find(protocol, "seed") is { } seedDef)
        {
            var seeds = AxisGenerators.Generate("seeds", seedDef, node, prefix, baseSeed, errors);
            return seeds is null ? null : Axis("seed", [Column(seedDef.Name, seeds, keyPath) with { FromSeeds = true }], item, errors);
        }

        // zip: {a: [...], b: [...]} directly under axes: an unnamed group of parameters varied together.
        if (def is null && item.Key == "zip" && node is MappingNode zipped)
        {
            var members = new List<AxisColumn>();
            var zipEntry = new MappingEntry("zip", item.KeySource, zipped);
            if (!ParseZip(zipEntry, protocol, prefix, baseSeed, members, errors)) return null;
            return Axis("zip", members, item, errors, prefix) is { } group ? group with { IsGroup = true } : null;
        }

        if (node is SequenceNode)
        {
            if (def is null) return Unknown(item, protocol, errors);
            var values = AxisGenerators.Values(def, node, keyPath, errors);
            return values is null ? null : Axis(item.Key, [Column(def.Name, values, keyPath)], item, errors, prefix);
        }
        if (node is not MappingNode mapping)
        {
            errors.Add(node.Source.Error(keyPath, "an axis needs a list of values or one of " +
                $"{string.Join(", ", EntryKeys)}; to fix {item.Key} for every cell, set it under base"));
            return null;
        }

        foreach (var unknown in mapping.Entries.Where(e => !EntryKeys.Contains(e.Key)))
            errors.Add(unknown.KeySource.Error($"{keyPath}.{unknown.Key}", DidYouMean.Unknown("axis key", unknown.Key, EntryKeys)));
        var generators = mapping.Entries.Where(e => AxisGenerators.Names.Contains(e.Key)).ToList();
        var zip = mapping.Find("zip");
        if (generators.Count > 1)
        {
            errors.Add(mapping.Source.Error(keyPath, $"give one of {string.Join(", ", AxisGenerators.Names)}, not several " +
                $"({string.Join(", ", generators.Select(g => g.Key))})"));
            return null;
        }
        if (generators.Count == 0 && zip is null)
        {
            errors.Add(mapping.Source.Error(keyPath, $"empty axis: give values (or {string.Join(", ", AxisGenerators.Names.Skip(1))})"));
            return null;
        }

        var columns = new List<AxisColumn>();
        bool isGroup = generators.Count == 0;
        if (!isGroup)
        {
            if (def is null) return Unknown(item, protocol, errors);
            var values = AxisGenerators.Generate(generators[0].Key, def, generators[0].Value, keyPath, baseSeed, errors);
            if (values is null) return null;
            columns.Add(Column(def.Name, values, keyPath) with { FromSeeds = generators[0].Key == "seeds" });
        }
        if (zip is not null && !ParseZip(zip, protocol, keyPath, baseSeed, columns, errors)) return null;
        return Axis(item.Key, columns, item, errors, prefix) is { } axis ? axis with { IsGroup = isGroup } : null;
    }

    /// <summary>
    /// Per-value blocks: every block's entries are axes (cartesian product within the block); the blocks' rows are
    /// concatenated into one axis whose first column is the parameter itself and whose other columns are the union
    /// of the blocks' parameters, <see cref="AxisColumn.Absent"/> in the rows of blocks that do not set them.
    /// </summary>
    private static SweepAxis? ParseBlocks(MappingEntry item, ParameterDefinition def, MappingNode blocks, IProtocol protocol, long baseSeed,
        List<SpecError> errors)
    {
        string keyPath = $"axes.{item.Key}";
        var rows = new List<(string Value, SourceLocation Source, Dictionary<string, (object? Value, SourceLocation Source, string Path)> Set)>();
        var order = new List<string>();
        bool ok = true;
        foreach (var block in blocks.Entries)
        {
            string blockPath = $"{keyPath}.{block.Key}";
            var value = def.Allowed!.FirstOrDefault(a => string.Equals(a, block.Key.Trim(), StringComparison.OrdinalIgnoreCase));
            if (value is null)
            {
                errors.Add(block.KeySource.Error(blockPath, DidYouMean.Unknown(item.Key, block.Key, def.Allowed!.ToList())));
                ok = false;
                continue;
            }
            var inner = new List<SweepAxis>();
            if (block.Value is MappingNode mapping)
            {
                foreach (var entry in Flatten(mapping, protocol))
                {
                    if (entry.Key == item.Key)
                    {
                        errors.Add(entry.KeySource.Error($"{blockPath}.{entry.Key}", $"{item.Key} is set by the block itself"));
                        ok = false;
                        continue;
                    }
                    // Inside a block a single value fixes the parameter for the block (a one-value axis); `seeds: 5`
                    // keeps its meaning (5 seeds).
                    var axisEntry = entry.Value is ScalarNode { IsNull: false } single && Find(protocol, entry.Key) is not null
                        ? entry with { Value = new SequenceNode([single], single.Source) }
                        : entry;
                    var axis = ParseAxis(axisEntry, protocol, baseSeed, errors, blockPath);
                    if (axis is null) ok = false;
                    else inner.Add(axis);
                }
            }
            else if (block.Value is not ScalarNode { IsNull: true })
            {
                errors.Add(block.Value.Source.Error(blockPath, $"expected the axes of the {value} block (a mapping), or null for one cell with defaults"));
                ok = false;
                continue;
            }
            CheckConflicts(inner, [], errors);
            foreach (var column in inner.SelectMany(a => a.Columns).Where(c => !order.Contains(c.Parameter))) order.Add(column.Parameter);
            foreach (var combination in Product(inner))
                rows.Add((value, block.KeySource, combination));
        }
        if (!ok || rows.Count == 0) return null;
        var columns = new List<AxisColumn>
        {
            new(def.Name, rows.Select(r => (object?)r.Value).ToList(), keyPath, rows.Select(r => r.Source).ToList()),
        };
        foreach (var parameter in order)
        {
            var path = rows.Select(r => r.Set.TryGetValue(parameter, out var v) ? v.Path : null).First(p => p is not null)!;
            columns.Add(new AxisColumn(parameter,
                rows.Select(r => r.Set.TryGetValue(parameter, out var v) ? v.Value : AxisColumn.Absent).ToList(), path,
                rows.Select(r => r.Set.TryGetValue(parameter, out var v) ? v.Source : r.Source).ToList()));
        }
        return new SweepAxis(item.Key, columns, item.KeySource) { IsBlocks = true };
    }

    /// <summary>The cartesian product of a block's axes (last varying fastest), one dictionary per row; one empty row without axes.</summary>
    private static IEnumerable<Dictionary<string, (object? Value, SourceLocation Source, string Path)>> Product(List<SweepAxis> axes)
    {
        IEnumerable<Dictionary<string, (object?, SourceLocation, string)>> rows = [new()];
        foreach (var axis in axes)
        {
            rows = rows.SelectMany(row => Enumerable.Range(0, axis.Length).Select(k =>
            {
                var next = new Dictionary<string, (object?, SourceLocation, string)>(row);
                foreach (var column in axis.Columns) next[column.Parameter] = (column.Values[k], column.Sources[k], column.KeyPath);
                return next;
            })).ToList();
        }
        return rows;
    }

    /// <summary>Each zip member: a list, or a generator mapping such as {linspace: [0, 1, 5]}.</summary>
    private static bool ParseZip(MappingEntry zip, IProtocol protocol, string axisPath, long baseSeed, List<AxisColumn> columns, List<SpecError> errors)
    {
        string zipPath = $"{axisPath}.zip";
        if (zip.Value is not MappingNode members || members.Entries.Count == 0)
        {
            errors.Add(zip.Value.Source.Error(zipPath, "expected a mapping of parameter: values varied together with the axis"));
            return false;
        }
        bool ok = true;
        foreach (var member in members.Entries)
        {
            string path = $"{zipPath}.{member.Key}";
            var def = Find(protocol, member.Key);
            if (def is null)
            {
                errors.Add(member.KeySource.Error(path, DidYouMean.Unknown($"{protocol.Name} parameter", member.Key, Names(protocol))));
                ok = false;
                continue;
            }
            List<(object?, SourceLocation)>? values;
            if (member.Value is MappingNode g && g.Entries.Count == 1 && AxisGenerators.Names.Contains(g.Entries[0].Key))
                values = AxisGenerators.Generate(g.Entries[0].Key, def, g.Entries[0].Value, path, baseSeed, errors);
            else values = AxisGenerators.Values(def, member.Value, path, errors);
            if (values is null) { ok = false; continue; }

            var column = Column(def.Name, values, path) with { FromSeeds = member.Value is MappingNode { Entries: [{ Key: "seeds" }] } };
            if (columns.Count > 0 && column.Values.Count != columns[0].Values.Count)
            {
                errors.Add(member.Value.Source.Error(path, $"zip lists must have equal lengths: {member.Key} has {column.Values.Count} " +
                    $"values but {columns[0].Parameter} has {columns[0].Values.Count}"));
                ok = false;
                continue;
            }
            columns.Add(column);
        }
        return ok;
    }

    private static SweepAxis? Axis(string name, List<AxisColumn> columns, MappingEntry item, List<SpecError> errors, string prefix = "axes")
    {
        if (columns.Count == 0 || columns[0].Values.Count == 0)
        {
            errors.Add(item.Value.Source.Error($"{prefix}.{item.Key}", "empty axis: it lists no values, so the sweep would have no cells"));
            return null;
        }
        return new SweepAxis(name, columns, item.KeySource);
    }

    private static AxisColumn Column(string parameter, List<(object? Value, SourceLocation Source)> values, string keyPath) =>
        new(parameter, values.Select(v => v.Value).ToList(), keyPath, values.Select(v => v.Source).ToList());

    /// <summary>A parameter varied twice would make cells ambiguous; one in base and axes is probably an edit left half done.</summary>
    private static void CheckConflicts(List<SweepAxis> axes, IReadOnlyList<SpecValue> baseValues, List<SpecError> errors)
    {
        var firstPath = new Dictionary<string, string>();
        foreach (var column in axes.SelectMany(a => a.Columns))
        {
            if (!firstPath.TryAdd(column.Parameter, column.KeyPath))
                errors.Add(column.Sources[0].Error(column.KeyPath, $"{column.Parameter} is already varied by {firstPath[column.Parameter]}; vary each parameter in one place"));
        }
        foreach (var value in baseValues)
        {
            var column = axes.SelectMany(a => a.Columns).FirstOrDefault(c => c.Parameter == value.Parameter);
            // base.seed with a seeds axis is the intended pairing: the axis counts up from it.
            if (column is null || column.FromSeeds) continue;
            errors.Add(value.Source.Error(value.KeyPath, $"{value.Parameter} is also varied by {column.KeyPath}; remove one of them"));
        }
    }

    private static ParameterDefinition? Find(IProtocol protocol, string name) => protocol.Parameters.FirstOrDefault(p => p.Name == name);

    private static List<string> Names(IProtocol protocol) => protocol.Parameters.Select(p => p.Name).ToList();

    private static SweepAxis? Unknown(MappingEntry item, IProtocol protocol, List<SpecError> errors)
    {
        errors.Add(item.KeySource.Error($"axes.{item.Key}", DidYouMean.Unknown($"{protocol.Name} parameter", item.Key, [.. Names(protocol), "seeds"])));
        return null;
    }
}
