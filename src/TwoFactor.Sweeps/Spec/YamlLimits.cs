using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace TwoFactor.Sweeps;

/// <summary>
/// Bounds on what a sweep file may ask the YAML reader to build, checked in one streaming pass over the
/// parser's events before any tree exists, so that a hostile file (an alias "billion laughs" bomb, a
/// deeply nested list, a huge file) is refused in milliseconds and kilobytes instead of expanding.
/// Real sweeps are far below every limit (a few hundred nodes, a handful of aliases, depth under 10).
/// docs/sweeps.md lists them.
/// </summary>
internal static class YamlLimits
{
    /// <summary>Largest sweep file read, in bytes (also the longest text accepted from memory, in characters).</summary>
    public const long MaxFileBytes = 1 << 20;

    /// <summary>Most alias references (<c>*name</c>) in one document.</summary>
    public const int MaxAliases = 1_000;

    /// <summary>Most nodes once every alias is expanded (what the sweep tree would hold).</summary>
    public const long MaxExpandedNodes = 100_000;

    /// <summary>Deepest nesting of mappings and sequences (the tree is built recursively).</summary>
    public const int MaxDepth = 64;

    /// <summary>Null when the text is within the limits; otherwise the reason and the line where it was exceeded.</summary>
    public static (string Reason, int Line)? Check(string text)
    {
        if (text.Length > MaxFileBytes)
            return ($"the file has {text.Length} characters, more than the limit of {MaxFileBytes} (1 MiB) for a sweep file", 1);
        var parser = new Parser(new StringReader(text));
        // Expanded size of every anchored node, and for each open collection: its anchor and the count when it opened.
        var anchored = new Dictionary<string, long>(StringComparer.Ordinal);
        var open = new Stack<(string? Anchor, long StartCount)>();
        long nodes = 0;
        int aliases = 0;
        try
        {
            while (parser.MoveNext())
            {
                var current = parser.Current!;
                int line = (int)Math.Max(1, current.Start.Line);
                switch (current)
                {
                    case AnchorAlias alias:
                        if (++aliases > MaxAliases)
                            return ($"more than {MaxAliases} aliases (*name); a sweep file does not need that many", line);
                        // An unknown alias is left to the real parser, which reports it properly.
                        nodes += anchored.TryGetValue(alias.Value.Value, out var size) ? size : 1;
                        break;
                    case Scalar scalar:
                        nodes++;
                        if (!scalar.Anchor.IsEmpty) anchored[scalar.Anchor.Value] = 1;
                        break;
                    case NodeEvent { } start when current is SequenceStart or MappingStart:
                        nodes++;
                        open.Push((start.Anchor.IsEmpty ? null : start.Anchor.Value, nodes));
                        if (open.Count > MaxDepth)
                            return ($"nesting deeper than {MaxDepth} levels", line);
                        break;
                    case SequenceEnd or MappingEnd:
                        var (anchor, startCount) = open.Pop();
                        if (anchor is not null) anchored[anchor] = nodes - startCount + 1;
                        break;
                }
                if (nodes > MaxExpandedNodes)
                    return ($"the file expands to more than {MaxExpandedNodes} YAML nodes once aliases (*name) are expanded; " +
                            "is it an alias bomb? write the values out, or use axis generators (range, linspace, seeds)", line);
            }
        }
        catch (YamlException)
        {
            return null; // syntax errors are reported by the real parse with their message
        }
        return null;
    }
}
