using System.Buffers;
using System.Text;
using System.Text.Unicode;
using MessagePack;

namespace LutBridge.Interop.MessagePack;

public sealed partial class MessagePackValue
{
    /// <summary>
    /// Reads one complete value with MessagePack-CSharp's reader. The whole value is first
    /// walked (structure, depth, every length and the message size checked, see
    /// <see cref="MessageFraming"/>) so nothing is allocated for a message that is malformed or
    /// over a limit; then it is decoded, strings checked for valid UTF-8 (the package would
    /// silently replace bad bytes) and timestamps read with their nanoseconds.
    /// </summary>
    public static MessagePackValue Read(ref MessagePackReader reader, MessagePackLimits? limits = null)
    {
        limits ??= MessagePackLimits.Default;
        MessageFraming.CheckComplete(reader, limits);
        try
        {
            return ReadChecked(ref reader, limits.Security);
        }
        catch (Exception e) when (e is EndOfStreamException or MessagePackSerializationException or OverflowException)
        {
            // Not expected after the walk; kept so that no package exception escapes the codec.
            throw new MessagePackException(e.Message, reader.Consumed);
        }
    }

    /// <summary>Decodes exactly one value that must fill the whole buffer.</summary>
    public static MessagePackValue Decode(ReadOnlyMemory<byte> bytes, MessagePackLimits? limits = null)
    {
        var reader = new MessagePackReader(bytes);
        var value = Read(ref reader, limits);
        if (!reader.End) throw new MessagePackException($"{bytes.Length - reader.Consumed} unexpected bytes after the value", reader.Consumed);
        return value;
    }

    /// <summary>Writes this value in its shortest encoding (floats keep their width).</summary>
    public void Write(ref MessagePackWriter writer)
    {
        switch (Kind)
        {
            case MessagePackValueKind.Nil: writer.WriteNil(); break;
            case MessagePackValueKind.Boolean: writer.Write(_bits != 0); break;
            case MessagePackValueKind.Integer:
                if (_aboveInt64) writer.Write(unchecked((ulong)_bits)); else writer.Write(_bits);
                break;
            case MessagePackValueKind.Float32: writer.Write(AsSingle()); break;
            case MessagePackValueKind.Float64: writer.Write(AsDouble()); break;
            case MessagePackValueKind.String: WriteString(ref writer, (string)_payload!); break;
            case MessagePackValueKind.Binary: writer.Write(((byte[])_payload!).AsSpan()); break;
            case MessagePackValueKind.Extension: writer.WriteExtensionFormat(new ExtensionResult(_extensionType, (byte[])_payload!)); break;
            case MessagePackValueKind.Timestamp: WriteTimestamp(ref writer, AsTimestamp()); break;
            case MessagePackValueKind.Array:
            {
                var items = (MessagePackValue[])_payload!;
                writer.WriteArrayHeader(items.Length);
                foreach (var item in items) item.Write(ref writer);
                break;
            }
            case MessagePackValueKind.Map:
            {
                var pairs = (KeyValuePair<MessagePackValue, MessagePackValue>[])_payload!;
                writer.WriteMapHeader(pairs.Length);
                foreach (var pair in pairs)
                {
                    pair.Key.Write(ref writer);
                    pair.Value.Write(ref writer);
                }
                break;
            }
        }
    }

    /// <summary>The canonical (smallest) encoding of this value.</summary>
    public byte[] Encode() => MessagePackBytes.Write(this, static (ref MessagePackWriter w, MessagePackValue v) => v.Write(ref w));

    /// <summary>
    /// str (UTF-8). Unpaired surrogates throw: they have no UTF-8 form, and the package would
    /// write U+FFFD in their place.
    /// </summary>
    public static void WriteString(ref MessagePackWriter writer, string value)
    {
        if (value.AsSpan().ContainsAnyInRange('\ud800', '\udfff') && !Utf16IsValid(value))
            throw new ArgumentException("string contains an unpaired surrogate and cannot be encoded as UTF-8", nameof(value));
        writer.Write(value);
    }

    /// <summary>The timestamp extension (type -1) in its smallest form (32, 64 or 96 bit), nanoseconds kept.</summary>
    public static void WriteTimestamp(ref MessagePackWriter writer, MessagePackTimestamp value)
    {
        int length = value.EncodedLength;
        writer.WriteExtensionFormatHeader(new ExtensionHeader(MessagePackTimestamp.ExtensionType, length));
        value.WritePayload(writer.GetSpan(length)[..length]);
        writer.Advance(length);
    }

    /// <summary>The bytes of a str, which must be valid UTF-8 (offset of the value for the error).</summary>
    internal static string ReadUtf8(ReadOnlySequence<byte> bytes, long offset)
    {
        ReadOnlySpan<byte> span = bytes.IsSingleSegment ? bytes.FirstSpan : bytes.ToArray();
        if (!Utf8.IsValid(span)) throw new MessagePackException("str is not valid UTF-8", offset);
        return Encoding.UTF8.GetString(span);
    }

    private static bool Utf16IsValid(string value)
    {
        try
        {
            StrictUtf8.GetByteCount(value);
            return true;
        }
        catch (EncoderFallbackException)
        {
            return false;
        }
    }

    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    // Structure and limits were already checked by the walk; this decodes.
    private static MessagePackValue ReadChecked(ref MessagePackReader reader, MessagePackSecurity security)
    {
        long start = reader.Consumed;
        byte code = reader.NextCode;
        switch (reader.NextMessagePackType)
        {
            case MessagePackType.Nil:
                reader.ReadNil();
                return Nil;
            case MessagePackType.Boolean:
                return From(reader.ReadBoolean());
            case MessagePackType.Integer:
                return code == MessagePackCode.UInt64 ? From(reader.ReadUInt64()) : From(reader.ReadInt64());
            case MessagePackType.Float:
                return code == MessagePackCode.Float32 ? From(reader.ReadSingle()) : From(reader.ReadDouble());
            case MessagePackType.String:
                return new MessagePackValue(MessagePackValueKind.String, payload: ReadUtf8(reader.ReadStringSequence()!.Value, start));
            case MessagePackType.Binary:
                return new MessagePackValue(MessagePackValueKind.Binary, payload: reader.ReadBytes()!.Value.ToArray());
            case MessagePackType.Array:
            {
                int count = reader.ReadArrayHeader();
                var items = new MessagePackValue[count];
                if (count == 0) return new MessagePackValue(MessagePackValueKind.Array, payload: items);
                security.DepthStep(ref reader);
                for (int i = 0; i < count; i++) items[i] = ReadChecked(ref reader, security);
                reader.Depth--;
                return new MessagePackValue(MessagePackValueKind.Array, payload: items);
            }
            case MessagePackType.Map:
            {
                int count = reader.ReadMapHeader();
                var pairs = new KeyValuePair<MessagePackValue, MessagePackValue>[count];
                if (count == 0) return new MessagePackValue(MessagePackValueKind.Map, payload: pairs);
                security.DepthStep(ref reader);
                for (int i = 0; i < count; i++)
                {
                    var key = ReadChecked(ref reader, security);
                    pairs[i] = KeyValuePair.Create(key, ReadChecked(ref reader, security));
                }
                reader.Depth--;
                return new MessagePackValue(MessagePackValueKind.Map, payload: pairs);
            }
            default:
            {
                var extension = reader.ReadExtensionFormat();
                var data = extension.Data.IsSingleSegment ? extension.Data.FirstSpan : extension.Data.ToArray();
                return extension.TypeCode == MessagePackTimestamp.ExtensionType
                    ? FromTimestamp(MessagePackTimestamp.ReadPayload(data, start))
                    : new MessagePackValue(MessagePackValueKind.Extension, payload: data.ToArray(), extensionType: extension.TypeCode);
            }
        }
    }
}
