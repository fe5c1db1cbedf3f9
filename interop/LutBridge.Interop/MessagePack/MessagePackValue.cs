using System.Globalization;
using System.Text;

namespace LutBridge.Interop.MessagePack;

/// <summary>
/// An immutable MessagePack value tree: nil, bool, integer (the whole int64 ∪ uint64 range),
/// float32, float64, str, bin, array, map (ordered pairs, duplicates kept as sent), ext and
/// timestamp. Equality is structural; floats compare by bit pattern (so NaN equals the same
/// NaN, and 0.0 differs from -0.0) and integers by value whatever their encoding.
/// </summary>
public sealed partial class MessagePackValue : IEquatable<MessagePackValue>
{
    private readonly long _bits;          // bool, integer bits, float bits
    private readonly bool _aboveInt64;    // integer is a uint64 above Int64.MaxValue
    private readonly sbyte _extensionType;
    private readonly object? _payload;    // string, byte[], MessagePackValue[], KeyValuePair[]

    private MessagePackValue(MessagePackValueKind kind, long bits = 0, object? payload = null, bool aboveInt64 = false, sbyte extensionType = 0)
    {
        Kind = kind;
        _bits = bits;
        _payload = payload;
        _aboveInt64 = aboveInt64;
        _extensionType = extensionType;
    }

    public MessagePackValueKind Kind { get; }

    public static MessagePackValue Nil { get; } = new(MessagePackValueKind.Nil);
    public static MessagePackValue True { get; } = new(MessagePackValueKind.Boolean, 1);
    public static MessagePackValue False { get; } = new(MessagePackValueKind.Boolean, 0);

    public static MessagePackValue From(bool value) => value ? True : False;
    public static MessagePackValue From(long value) => new(MessagePackValueKind.Integer, value);
    public static MessagePackValue From(ulong value) => new(MessagePackValueKind.Integer, unchecked((long)value), aboveInt64: value > long.MaxValue);
    public static MessagePackValue From(float value) => new(MessagePackValueKind.Float32, BitConverter.SingleToInt32Bits(value));
    public static MessagePackValue From(double value) => new(MessagePackValueKind.Float64, BitConverter.DoubleToInt64Bits(value));
    public static MessagePackValue From(string? value) => value is null ? Nil : new(MessagePackValueKind.String, payload: value);
    public static MessagePackValue FromBinary(ReadOnlySpan<byte> value) => new(MessagePackValueKind.Binary, payload: value.ToArray());
    public static MessagePackValue FromArray(params IEnumerable<MessagePackValue> items) => new(MessagePackValueKind.Array, payload: items.ToArray());
    public static MessagePackValue FromMap(IEnumerable<KeyValuePair<MessagePackValue, MessagePackValue>> pairs) => new(MessagePackValueKind.Map, payload: pairs.ToArray());
    public static MessagePackValue FromMap(params IEnumerable<(string Key, MessagePackValue Value)> pairs) =>
        FromMap(pairs.Select(p => KeyValuePair.Create(From(p.Key), p.Value)));
    public static MessagePackValue FromExtension(sbyte type, ReadOnlySpan<byte> data) => new(MessagePackValueKind.Extension, payload: data.ToArray(), extensionType: type);
    public static MessagePackValue FromTimestamp(MessagePackTimestamp value) => new(MessagePackValueKind.Timestamp, value.Seconds, payload: value.Nanoseconds);

    public static implicit operator MessagePackValue(bool value) => From(value);
    public static implicit operator MessagePackValue(int value) => From(value);
    public static implicit operator MessagePackValue(long value) => From(value);
    public static implicit operator MessagePackValue(ulong value) => From(value);
    public static implicit operator MessagePackValue(float value) => From(value);
    public static implicit operator MessagePackValue(double value) => From(value);
    public static implicit operator MessagePackValue(string? value) => From(value);

    public bool IsNil => Kind == MessagePackValueKind.Nil;

    public bool AsBoolean() => Kind == MessagePackValueKind.Boolean ? _bits != 0 : throw WrongKind("bool");

    /// <summary>True when this integer is a uint64 above Int64.MaxValue.</summary>
    public bool IsAboveInt64 => Kind == MessagePackValueKind.Integer && _aboveInt64;

    public long AsInt64()
    {
        if (Kind != MessagePackValueKind.Integer) throw WrongKind("integer");
        if (_aboveInt64) throw new MessagePackException($"integer {unchecked((ulong)_bits)} does not fit in int64");
        return _bits;
    }

    public ulong AsUInt64()
    {
        if (Kind != MessagePackValueKind.Integer) throw WrongKind("integer");
        if (!_aboveInt64 && _bits < 0) throw new MessagePackException($"integer {_bits} does not fit in uint64");
        return unchecked((ulong)_bits);
    }

    /// <summary>The integer exactly, as Int128 (covers both int64 and uint64).</summary>
    public Int128 AsInteger()
    {
        if (Kind != MessagePackValueKind.Integer) throw WrongKind("integer");
        return _aboveInt64 ? unchecked((ulong)_bits) : _bits;
    }

    /// <summary>Any number as a double (float32 widened, integers converted).</summary>
    public double AsDouble() => Kind switch
    {
        MessagePackValueKind.Float64 => BitConverter.Int64BitsToDouble(_bits),
        MessagePackValueKind.Float32 => BitConverter.Int32BitsToSingle((int)_bits),
        MessagePackValueKind.Integer => _aboveInt64 ? unchecked((ulong)_bits) : _bits,
        _ => throw WrongKind("number"),
    };

    public float AsSingle() => Kind == MessagePackValueKind.Float32 ? BitConverter.Int32BitsToSingle((int)_bits) : (float)AsDouble();

    public string AsString() => Kind == MessagePackValueKind.String ? (string)_payload! : throw WrongKind("str");

    public ReadOnlyMemory<byte> AsBinary() => Kind == MessagePackValueKind.Binary ? (byte[])_payload! : throw WrongKind("bin");

    public IReadOnlyList<MessagePackValue> AsArray() => Kind == MessagePackValueKind.Array ? (MessagePackValue[])_payload! : throw WrongKind("array");

    public IReadOnlyList<KeyValuePair<MessagePackValue, MessagePackValue>> AsMap() =>
        Kind == MessagePackValueKind.Map ? (KeyValuePair<MessagePackValue, MessagePackValue>[])_payload! : throw WrongKind("map");

    public sbyte ExtensionType => Kind == MessagePackValueKind.Extension ? _extensionType : throw WrongKind("ext");

    public ReadOnlyMemory<byte> ExtensionData => Kind == MessagePackValueKind.Extension ? (byte[])_payload! : throw WrongKind("ext");

    public MessagePackTimestamp AsTimestamp() =>
        Kind == MessagePackValueKind.Timestamp ? new MessagePackTimestamp(_bits, (uint)_payload!) : throw WrongKind("timestamp");

    /// <summary>The value of the first pair whose key is the str <paramref name="key"/>, or null.</summary>
    public MessagePackValue? TryGet(string key)
    {
        foreach (var pair in AsMap())
            if (pair.Key.Kind == MessagePackValueKind.String && (string)pair.Key._payload! == key) return pair.Value;
        return null;
    }

    /// <summary>Map lookup by str key; throws when absent.</summary>
    public MessagePackValue this[string key] => TryGet(key) ?? throw new MessagePackException($"map has no key \"{key}\"");

    /// <summary>Array element.</summary>
    public MessagePackValue this[int index] => AsArray()[index];

    private MessagePackException WrongKind(string expected) => new($"expected {expected}, got {Kind.ToString().ToLowerInvariant()}");

    public bool Equals(MessagePackValue? other)
    {
        if (ReferenceEquals(this, other)) return true;
        if (other is null || other.Kind != Kind) return false;
        return Kind switch
        {
            MessagePackValueKind.Nil => true,
            MessagePackValueKind.Boolean or MessagePackValueKind.Float32 or MessagePackValueKind.Float64 => _bits == other._bits,
            MessagePackValueKind.Integer => _bits == other._bits && _aboveInt64 == other._aboveInt64,
            MessagePackValueKind.String => (string)_payload! == (string)other._payload!,
            MessagePackValueKind.Binary => ((byte[])_payload!).AsSpan().SequenceEqual((byte[])other._payload!),
            MessagePackValueKind.Extension => _extensionType == other._extensionType && ((byte[])_payload!).AsSpan().SequenceEqual((byte[])other._payload!),
            MessagePackValueKind.Timestamp => _bits == other._bits && (uint)_payload! == (uint)other._payload!,
            MessagePackValueKind.Array => ((MessagePackValue[])_payload!).AsSpan().SequenceEqual((MessagePackValue[])other._payload!),
            MessagePackValueKind.Map => MapEquals((KeyValuePair<MessagePackValue, MessagePackValue>[])_payload!, (KeyValuePair<MessagePackValue, MessagePackValue>[])other._payload!),
            _ => false,
        };
    }

    private static bool MapEquals(KeyValuePair<MessagePackValue, MessagePackValue>[] a, KeyValuePair<MessagePackValue, MessagePackValue>[] b)
    {
        if (a.Length != b.Length) return false;
        for (int i = 0; i < a.Length; i++)
            if (!a[i].Key.Equals(b[i].Key) || !a[i].Value.Equals(b[i].Value)) return false;
        return true;
    }

    public override bool Equals(object? obj) => Equals(obj as MessagePackValue);

    public override int GetHashCode()
    {
        var hash = new HashCode();
        hash.Add(Kind);
        switch (Kind)
        {
            case MessagePackValueKind.String: hash.Add((string)_payload!); break;
            case MessagePackValueKind.Binary or MessagePackValueKind.Extension: hash.AddBytes((byte[])_payload!); hash.Add(_extensionType); break;
            case MessagePackValueKind.Array: foreach (var item in (MessagePackValue[])_payload!) hash.Add(item); break;
            case MessagePackValueKind.Map:
                foreach (var pair in (KeyValuePair<MessagePackValue, MessagePackValue>[])_payload!) { hash.Add(pair.Key); hash.Add(pair.Value); }
                break;
            case MessagePackValueKind.Timestamp: hash.Add(_bits); hash.Add((uint)_payload!); break;
            default: hash.Add(_bits); hash.Add(_aboveInt64); break;
        }
        return hash.ToHashCode();
    }

    public static bool operator ==(MessagePackValue? a, MessagePackValue? b) => a is null ? b is null : a.Equals(b);
    public static bool operator !=(MessagePackValue? a, MessagePackValue? b) => !(a == b);

    /// <summary>
    /// JSON-like text for logs and test failures: str quoted and escaped, bin as b"hex",
    /// ext as ext(type, b"hex"), timestamp as timestamp(seconds.nanoseconds), float32 with
    /// an f suffix, non-finite floats as NaN/Infinity.
    /// </summary>
    public override string ToString()
    {
        var text = new StringBuilder();
        AppendTo(text);
        return text.ToString();
    }

    private void AppendTo(StringBuilder text)
    {
        switch (Kind)
        {
            case MessagePackValueKind.Nil: text.Append("null"); break;
            case MessagePackValueKind.Boolean: text.Append(_bits != 0 ? "true" : "false"); break;
            case MessagePackValueKind.Integer: text.Append(AsInteger().ToString(CultureInfo.InvariantCulture)); break;
            case MessagePackValueKind.Float32: text.Append(AsSingle().ToString("R", CultureInfo.InvariantCulture)).Append('f'); break;
            case MessagePackValueKind.Float64: text.Append(AsDouble().ToString("R", CultureInfo.InvariantCulture)); break;
            case MessagePackValueKind.String: AppendQuoted(text, (string)_payload!); break;
            case MessagePackValueKind.Binary: text.Append("b\"").Append(Convert.ToHexStringLower((byte[])_payload!)).Append('"'); break;
            case MessagePackValueKind.Extension:
                text.Append("ext(").Append(_extensionType).Append(", b\"").Append(Convert.ToHexStringLower((byte[])_payload!)).Append("\")");
                break;
            case MessagePackValueKind.Timestamp: text.Append("timestamp(").Append(AsTimestamp()).Append(')'); break;
            case MessagePackValueKind.Array:
                text.Append('[');
                var items = (MessagePackValue[])_payload!;
                for (int i = 0; i < items.Length; i++)
                {
                    if (i > 0) text.Append(',');
                    items[i].AppendTo(text);
                }
                text.Append(']');
                break;
            case MessagePackValueKind.Map:
                text.Append('{');
                var pairs = (KeyValuePair<MessagePackValue, MessagePackValue>[])_payload!;
                for (int i = 0; i < pairs.Length; i++)
                {
                    if (i > 0) text.Append(',');
                    pairs[i].Key.AppendTo(text);
                    text.Append(':');
                    pairs[i].Value.AppendTo(text);
                }
                text.Append('}');
                break;
        }
    }

    private static void AppendQuoted(StringBuilder text, string value)
    {
        text.Append('"');
        foreach (char c in value)
        {
            switch (c)
            {
                case '"': text.Append("\\\""); break;
                case '\\': text.Append("\\\\"); break;
                case '\n': text.Append("\\n"); break;
                case '\r': text.Append("\\r"); break;
                case '\t': text.Append("\\t"); break;
                case < ' ': text.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture)); break;
                default: text.Append(c); break;
            }
        }
        text.Append('"');
    }
}
