namespace LutBridge.Interop.MessagePack;

public sealed partial class MessagePackValue
{
    /// <summary>
    /// Reads one complete value. The whole value is first walked (structure, depth, every
    /// length and the message size checked) so nothing is allocated for a message that is
    /// malformed or over a limit; then it is decoded.
    /// </summary>
    public static MessagePackValue Read(ref MessagePackReader reader)
    {
        int probe = reader.Consumed;
        var outcome = MessagePackReader.ScanFrom(ref reader, ref probe);
        if (outcome != MessagePackReader.ScanOutcome.Complete)
            throw new MessagePackException($"truncated: the value starting at {reader.Consumed} is incomplete", probe);
        return ReadChecked(ref reader);
    }

    /// <summary>Decodes exactly one value that must fill the whole buffer.</summary>
    public static MessagePackValue Decode(ReadOnlySpan<byte> bytes, MessagePackLimits? limits = null)
    {
        var reader = new MessagePackReader(bytes, limits);
        var value = Read(ref reader);
        if (!reader.End) throw new MessagePackException($"{reader.Remaining} unexpected bytes after the value", reader.Consumed);
        return value;
    }

    public void Write(MessagePackWriter writer)
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
            case MessagePackValueKind.String: writer.Write((string)_payload!); break;
            case MessagePackValueKind.Binary: writer.WriteBinary((byte[])_payload!); break;
            case MessagePackValueKind.Extension: writer.WriteExtension(_extensionType, (byte[])_payload!); break;
            case MessagePackValueKind.Timestamp: writer.WriteTimestamp(AsTimestamp()); break;
            case MessagePackValueKind.Array:
            {
                var items = (MessagePackValue[])_payload!;
                writer.WriteArrayHeader(items.Length);
                foreach (var item in items) item.Write(writer);
                break;
            }
            case MessagePackValueKind.Map:
            {
                var pairs = (KeyValuePair<MessagePackValue, MessagePackValue>[])_payload!;
                writer.WriteMapHeader(pairs.Length);
                foreach (var pair in pairs)
                {
                    pair.Key.Write(writer);
                    pair.Value.Write(writer);
                }
                break;
            }
        }
    }

    /// <summary>The canonical (smallest) encoding of this value.</summary>
    public byte[] Encode()
    {
        var writer = new MessagePackWriter();
        Write(writer);
        return writer.ToArray();
    }

    // Structure and limits were already checked by the scan; this decodes.
    private static MessagePackValue ReadChecked(ref MessagePackReader reader)
    {
        byte code = reader.PeekCode();
        switch (MessagePackCode.TypeOf(code))
        {
            case MessagePackType.Nil:
                reader.ReadNil();
                return Nil;
            case MessagePackType.Boolean:
                return From(reader.ReadBoolean());
            case MessagePackType.Integer:
            {
                long bits = reader.ReadIntegerBits(out bool aboveInt64);
                return aboveInt64 ? From(unchecked((ulong)bits)) : From(bits);
            }
            case MessagePackType.Float:
                return code == MessagePackCode.Float32 ? From(reader.ReadSingle()) : From(reader.ReadDouble());
            case MessagePackType.String:
                return new MessagePackValue(MessagePackValueKind.String, payload: reader.ReadString());
            case MessagePackType.Binary:
                return new MessagePackValue(MessagePackValueKind.Binary, payload: reader.ReadBinary());
            case MessagePackType.Array:
            {
                int count = reader.ReadArrayHeader();
                var items = new MessagePackValue[count];
                for (int i = 0; i < count; i++) items[i] = ReadChecked(ref reader);
                return new MessagePackValue(MessagePackValueKind.Array, payload: items);
            }
            case MessagePackType.Map:
            {
                int count = reader.ReadMapHeader();
                var pairs = new KeyValuePair<MessagePackValue, MessagePackValue>[count];
                for (int i = 0; i < count; i++)
                {
                    var key = ReadChecked(ref reader);
                    pairs[i] = KeyValuePair.Create(key, ReadChecked(ref reader));
                }
                return new MessagePackValue(MessagePackValueKind.Map, payload: pairs);
            }
            default:
            {
                int start = reader.Consumed;
                var data = reader.ReadExtension(out sbyte type);
                return type == MessagePackCode.TimestampType
                    ? FromTimestamp(MessagePackTimestamp.ReadPayload(data, start))
                    : new MessagePackValue(MessagePackValueKind.Extension, payload: data.ToArray(), extensionType: type);
            }
        }
    }
}
