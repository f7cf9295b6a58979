using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace TwoFactor.Sweeps;

/// <summary>
/// The one text form of canonical values that ids are hashed from, and the id hash itself. Changing any of
/// this changes every cell id and sweep id, so it is versioned ("v1") in the hashed text.
/// </summary>
public static class CanonicalText
{
    /// <summary>Round-trip text of a value: 0.1 is "0.1", 1e-4 is "0.0001", -0 is "0", lists are [a,b].</summary>
    public static string Format(object? value) => value switch
    {
        null => "null",
        long l => l.ToString(CultureInfo.InvariantCulture),
        int i => i.ToString(CultureInfo.InvariantCulture),
        double d => FormatDouble(d),
        bool b => b ? "true" : "false",
        string s => s,
        string[] list => "[" + string.Join(",", list) + "]",
        _ => throw new ArgumentException($"not a canonical value: {value.GetType().Name}", nameof(value)),
    };

    private static string FormatDouble(double d) => d == 0 ? "0" : d.ToString("R", CultureInfo.InvariantCulture);

    /// <summary>"key=value" lines sorted by key (ordinal), after a header naming the protocol.</summary>
    public static string CellText(string protocol, IReadOnlyDictionary<string, object?> resolved)
    {
        var text = new StringBuilder("cell/v1\nprotocol=").Append(protocol).Append('\n');
        foreach (var key in resolved.Keys.OrderBy(k => k, StringComparer.Ordinal))
            text.Append(key).Append('=').Append(Format(resolved[key])).Append('\n');
        return text.ToString();
    }

    /// <summary>First 16 hex characters (64 bits) of SHA-256 of the UTF-8 text.</summary>
    public static string Hash(string text)
    {
        var digest = SHA256.HashData(Encoding.UTF8.GetBytes(text));
        return Convert.ToHexStringLower(digest)[..16];
    }

    public static string CellId(string protocol, IReadOnlyDictionary<string, object?> resolved) => CellKey.Format(CellKeyOf(protocol, resolved));

    /// <summary>The cell id as its 64-bit number (<see cref="CellKey"/>): what a plan stores per cell.</summary>
    public static ulong CellKeyOf(string protocol, IReadOnlyDictionary<string, object?> resolved)
    {
        Span<byte> digest = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(Encoding.UTF8.GetBytes(CellText(protocol, resolved)), digest);
        return CellKey.OfDigest(digest);
    }
}
