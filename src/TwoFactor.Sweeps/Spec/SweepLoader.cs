namespace TwoFactor.Sweeps;

/// <summary>
/// Reads a sweep file, applies command-line overrides and validates everything before any work starts:
/// structure, keys (with did-you-mean), types, axis generators, zip lengths, every cell's parameter ranges
/// (through the protocol) and duplicate cells. All errors are collected, each with file, line and key path.
/// </summary>
public static class SweepLoader
{
    public static readonly string[] TopLevelKeys = ["name", "description", "protocol", "base", "axes"];

    /// <summary>
    /// A grid larger than this is refused before it is expanded. The coordinator holds about 50 bytes per cell
    /// (plan and progress state, measured: BENCHMARKS.md, Scale), so 10^7 cells need about 0.5 GB; beyond that a
    /// sweep should be split into several files.
    /// </summary>
    public const long MaxCells = 10_000_000;

    public static SweepLoadResult Load(string path, IReadOnlyList<string> overrides)
    {
        string text;
        try
        {
            // Checked before reading: a huge file must not be read into memory to be refused.
            long length = new FileInfo(path).Length;
            if (length > YamlLimits.MaxFileBytes)
                return new SweepLoadResult(null, [new SpecError(path, 1, "(file)",
                    $"the file has {length} bytes, more than the limit of {YamlLimits.MaxFileBytes} (1 MiB) for a sweep file")]);
            text = File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            return new SweepLoadResult(null, [new SpecError(path, 0, "(file)", $"cannot read the sweep file: {e.Message}")]);
        }
        return LoadText(text, path, overrides);
    }

    /// <summary>Same as <see cref="Load"/> for text already in memory; <paramref name="fileName"/> is used in errors and as the default name.</summary>
    public static SweepLoadResult LoadText(string text, string fileName, IReadOnlyList<string> overrides)
    {
        var errors = new List<SpecError>();
        var tree = YamlTree.Parse(text, fileName, null, "(file)", errors);
        if (tree is null) return Fail(errors);
        // An empty file (or one with only comments) is almost surely a mistake (a truncated copy, the wrong
        // path); run as a sweep of one default cell it would cost minutes for nothing.
        if (tree is ScalarNode { IsNull: true })
        {
            errors.Add(tree.Source.Error("(file)", "the sweep file is empty; a sweep needs at least one of name, protocol, base or axes (docs/sweeps.md)"));
            return Fail(errors);
        }
        if (tree is not MappingNode root)
        {
            errors.Add(tree.Source.Error("(file)", "a sweep file is a mapping with keys name, protocol, base and axes"));
            return Fail(errors);
        }
        Overrides.Apply(root, overrides, errors);

        foreach (var entry in root.Entries.Where(e => !TopLevelKeys.Contains(e.Key)))
            errors.Add(entry.KeySource.Error(entry.Key, DidYouMean.Unknown("key", entry.Key, TopLevelKeys)));

        string name = Text(root, "name", errors) ?? Path.GetFileNameWithoutExtension(fileName);
        string? description = Text(root, "description", errors);
        var protocol = Protocol(root, errors);
        if (protocol is null) return Fail(errors);

        var baseValues = BaseValues(root.Find("base"), protocol, errors);
        var axes = AxisParser.Parse(root.Find("axes"), protocol, baseValues, errors);

        // Range checks run on whatever parsed, so one pass reports structural and range errors together.
        // Duplicates are only meaningful when every axis parsed.
        var spec = new SweepSpec(fileName, name, description, protocol,
            RemoveVaried(baseValues, axes), axes);
        var survey = CheckCells(spec, root.Find("axes")?.Value.Source ?? root.Source, errors, checkDuplicates: errors.Count == 0);
        return errors.Count > 0 ? Fail(errors) : new SweepLoadResult(spec, []) { Survey = survey };
    }

    private static SweepLoadResult Fail(List<SpecError> errors) => new(null, errors.Distinct().ToList());

    private static string? Text(MappingNode root, string key, List<SpecError> errors)
    {
        var entry = root.Find(key);
        if (entry is null) return null;
        if (entry.Value is ScalarNode { IsNull: false } s && s.Text.Trim().Length > 0) return s.Text.Trim();
        errors.Add(entry.Value.Source.Error(key, "expected a non-empty text value"));
        return null;
    }

    private static IProtocol? Protocol(MappingNode root, List<SpecError> errors)
    {
        var entry = root.Find("protocol");
        if (entry is null) return ProtocolCatalog.Get(ProtocolCatalog.DefaultName);
        if (entry.Value is ScalarNode { IsNull: false } s && ProtocolCatalog.TryGet(s.Text.Trim(), out var protocol)) return protocol;
        string given = entry.Value is ScalarNode scalar ? scalar.Text : "(not a text value)";
        errors.Add(entry.Value.Source.Error("protocol", DidYouMean.Unknown("protocol", given, ProtocolCatalog.Names)));
        return null;
    }

    private static List<SpecValue> BaseValues(MappingEntry? entry, IProtocol protocol, List<SpecError> errors)
    {
        var values = new List<SpecValue>();
        if (entry is null || entry.Value is ScalarNode { IsNull: true }) return values;
        if (entry.Value is not MappingNode mapping)
        {
            errors.Add(entry.Value.Source.Error("base", "expected a mapping of parameter: value"));
            return values;
        }
        var names = protocol.Parameters.Select(p => p.Name).ToList();
        foreach (var item in mapping.Entries)
        {
            string keyPath = $"base.{item.Key}";
            var def = protocol.Parameters.FirstOrDefault(p => p.Name == item.Key);
            if (def is null)
            {
                errors.Add(item.KeySource.Error(keyPath, DidYouMean.Unknown($"{protocol.Name} parameter", item.Key, names)));
                continue;
            }
            if (ValueParser.TryParse(def, item.Value, keyPath, errors, out var value))
                values.Add(new SpecValue(def.Name, value, keyPath, item.Value.Source));
        }
        return values;
    }

    /// <summary>A seeds axis counts up from base.seed, which it then replaces; the spec keeps only the axis.</summary>
    private static List<SpecValue> RemoveVaried(List<SpecValue> baseValues, IReadOnlyList<SweepAxis> axes)
    {
        var varied = axes.SelectMany(a => a.Columns).Select(c => c.Parameter).ToHashSet();
        return baseValues.Where(v => !varied.Contains(v.Parameter)).ToList();
    }

    /// <summary>
    /// Range checks of every cell (through the protocol), duplicate detection on resolved parameters and the
    /// largest cell's memory, all from one <see cref="CellSurvey"/> (which the planner then reuses); null when
    /// the grid is too large to survey.
    /// </summary>
    private static CellSurvey? CheckCells(SweepSpec spec, SourceLocation axesSource, List<SpecError> errors, bool checkDuplicates)
    {
        if (spec.CellCount > MaxCells)
        {
            errors.Add(axesSource.Error("axes", $"the grid has {spec.CellCount} cells, more than the limit of {MaxCells} " +
                "(about 50 bytes of coordinator memory per cell); split the sweep into several files"));
            return null;
        }
        var survey = CellSurvey.Of(spec);
        var seen = new HashSet<SpecError>();
        foreach (var (index, problems) in survey.Invalid)
        {
            // Where each value was written is rebuilt only for the invalid cells.
            var origins = CellExpander.At(spec, index).Origins;
            foreach (var problem in problems)
            {
                var (keyPath, source) = origins.TryGetValue(problem.Parameter, out var origin)
                    ? origin
                    : (problem.Parameter, spec.Base.FirstOrDefault()?.Source ?? axesSource);
                var error = source.Error(keyPath, problem.Reason);
                if (seen.Add(error)) errors.Add(error);
            }
        }
        if (checkDuplicates) CheckDuplicates(spec, survey, axesSource, errors);
        CheckMemory(spec, survey, axesSource, errors);
        return survey;
    }

    private static void CheckDuplicates(SweepSpec spec, CellSurvey survey, SourceLocation axesSource, List<SpecError> errors)
    {
        var (keys, valid) = (survey.Keys, survey.Valid); // an invalid cell has no id
        // Keyed by the id's 64-bit number, not its text: 10^7 cells must not need a gigabyte to be checked.
        var firstIndexById = new Dictionary<ulong, int>(keys.Length);
        int duplicates = 0;
        for (int index = 0; index < keys.Length; index++)
        {
            if (!valid[index] || firstIndexById.TryAdd(keys[index], index)) continue;
            if (++duplicates <= 5)
            {
                errors.Add(axesSource.Error("axes", $"duplicate cells: cell {index} ({Describe(CellExpander.At(spec, index), spec)}) is the same " +
                    $"simulation as cell {firstIndexById[keys[index]]} once defaults are filled in; remove the repeated value"));
            }
        }
        if (duplicates > 5) errors.Add(axesSource.Error("axes", $"{duplicates - 5} more duplicate cells"));
    }

    /// <summary>The largest cell must fit in this machine's memory (a worker on a bigger machine is not assumed).</summary>
    private static void CheckMemory(SweepSpec spec, CellSurvey survey, SourceLocation axesSource, List<SpecError> errors)
    {
        long available = CellMemory.Available();
        if (survey.LargestIndex < 0 || survey.LargestBytes <= available) return;
        var cell = CellExpander.At(spec, survey.LargestIndex);
        var resolved = spec.Protocol.Resolve(cell.Specified);
        var (keyPath, source) = cell.Origins.TryGetValue("N", out var origin) ? origin : ("N", spec.Base.FirstOrDefault()?.Source ?? axesSource);
        string size = string.Join(", ", new[] { "N", "M" }.Where(resolved.ContainsKey).Select(k => $"{k}={CanonicalText.Format(resolved[k])}"));
        errors.Add(source.Error(keyPath, $"cell {cell.Index} ({size}) needs about {CellMemory.Format(survey.LargestBytes)} of memory " +
            $"(estimate for protocol {spec.Protocol.Name}), more than the {CellMemory.Format(available)} available here; make the network smaller"));
    }

    private static string Describe(ExpandedCell cell, SweepSpec spec) => string.Join(", ",
        spec.Axes.SelectMany(a => a.Columns).Where(c => cell.Specified.ContainsKey(c.Parameter))
            .Select(c => $"{c.Parameter}={CanonicalText.Format(cell.Specified[c.Parameter])}"));
}
