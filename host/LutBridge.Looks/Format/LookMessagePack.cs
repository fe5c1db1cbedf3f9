using System.Buffers;
using System.Text;
using MessagePack;

namespace LutBridge.Looks;

/// <summary>
/// The MessagePack subset a .look file uses (nil, int up to 32 bits, float32, fixstr/str8, bin,
/// fixarray/array16, fixmap/map16), read with MessagePack-CSharp's <see cref="MessagePackReader"/>
/// after checking the format byte: the C decoder (plugin-c/look/look_decode.c) accepts exactly
/// these encodings, and both sides must refuse the same files. Strings must be valid UTF-8
/// (the package would replace bad bytes silently). Any mismatch throws <see cref="FormatException"/>;
/// the caller turns it into an error naming the file.
/// </summary>
internal static class LookMessagePack
{
    public static bool NextIsBinary(ref MessagePackReader r) =>
        !r.End && r.NextCode is MessagePackCode.Bin8 or MessagePackCode.Bin16 or MessagePackCode.Bin32;

    public static bool TryReadNil(ref MessagePackReader r) => Next(ref r) == MessagePackCode.Nil && r.TryReadNil();

    public static long ReadInt(ref MessagePackReader r)
    {
        byte code = Next(ref r);
        bool allowed = code <= MessagePackCode.MaxFixInt || code >= MessagePackCode.MinNegativeFixInt
            || code is MessagePackCode.UInt8 or MessagePackCode.UInt16 or MessagePackCode.UInt32
                or MessagePackCode.Int8 or MessagePackCode.Int16 or MessagePackCode.Int32;
        if (!allowed) throw Unexpected(ref r, code, "an integer");
        return r.ReadInt64();
    }

    public static float ReadFloat32(ref MessagePackReader r)
    {
        byte code = Next(ref r);
        if (code != MessagePackCode.Float32) throw Unexpected(ref r, code, "a float32");
        return r.ReadSingle();
    }

    public static string ReadString(ref MessagePackReader r)
    {
        byte code = Next(ref r);
        if (!(code is >= MessagePackCode.MinFixStr and <= MessagePackCode.MaxFixStr or MessagePackCode.Str8))
            throw Unexpected(ref r, code, "a string");
        long start = r.Consumed;
        var bytes = r.ReadStringSequence()!.Value;
        try
        {
            return StrictUtf8.GetString(bytes.IsSingleSegment ? bytes.FirstSpan : bytes.ToArray());
        }
        catch (DecoderFallbackException)
        {
            throw new FormatException($"invalid UTF-8 in a string at byte {start}");
        }
    }

    public static ReadOnlySpan<byte> ReadBinary(ref MessagePackReader r)
    {
        byte code = Next(ref r);
        if (code is not (MessagePackCode.Bin8 or MessagePackCode.Bin16 or MessagePackCode.Bin32))
            throw Unexpected(ref r, code, "binary data");
        long start = r.Consumed;
        ReadOnlySequence<byte> bytes;
        try
        {
            bytes = r.ReadBytes()!.Value;
        }
        catch (ArgumentOutOfRangeException)
        {
            // The package slices before it checks: a bin32 length of 2 GiB or more lands here.
            throw new FormatException($"binary data at byte {start} declares more bytes than the file has");
        }
        return bytes.IsSingleSegment ? bytes.FirstSpan : bytes.ToArray();
    }

    public static int ReadArrayHeader(ref MessagePackReader r)
    {
        byte code = Next(ref r);
        if (!(code is >= MessagePackCode.MinFixArray and <= MessagePackCode.MaxFixArray or MessagePackCode.Array16))
            throw Unexpected(ref r, code, "an array");
        return r.ReadArrayHeader();
    }

    public static int ReadMapHeader(ref MessagePackReader r)
    {
        byte code = Next(ref r);
        if (!(code is >= MessagePackCode.MinFixMap and <= MessagePackCode.MaxFixMap or MessagePackCode.Map16))
            throw Unexpected(ref r, code, "a map");
        return r.ReadMapHeader();
    }

    /// <summary>Writes a str; a .look file holds none longer than 255 bytes (fixstr or str8).</summary>
    public static void WriteString(ref MessagePackWriter w, string s)
    {
        if (Encoding.UTF8.GetByteCount(s) > byte.MaxValue) throw new ArgumentException("string too long for a .look file", nameof(s));
        w.Write(s);
    }

    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    private static byte Next(ref MessagePackReader r) =>
        r.End ? throw new EndOfStreamException() : r.NextCode;

    private static FormatException Unexpected(ref MessagePackReader r, byte code, string what) =>
        new($"expected {what} at byte {r.Consumed}, found type byte 0x{code:x2}");
}
