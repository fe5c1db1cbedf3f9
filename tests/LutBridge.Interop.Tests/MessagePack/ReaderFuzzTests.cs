using MessagePack;
using System.Buffers.Binary;
using LutBridge.Interop.MessagePack;
using LutBridge.Interop.Protocol;
using Xunit.Abstractions;

namespace LutBridge.Interop.Tests.MessagePack;

/// <summary>
/// A randomised test of the reader on hostile input: valid messages mutated (bit flips,
/// interesting bytes, truncation, splices, huge declared lengths). For every input the framer
/// and the decoder either succeed or throw MessagePackException (nothing else), agree with
/// each other, allocate nothing in proportion to a declared length, and what decodes
/// re-encodes to a value that decodes equal. CI runs a short smoke; set
/// LUTBRIDGE_FUZZ_ITERATIONS (e.g. 1000000) for a long run and LUTBRIDGE_FUZZ_SEED to vary it.
/// </summary>
public class ReaderFuzzTests(ITestOutputHelper output)
{
    private static readonly MessagePackLimits Limits = ProtocolLimits.Reader;

    private static readonly byte[] Interesting =
        [0x00, 0x7f, 0x80, 0x8f, 0x90, 0x9f, 0xa0, 0xbf, 0xc0, 0xc1, 0xc4, 0xc6, 0xc7, 0xc9, 0xca, 0xcb, 0xcf, 0xd3, 0xd4, 0xd8, 0xd9, 0xdb, 0xdc, 0xdd, 0xde, 0xdf, 0xe0, 0xff];

    /// <summary>Headers whose declared length or count is huge (the bytes never follow).</summary>
    private static readonly byte[] HugeHeaders = [0xc6, 0xc9, 0xdb, 0xdd, 0xdf];

    [Fact]
    public void MutatedMessagesNeverEscapeTheCodecsErrors()
    {
        var iterations = int.TryParse(Environment.GetEnvironmentVariable("LUTBRIDGE_FUZZ_ITERATIONS"), out var n) && n > 0 ? n : 30_000;
        var seed = int.TryParse(Environment.GetEnvironmentVariable("LUTBRIDGE_FUZZ_SEED"), out var s) ? s : 20261201;
        var random = new Random(seed);
        var values = new RandomValues(seed, jsSafe: false);
        var stats = new int[4]; // decoded, content error, framing error, need more
        var corpus = Enumerable.Range(0, 64).Select(_ => Request(values)).ToList();
        var clock = System.Diagnostics.Stopwatch.StartNew();
        for (var i = 0; i < iterations; i++)
        {
            var source = corpus[random.Next(corpus.Count)];
            var input = Mutate(random, source, corpus);
            stats[Check(input, i)]++;
            if (i % 1000 == 0) corpus[random.Next(corpus.Count)] = random.Next(4) == 0 ? input : Request(values);
        }
        output.WriteLine($"{iterations} inputs (seed {seed}) in {clock.Elapsed.TotalSeconds:F1} s: {stats[0]} decoded, {stats[1]} content errors, " +
                         $"{stats[2]} framing errors, {stats[3]} incomplete");
        Assert.True(stats[0] > 0 && stats[2] > 0 && stats[3] > 0, "the mutations no longer reach every outcome");
    }

    private static byte[] Request(RandomValues values)
    {
        var args = Enumerable.Range(0, 3).Select(_ => values.Next(1)).ToArray();
        return MessagePackBytes.Write(args, static (ref MessagePackWriter w, MessagePackValue[] a) =>
        {
            w.WriteArrayHeader(4);
            w.Write(0);
            w.Write(7u);
            w.Write("lut.apply");
            w.WriteArrayHeader(a.Length);
            foreach (var v in a) v.Write(ref w);
        });
    }

    private static byte[] Mutate(Random random, byte[] source, List<byte[]> corpus)
    {
        var data = source.ToList();
        var edits = 1 + random.Next(4);
        for (var e = 0; e < edits && data.Count > 0; e++)
        {
            var at = random.Next(data.Count);
            switch (random.Next(7))
            {
                case 0: data[at] ^= (byte)(1 << random.Next(8)); break;
                case 1: data[at] = Interesting[random.Next(Interesting.Length)]; break;
                case 2: data.RemoveRange(at, data.Count - at); break; // truncation
                case 3: data.RemoveRange(at, Math.Min(data.Count - at, 1 + random.Next(8))); break;
                case 4: data.InsertRange(at, Enumerable.Range(0, 1 + random.Next(4)).Select(_ => Interesting[random.Next(Interesting.Length)])); break;
                case 5:
                {
                    var header = new byte[5];
                    header[0] = HugeHeaders[random.Next(HugeHeaders.Length)];
                    BinaryPrimitives.WriteUInt32BigEndian(header.AsSpan(1), random.Next(3) == 0 ? uint.MaxValue : (uint)random.Next(int.MaxValue));
                    data.InsertRange(at, header);
                    break;
                }
                default:
                {
                    var other = corpus[random.Next(corpus.Count)];
                    var from = random.Next(other.Length);
                    data.InsertRange(at, other.Skip(from).Take(1 + random.Next(64)));
                    break;
                }
            }
        }
        return data.ToArray();
    }

    /// <summary>0 decoded, 1 content error, 2 framing error, 3 incomplete. Fails the test otherwise.</summary>
    private static int Check(byte[] input, int index)
    {
        var before = GC.GetAllocatedBytesForCurrentThread();
        int outcome;
        int length;
        try
        {
            if (!MessageFraming.TryGetMessageLength(input, Limits, out length))
            {
                // The framer wants more bytes: the decoder must not find a whole value either.
                Assert.Throws<MessagePackException>(() => MessagePackValue.Decode(input, Limits));
                outcome = 3;
                length = 0;
            }
            else outcome = -1;
        }
        catch (MessagePackException)
        {
            Assert.Throws<MessagePackException>(() => MessagePackValue.Decode(input, Limits));
            outcome = 2;
            length = 0;
        }
        catch (Exception e)
        {
            throw new Xunit.Sdk.XunitException($"input {index} ({Convert.ToHexString(input.AsSpan(0, Math.Min(64, input.Length)))}): framer threw {e}");
        }
        if (outcome < 0)
        {
            Assert.InRange(length, 1, input.Length);
            try
            {
                var value = MessagePackValue.Decode(input.AsMemory(0, length), Limits);
                var again = MessagePackValue.Decode(value.Encode(), Limits);
                Assert.Equal(value, again);
                outcome = 0;
            }
            catch (MessagePackException)
            {
                outcome = 1; // framed, but content invalid (UTF-8, timestamp, integer range)
            }
            catch (Exception e) when (e is not Xunit.Sdk.XunitException)
            {
                throw new Xunit.Sdk.XunitException($"input {index} ({Convert.ToHexString(input.AsSpan(0, Math.Min(64, input.Length)))}): decoder threw {e}");
            }
        }
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.True(allocated < 64L * input.Length + (1 << 20),
            $"input {index}: {allocated} bytes allocated for {input.Length} input bytes (a declared length was trusted)");
        return outcome;
    }
}
