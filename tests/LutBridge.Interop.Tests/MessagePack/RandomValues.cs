using System.Text;
using LutBridge.Interop.MessagePack;

namespace LutBridge.Interop.Tests.MessagePack;

/// <summary>
/// Random MessagePack value trees covering every type and length class. With
/// <c>jsSafe</c> the values stay within what @msgpack/msgpack represents exactly in
/// JavaScript: unique non-numeric string map keys, no integer-valued or NaN floats,
/// millisecond timestamps inside the Date range.
/// </summary>
internal sealed class RandomValues(int seed, bool jsSafe)
{
    private readonly Random _random = new(seed);

    private static readonly int[] Lengths = [0, 1, 15, 16, 31, 32, 255, 256, 65535, 65536, 70000];

    private int Length() => _random.Next(4) == 0 ? Lengths[_random.Next(Lengths.Length)] : _random.Next(40);

    public MessagePackValue Next(int depth = 0)
    {
        switch (_random.Next(depth >= 4 ? 11 : 13))
        {
            case 0: return MessagePackValue.Nil;
            case 1: return _random.Next(2) == 1;
            case 2: return (ulong)_random.NextInt64() >> _random.Next(63) << _random.Next(2); // any uint64
            case 3: return -(_random.NextInt64() >> _random.Next(63)) - 1; // any negative int64
            case 4:
            {
                var d = BitConverter.Int64BitsToDouble(_random.NextInt64() ^ ((long)_random.Next(2) << 63));
                return jsSafe && (double.IsNaN(d) || double.IsInteger(d)) ? 0.25 : d;
            }
            case 5:
            {
                var f = BitConverter.Int32BitsToSingle(_random.Next() ^ (_random.Next(2) << 31));
                // msgpack-c widens float32 to double and back, which quiets a signalling NaN:
                // keep NaNs to the one quiet NaN every codec carries unchanged.
                if (float.IsNaN(f)) return jsSafe ? 1.5f : float.NaN;
                return jsSafe && float.IsInteger(f) ? 1.5f : f;
            }
            case 6: return Text(Length() / 3 + _random.Next(4));
            case 7:
            {
                var b = new byte[Length()];
                _random.NextBytes(b);
                return MessagePackValue.FromBinary(b);
            }
            case 8:
            {
                var b = new byte[_random.Next(3) == 0 ? Lengths[_random.Next(Lengths.Length)] % 20 : 1 << _random.Next(5)];
                _random.NextBytes(b);
                var type = (sbyte)_random.Next(-128, 128);
                return MessagePackValue.FromExtension(type == -1 ? (sbyte)7 : type, b);
            }
            case 9:
            {
                if (jsSafe) // Date: +-8.64e15 ms
                    return MessagePackValue.FromTimestamp(new MessagePackTimestamp(_random.NextInt64(-8_000_000_000_000, 8_000_000_000_000), (uint)_random.Next(1000) * 1_000_000));
                var seconds = _random.Next(3) switch
                {
                    0 => _random.NextInt64(0, 1L << 32),
                    1 => _random.NextInt64(0, 1L << 34),
                    _ => _random.NextInt64(long.MinValue, long.MaxValue),
                };
                return MessagePackValue.FromTimestamp(new MessagePackTimestamp(seconds, _random.Next(2) == 0 ? 0 : (uint)_random.Next(1_000_000_000)));
            }
            case 10: return Text(_random.Next(3));
            case 11: return MessagePackValue.FromArray(Enumerable.Range(0, _random.Next(6) == 0 ? 20 : _random.Next(6)).Select(_ => Next(depth + 1)).ToList());
            default:
            {
                var n = _random.Next(6) == 0 ? 17 : _random.Next(5);
                var pairs = new List<KeyValuePair<MessagePackValue, MessagePackValue>>();
                for (var i = 0; i < n; i++)
                {
                    MessagePackValue key = jsSafe ? "k" + i : Next(depth + 2);
                    pairs.Add(new(key, Next(depth + 1)));
                }
                return MessagePackValue.FromMap(pairs);
            }
        }
    }

    private MessagePackValue Text(int chars)
    {
        var sb = new StringBuilder();
        for (var i = 0; i < chars; i++)
        {
            var cp = _random.Next(4) switch
            {
                0 => _random.Next(0x20, 0x7f),
                1 => _random.Next(0x80, 0x800),
                2 => _random.Next(0x800, 0xd800),
                _ => _random.Next(0x10000, 0x110000),
            };
            sb.Append(char.ConvertFromUtf32(cp));
        }
        return sb.ToString();
    }

    /// <summary>The value as JavaScript gives it back: float32 becomes float64 (same number).</summary>
    public static MessagePackValue WidenFloat32(MessagePackValue v) => v.Kind switch
    {
        MessagePackValueKind.Float32 => (double)v.AsSingle(),
        MessagePackValueKind.Array => MessagePackValue.FromArray(v.AsArray().Select(WidenFloat32).ToList()),
        MessagePackValueKind.Map => MessagePackValue.FromMap(v.AsMap().Select(p => new KeyValuePair<MessagePackValue, MessagePackValue>(WidenFloat32(p.Key), WidenFloat32(p.Value))).ToList()),
        _ => v,
    };
}
