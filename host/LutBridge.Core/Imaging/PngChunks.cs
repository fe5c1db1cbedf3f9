using System.Buffers.Binary;

namespace LutBridge.Core.Imaging;

/// <summary>
/// Chunk-level edits of a PNG byte stream. LutBridge treats samples as code values and
/// never colour-manages on load: libpng's simplified API would otherwise convert 16-bit
/// samples to linear light when a gAMA/sRGB/iCCP chunk is present (and linearise 8-bit
/// files tagged with an unusual gamma). Removing those chunks before decoding makes it
/// hand back the stored values unchanged. Whole chunks are dropped, so CRCs stay valid.
/// </summary>
internal static class PngChunks
{
    private static ReadOnlySpan<byte> Signature => [137, 80, 78, 71, 13, 10, 26, 10];

    private static readonly string[] ColourChunks = ["gAMA", "sRGB", "iCCP", "cHRM"];

    /// <summary>
    /// The stream without colour-space chunks; the input itself when its chunk structure
    /// is not intact (libpng then reports the damage with its own message).
    /// </summary>
    public static byte[] WithoutColourSpace(byte[] png)
    {
        if (png.Length < Signature.Length || !png.AsSpan(0, Signature.Length).SequenceEqual(Signature))
            return png;
        var kept = new List<(int Start, int Length)>();
        int pos = Signature.Length;
        bool dropped = false;
        while (pos + 12 <= png.Length)
        {
            uint length = BinaryPrimitives.ReadUInt32BigEndian(png.AsSpan(pos));
            if (length > int.MaxValue || pos + 12L + length > png.Length)
                return png;
            int total = 12 + (int)length;
            var type = System.Text.Encoding.ASCII.GetString(png, pos + 4, 4);
            if (Array.IndexOf(ColourChunks, type) >= 0) dropped = true;
            else kept.Add((pos, total));
            pos += total;
            if (type == "IEND") break;
        }
        if (!dropped) return png;
        var result = new byte[Signature.Length + kept.Sum(k => k.Length) + (png.Length - pos)];
        Signature.CopyTo(result);
        int o = Signature.Length;
        foreach (var (start, len) in kept)
        {
            png.AsSpan(start, len).CopyTo(result.AsSpan(o));
            o += len;
        }
        png.AsSpan(pos).CopyTo(result.AsSpan(o)); // truncated tail, if any: let libpng judge it
        return result;
    }
}
