using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace TwoFactor.Sweeps;

/// <summary>
/// Parses YAML text into <see cref="SpecNode"/>s with line numbers; a syntax error becomes a <see cref="SpecError"/>.
/// Text beyond <see cref="YamlLimits"/> (size, aliases, expanded nodes, depth) is refused before it is loaded.
/// </summary>
internal static class YamlTree
{
    /// <param name="text">YAML document.</param>
    /// <param name="file">Reported file name.</param>
    /// <param name="fixedLine">When set (overrides), every node reports this line instead of its own.</param>
    public static SpecNode? Parse(string text, string file, int? fixedLine, string keyPath, List<SpecError> errors)
    {
        if (YamlLimits.Check(text) is { } exceeded)
        {
            errors.Add(new SpecError(file, fixedLine ?? exceeded.Line, keyPath, exceeded.Reason));
            return null;
        }
        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(text));
        }
        catch (YamlException e)
        {
            int line = fixedLine ?? (int)Math.Max(1, e.Start.Line);
            string reason = e.InnerException is { } inner ? $"{e.Message} {inner.Message}" : e.Message;
            errors.Add(new SpecError(file, line, keyPath, $"invalid YAML: {reason}"));
            return null;
        }
        if (stream.Documents.Count == 0) return new ScalarNode("", false, new SourceLocation(file, fixedLine ?? 1));
        if (stream.Documents.Count > 1)
        {
            errors.Add(new SpecError(file, fixedLine ?? 1, keyPath, "expected one YAML document, found several"));
            return null;
        }
        return Convert(stream.Documents[0].RootNode, file, fixedLine);
    }

    private static SpecNode Convert(YamlNode node, string file, int? fixedLine)
    {
        var source = new SourceLocation(file, fixedLine ?? (int)node.Start.Line);
        switch (node)
        {
            case YamlScalarNode scalar:
                bool quoted = scalar.Style is ScalarStyle.SingleQuoted or ScalarStyle.DoubleQuoted
                    or ScalarStyle.Literal or ScalarStyle.Folded;
                return new ScalarNode(scalar.Value ?? "", quoted, source);
            case YamlSequenceNode sequence:
                return new SequenceNode(sequence.Children.Select(c => Convert(c, file, fixedLine)).ToList(), source);
            case YamlMappingNode mapping:
                var result = new MappingNode(source);
                foreach (var (key, value) in mapping.Children)
                {
                    var keySource = new SourceLocation(file, fixedLine ?? (int)key.Start.Line);
                    string keyText = key is YamlScalarNode k ? k.Value ?? "" : key.ToString();
                    result.Entries.Add(new MappingEntry(keyText, keySource, Convert(value, file, fixedLine)));
                }
                return result;
            default:
                return new ScalarNode(node.ToString(), false, source);
        }
    }
}
