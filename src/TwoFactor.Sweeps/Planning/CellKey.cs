using System.Buffers.Binary;
using System.Globalization;

namespace TwoFactor.Sweeps;

/// <summary>
/// A cell id (16 lowercase hex characters, the first 64 bits of its SHA-256) held as the number it spells:
/// 8 bytes per planned cell instead of a 56-byte string. Formatting gives back the exact id text that Parquet
/// rows and journal events carry, so the compact form changes no stored identifier.
/// </summary>
public static class CellKey
{
    public static string Format(ulong key) => key.ToString("x16", CultureInfo.InvariantCulture);

    /// <summary>The key of a well-formed id; false for any other text (a cell that cannot be planned).</summary>
    public static bool TryParse(string? cellId, out ulong key)
    {
        key = 0;
        if (cellId is not { Length: 16 }) return false;
        foreach (char c in cellId)
            if (c is not ((>= '0' and <= '9') or (>= 'a' and <= 'f'))) return false;
        return ulong.TryParse(cellId, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out key);
    }

    /// <summary>The key of a SHA-256 digest: its first 8 bytes, big-endian (what the first 16 hex characters spell).</summary>
    public static ulong OfDigest(ReadOnlySpan<byte> digest) => BinaryPrimitives.ReadUInt64BigEndian(digest);
}
