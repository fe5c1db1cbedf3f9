using System.IO.Compression;

namespace LutBridge.Editors.Darktable;

/// <summary>
/// How darktable writes module parameters into XMP and .dtstyle text: lowercase hex, or
/// "gz" + a two-digit factor + base64(zlib(params)), where the factor tells the reader how
/// many times larger than the compressed bytes its output buffer must be (darktable caps it at 99).
/// </summary>
public static class DarktableParamsEncoding
{
    public static string Hex(ReadOnlySpan<byte> bytes) => Convert.ToHexStringLower(bytes);

    /// <summary>The gz form, or null when the data compresses more than 99× (darktable's reader could not size its buffer).</summary>
    public static string? Gz(ReadOnlySpan<byte> bytes)
    {
        using var buffer = new MemoryStream();
        using (var z = new ZLibStream(buffer, CompressionLevel.SmallestSize, leaveOpen: true))
            z.Write(bytes);
        var compressed = buffer.ToArray();
        int factor = bytes.Length / compressed.Length + 1;
        return factor > 99 ? null : $"gz{factor:00}{Convert.ToBase64String(compressed)}";
    }

    /// <summary>Decodes either form; throws FormatException on anything else.</summary>
    public static byte[] Decode(string text)
    {
        text = text.Trim();
        if (text.StartsWith("gz", StringComparison.Ordinal))
        {
            if (text.Length < 4 || !char.IsAsciiDigit(text[2]) || !char.IsAsciiDigit(text[3]))
                throw new FormatException("gz-encoded params lack the two-digit factor");
            var compressed = Convert.FromBase64String(text[4..]);
            using var z = new ZLibStream(new MemoryStream(compressed), CompressionMode.Decompress);
            using var output = new MemoryStream();
            z.CopyTo(output);
            return output.ToArray();
        }
        return Convert.FromHexString(text);
    }
}
