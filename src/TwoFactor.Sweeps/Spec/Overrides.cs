namespace TwoFactor.Sweeps;

/// <summary>
/// Hydra-style command-line overrides merged into the parsed file before validation:
/// <c>base.N=200</c> sets (or adds) a value, <c>axes.z=[1,2]</c> replaces a whole axis, <c>+key=value</c>
/// is the same as <c>key=value</c>, and <c>~axes.seed</c> removes a key. Values are YAML
/// (<c>[1,2]</c>, <c>{linspace: [0, 1, 5]}</c>, <c>none</c>). Errors name the override by its position.
/// </summary>
internal static class Overrides
{
    public static void Apply(MappingNode root, IReadOnlyList<string> overrides, List<SpecError> errors)
    {
        for (int i = 0; i < overrides.Count; i++)
        {
            var source = new SourceLocation(SourceLocation.CommandLine, i + 1);
            string text = overrides[i].Trim();
            bool remove = text.StartsWith('~');
            if (text.StartsWith('+') || remove) text = text[1..];
            int equals = text.IndexOf('=');
            string path = (equals < 0 ? text : text[..equals]).Trim();
            if (path.Length == 0 || (!remove && equals < 0))
            {
                errors.Add(source.Error(overrides[i], "expected key.path=value (or ~key.path to remove a key)"));
                continue;
            }
            var keys = path.Split('.');
            if (keys.Any(k => k.Length == 0))
            {
                errors.Add(source.Error(path, "empty key in the dotted path"));
                continue;
            }
            var parent = Navigate(root, keys[..^1], source, path, errors, create: !remove);
            if (parent is null) continue;
            if (remove)
            {
                if (!parent.Remove(keys[^1])) errors.Add(source.Error(path, "cannot remove: no such key"));
                continue;
            }
            var value = YamlTree.Parse(text[(equals + 1)..], SourceLocation.CommandLine, i + 1, path, errors);
            if (value is not null) parent.Set(keys[^1], value, source);
        }
    }

    private static MappingNode? Navigate(MappingNode root, string[] keys, SourceLocation source, string path, List<SpecError> errors, bool create)
    {
        var node = root;
        foreach (var key in keys)
        {
            var entry = node.Find(key);
            if (entry is null)
            {
                if (!create)
                {
                    errors.Add(source.Error(path, $"cannot remove: no key '{key}'"));
                    return null;
                }
                var child = new MappingNode(source);
                node.Set(key, child, source);
                node = child;
            }
            else if (entry.Value is MappingNode mapping) node = mapping;
            else if (entry.Value is ScalarNode { IsNull: true } && create)
            {
                var child = new MappingNode(source);
                node.Set(key, child, source);
                node = child;
            }
            else
            {
                errors.Add(source.Error(path, $"'{key}' is not a mapping, so it has no keys to set"));
                return null;
            }
        }
        return node;
    }
}
