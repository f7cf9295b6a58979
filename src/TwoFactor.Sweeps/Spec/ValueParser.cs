using System.Globalization;

namespace TwoFactor.Sweeps;

/// <summary>Turns one YAML node into a parameter's canonical typed value, or records why it cannot.</summary>
internal static class ValueParser
{
    private static readonly string[] AllWord = ["all"];
    private static readonly string[] NoneWord = ["none"];

    public static bool TryParse(ParameterDefinition def, SpecNode node, string keyPath, List<SpecError> errors, out object? value)
    {
        value = null;
        if (node is ScalarNode { IsNull: true })
        {
            if (def.Optional) return true;
            errors.Add(node.Source.Error(keyPath, $"needs a value (leave the key out to use the default, {def.DefaultText})"));
            return false;
        }
        if (def.Type == ParameterType.TextList) return TryParseTextList(def, node, keyPath, errors, out value);
        if (node is not ScalarNode scalar)
        {
            string hint = node is SequenceNode ? $"; to vary {def.Name}, list its values under axes" : "";
            errors.Add(node.Source.Error(keyPath, $"expected {Describe(def.Type)}, got a {(node is SequenceNode ? "list" : "mapping")}{hint}"));
            return false;
        }
        switch (def.Type)
        {
            case ParameterType.Integer:
                if (TryInteger(scalar, out long l)) { value = l; return true; }
                break;
            case ParameterType.Float:
                if (TryFloat(scalar, out double d)) { value = d; return true; }
                break;
            case ParameterType.Boolean:
                if (!scalar.Quoted && bool.TryParse(scalar.Text, out bool b)) { value = b; return true; }
                break;
            case ParameterType.Text:
                return TryText(def, scalar, keyPath, errors, out value);
        }
        string quotedHint = scalar.Quoted ? " (a quoted value is text; remove the quotes)" : "";
        errors.Add(scalar.Source.Error(keyPath, $"expected {Describe(def.Type)}, got '{scalar.Text}'{quotedHint}"));
        return false;
    }

    public static string Describe(ParameterType type) => type switch
    {
        ParameterType.Integer => "an integer",
        ParameterType.Float => "a number",
        ParameterType.Boolean => "true or false",
        ParameterType.Text => "a text value",
        _ => "a list of text values",
    };

    /// <summary>An integer; 1e3 is accepted as 1000 since sizes are often written that way.</summary>
    public static bool TryInteger(ScalarNode scalar, out long value)
    {
        value = 0;
        if (scalar.Quoted) return false;
        if (long.TryParse(scalar.Text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out value)) return true;
        if (double.TryParse(scalar.Text, NumberStyles.Float, CultureInfo.InvariantCulture, out double d)
            && double.IsFinite(d) && d == Math.Floor(d) && Math.Abs(d) < 9e18)
        {
            value = (long)d;
            return true;
        }
        return false;
    }

    /// <summary>A finite number (YAML's .inf and .nan are rejected: no parameter accepts them).</summary>
    public static bool TryFloat(ScalarNode scalar, out double value)
    {
        value = 0;
        if (scalar.Quoted) return false;
        return double.TryParse(scalar.Text, NumberStyles.Float, CultureInfo.InvariantCulture, out value) && double.IsFinite(value);
    }

    public static bool TryDecimal(ScalarNode scalar, out decimal value)
    {
        value = 0;
        if (scalar.Quoted) return false;
        return decimal.TryParse(scalar.Text, NumberStyles.Float, CultureInfo.InvariantCulture, out value);
    }

    private static bool TryText(ParameterDefinition def, ScalarNode scalar, string keyPath, List<SpecError> errors, out object? value)
    {
        value = null;
        if (def.Allowed is null) { value = scalar.Text; return true; }
        var match = def.Allowed.FirstOrDefault(a => string.Equals(a, scalar.Text.Trim(), StringComparison.OrdinalIgnoreCase));
        if (match is not null) { value = match; return true; }
        errors.Add(scalar.Source.Error(keyPath, DidYouMean.Unknown("value", scalar.Text, def.Allowed.ToList())));
        return false;
    }

    /// <summary>A list (YAML sequence or comma-separated text), or the words all / none.</summary>
    private static bool TryParseTextList(ParameterDefinition def, SpecNode node, string keyPath, List<SpecError> errors, out object? value)
    {
        value = null;
        List<(string Text, SourceLocation Source)> items;
        if (node is SequenceNode sequence)
        {
            items = [];
            foreach (var item in sequence.Items)
            {
                if (item is not ScalarNode s)
                {
                    errors.Add(item.Source.Error(keyPath, "expected a list of text values, got a nested list or mapping"));
                    return false;
                }
                items.Add((s.Text, s.Source));
            }
        }
        else if (node is ScalarNode scalar)
        {
            var words = scalar.Text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            if (words.SequenceEqual(AllWord, StringComparer.OrdinalIgnoreCase) && def.Allowed is not null)
            {
                value = def.Allowed.ToArray();
                return true;
            }
            if (words.SequenceEqual(NoneWord, StringComparer.OrdinalIgnoreCase)) { value = Array.Empty<string>(); return true; }
            items = words.Select(w => (w, scalar.Source)).ToList();
        }
        else
        {
            errors.Add(node.Source.Error(keyPath, "expected a list of text values, got a mapping"));
            return false;
        }

        var result = new List<string>();
        bool ok = true;
        foreach (var (text, source) in items)
        {
            if (def.Allowed is null) { result.Add(text); continue; }
            var match = def.Allowed.FirstOrDefault(a => string.Equals(a, text.Trim(), StringComparison.OrdinalIgnoreCase));
            if (match is not null) result.Add(match);
            else
            {
                errors.Add(source.Error(keyPath, DidYouMean.Unknown("value", text, [.. def.Allowed, "all", "none"])));
                ok = false;
            }
        }
        if (ok) value = result.ToArray();
        return ok;
    }
}
