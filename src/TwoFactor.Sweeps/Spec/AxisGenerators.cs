namespace TwoFactor.Sweeps;

/// <summary>
/// The ways an axis lists its values: <c>values</c> (a list), <c>range</c> (from, to inclusive, step),
/// <c>linspace</c> (from, to, num evenly spaced), <c>logspace</c> (from, to, num evenly spaced in log: the
/// endpoints are values, not exponents) and <c>seeds</c> (a count counted up from the base seed, or a list).
/// Arithmetic is decimal, so range 0.1..0.5 step 0.1 gives 0.3, not 0.30000000000000004.
/// </summary>
internal static class AxisGenerators
{
    public static readonly string[] Names = ["values", "range", "linspace", "logspace", "seeds"];

    /// <summary>More cells than this in one axis is surely a mistake (a step too small).</summary>
    public const int MaxAxisLength = 1_000_000;

    public static List<(object? Value, SourceLocation Source)>? Generate(
        string generator, ParameterDefinition def, SpecNode node, string keyPath, long baseSeed, List<SpecError> errors) => generator switch
    {
        "values" => Values(def, node, keyPath, errors),
        "range" => Range(def, node, keyPath, errors),
        "linspace" => Linspace(def, node, keyPath, errors),
        "logspace" => Logspace(def, node, keyPath, errors),
        _ => Seeds(def, node, keyPath, baseSeed, errors),
    };

    public static List<(object? Value, SourceLocation Source)>? Values(ParameterDefinition def, SpecNode node, string keyPath, List<SpecError> errors)
    {
        if (node is not SequenceNode sequence)
        {
            errors.Add(node.Source.Error(keyPath, "expected a list of values, e.g. [1, 2, 3]"));
            return null;
        }
        var values = new List<(object?, SourceLocation)>();
        bool ok = true;
        foreach (var item in sequence.Items)
        {
            if (ValueParser.TryParse(def, item, keyPath, errors, out var value)) values.Add((value, item.Source));
            else ok = false;
        }
        return ok ? values : null;
    }

    private static List<(object?, SourceLocation)>? Range(ParameterDefinition def, SpecNode node, string keyPath, List<SpecError> errors)
    {
        if (!Numeric(def, node, keyPath, "range", errors)) return null;
        var args = Arguments(node, keyPath + ".range", ["from", "to", "step"], errors);
        if (args is null) return null;
        decimal from = args[0], to = args[1], step = args[2];
        if (step == 0)
        {
            errors.Add(node.Source.Error(keyPath + ".range", "step must not be 0"));
            return null;
        }
        decimal span = (to - from) / step;
        if (span < 0)
        {
            errors.Add(node.Source.Error(keyPath + ".range", $"empty axis: from {from} never reaches to {to} with step {step}"));
            return null;
        }
        if (span >= MaxAxisLength)
        {
            errors.Add(node.Source.Error(keyPath + ".range", $"more than {MaxAxisLength} values; is the step too small?"));
            return null;
        }
        int count = (int)decimal.Floor(span) + 1;
        return Numbers(def, Enumerable.Range(0, count).Select(k => from + k * step), node.Source, keyPath + ".range", errors);
    }

    private static List<(object?, SourceLocation)>? Linspace(ParameterDefinition def, SpecNode node, string keyPath, List<SpecError> errors)
    {
        if (!Numeric(def, node, keyPath, "linspace", errors)) return null;
        var args = Arguments(node, keyPath + ".linspace", ["from", "to", "num"], errors);
        if (args is null) return null;
        if (!Count(args[2], node, keyPath + ".linspace", errors, out int num)) return null;
        decimal from = args[0], to = args[1];
        var values = num == 1 ? [from] : Enumerable.Range(0, num).Select(k => k == num - 1 ? to : from + (to - from) * k / (num - 1));
        return Numbers(def, values, node.Source, keyPath + ".linspace", errors);
    }

    private static List<(object?, SourceLocation)>? Logspace(ParameterDefinition def, SpecNode node, string keyPath, List<SpecError> errors)
    {
        if (!Numeric(def, node, keyPath, "logspace", errors)) return null;
        var args = Arguments(node, keyPath + ".logspace", ["from", "to", "num"], errors);
        if (args is null) return null;
        if (!Count(args[2], node, keyPath + ".logspace", errors, out int num)) return null;
        double from = (double)args[0], to = (double)args[1];
        if (!(from > 0 && to > 0))
        {
            errors.Add(node.Source.Error(keyPath + ".logspace", $"from and to must be > 0 (they are values, not exponents; got {from}, {to})"));
            return null;
        }
        var values = new List<decimal>();
        for (int k = 0; k < num; k++)
        {
            double v = k == 0 ? from : k == num - 1 ? to : from * Math.Pow(to / from, (double)k / (num - 1));
            // 12 significant digits: 1e-4 .. 1e-2 in 3 steps gives 0.001, not 0.0009999999999999998.
            values.Add((decimal)double.Parse(v.ToString("G12", System.Globalization.CultureInfo.InvariantCulture),
                System.Globalization.CultureInfo.InvariantCulture));
        }
        return Numbers(def, values, node.Source, keyPath + ".logspace", errors);
    }

    /// <summary>seeds: 5 (count from the base seed), seeds: [1, 7] or seeds: {count: 5, from: 100}.</summary>
    private static List<(object?, SourceLocation)>? Seeds(ParameterDefinition def, SpecNode node, string keyPath, long baseSeed, List<SpecError> errors)
    {
        string path = keyPath + ".seeds";
        if (def.Type != ParameterType.Integer)
        {
            errors.Add(node.Source.Error(path, $"seeds generate integers, but {def.Name} is {ValueParser.Describe(def.Type)}"));
            return null;
        }
        if (node is SequenceNode) return Values(def, node, path, errors);
        long start = baseSeed;
        SpecNode countNode = node;
        if (node is MappingNode mapping)
        {
            foreach (var entry in mapping.Entries.Where(e => e.Key is not ("count" or "from")))
                errors.Add(entry.KeySource.Error($"{path}.{entry.Key}", DidYouMean.Unknown("key", entry.Key, ["count", "from"])));
            var count = mapping.Find("count");
            if (count is null)
            {
                errors.Add(node.Source.Error(path, "needs count (and optionally from, the first seed)"));
                return null;
            }
            countNode = count.Value;
            if (mapping.Find("from") is { } fromEntry)
            {
                if (fromEntry.Value is ScalarNode fs && ValueParser.TryInteger(fs, out long f)) start = f;
                else
                {
                    errors.Add(fromEntry.Value.Source.Error($"{path}.from", "expected an integer"));
                    return null;
                }
            }
        }
        if (countNode is not ScalarNode cs || !ValueParser.TryInteger(cs, out long n))
        {
            errors.Add(countNode.Source.Error(path, "expected a count of seeds (an integer), a list of seeds, or {count, from}"));
            return null;
        }
        if (n < 1)
        {
            errors.Add(countNode.Source.Error(path, $"empty axis: the seed count must be >= 1 (got {n})"));
            return null;
        }
        if (n > MaxAxisLength)
        {
            errors.Add(countNode.Source.Error(path, $"more than {MaxAxisLength} seeds"));
            return null;
        }
        return Enumerable.Range(0, (int)n).Select(k => ((object?)(start + k), countNode.Source)).ToList();
    }

    private static bool Numeric(ParameterDefinition def, SpecNode node, string keyPath, string generator, List<SpecError> errors)
    {
        if (def.Type is ParameterType.Integer or ParameterType.Float) return true;
        errors.Add(node.Source.Error($"{keyPath}.{generator}", $"{generator} generates numbers, but {def.Name} is {ValueParser.Describe(def.Type)}"));
        return false;
    }

    /// <summary>Three numbers, as a list [a, b, c] or a mapping with the given names.</summary>
    private static decimal[]? Arguments(SpecNode node, string path, string[] names, List<SpecError> errors)
    {
        var nodes = new SpecNode?[names.Length];
        if (node is SequenceNode sequence && sequence.Items.Count == names.Length)
        {
            for (int i = 0; i < names.Length; i++) nodes[i] = sequence.Items[i];
        }
        else if (node is MappingNode mapping)
        {
            foreach (var entry in mapping.Entries.Where(e => !names.Contains(e.Key)))
                errors.Add(entry.KeySource.Error($"{path}.{entry.Key}", DidYouMean.Unknown("key", entry.Key, names)));
            for (int i = 0; i < names.Length; i++) nodes[i] = mapping.Find(names[i])?.Value;
        }
        else
        {
            errors.Add(node.Source.Error(path, $"expected [{string.Join(", ", names)}] or a mapping with {string.Join(", ", names)}"));
            return null;
        }
        var values = new decimal[names.Length];
        bool ok = true;
        for (int i = 0; i < names.Length; i++)
        {
            if (nodes[i] is null)
            {
                errors.Add(node.Source.Error(path, $"missing {names[i]}"));
                ok = false;
            }
            else if (nodes[i] is not ScalarNode s || !ValueParser.TryDecimal(s, out values[i]))
            {
                errors.Add(nodes[i]!.Source.Error($"{path}.{names[i]}", "expected a number"));
                ok = false;
            }
        }
        return ok ? values : null;
    }

    private static bool Count(decimal value, SpecNode node, string path, List<SpecError> errors, out int count)
    {
        count = 0;
        if (value != decimal.Floor(value) || value < 0)
        {
            errors.Add(node.Source.Error(path, $"num must be a whole number >= 1 (got {value})"));
            return false;
        }
        if (value == 0)
        {
            errors.Add(node.Source.Error(path, "empty axis: num is 0"));
            return false;
        }
        if (value > MaxAxisLength)
        {
            errors.Add(node.Source.Error(path, $"more than {MaxAxisLength} values"));
            return false;
        }
        count = (int)value;
        return true;
    }

    private static List<(object?, SourceLocation)>? Numbers(ParameterDefinition def, IEnumerable<decimal> numbers, SourceLocation source,
        string path, List<SpecError> errors)
    {
        var values = new List<(object?, SourceLocation)>();
        foreach (var number in numbers)
        {
            if (def.Type == ParameterType.Float) values.Add(((double)number, source));
            else if (number == decimal.Floor(number)) values.Add(((long)number, source));
            else
            {
                errors.Add(source.Error(path, $"{def.Name} is an integer, but this generates {number}"));
                return null;
            }
        }
        return values;
    }
}
