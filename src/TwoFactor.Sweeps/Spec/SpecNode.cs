namespace TwoFactor.Sweeps;

/// <summary>
/// The sweep file as a small tree that remembers where every value came from (file and line), so that
/// overrides can be merged into it and every later error can point at its source.
/// </summary>
internal abstract class SpecNode(SourceLocation source)
{
    public SourceLocation Source { get; set; } = source;
}

/// <summary>A single value as written; <see cref="Quoted"/> tells "1" (text) from 1 (a number).</summary>
internal sealed class ScalarNode(string text, bool quoted, SourceLocation source) : SpecNode(source)
{
    public string Text { get; } = text;
    public bool Quoted { get; } = quoted;

    /// <summary>YAML's null: an empty plain scalar, ~ or null.</summary>
    public bool IsNull => !Quoted && (Text.Length == 0 || Text == "~" || Text.Equals("null", StringComparison.OrdinalIgnoreCase));
}

internal sealed class SequenceNode(IReadOnlyList<SpecNode> items, SourceLocation source) : SpecNode(source)
{
    public IReadOnlyList<SpecNode> Items { get; } = items;
}

/// <summary>A mapping whose entries keep their file order (expansion order follows the file).</summary>
internal sealed class MappingNode(SourceLocation source) : SpecNode(source)
{
    public List<MappingEntry> Entries { get; } = [];

    public MappingEntry? Find(string key) => Entries.FirstOrDefault(e => e.Key == key);

    public void Set(string key, SpecNode value, SourceLocation keySource)
    {
        int index = Entries.FindIndex(e => e.Key == key);
        if (index >= 0) Entries[index] = new MappingEntry(key, keySource, value);
        else Entries.Add(new MappingEntry(key, keySource, value));
    }

    public bool Remove(string key) => Entries.RemoveAll(e => e.Key == key) > 0;
}

internal sealed record MappingEntry(string Key, SourceLocation KeySource, SpecNode Value);
