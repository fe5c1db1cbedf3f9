using System.Globalization;
using System.Text.Json;
using LutBridge.Interop.MessagePack;
using Xunit.Abstractions;

namespace LutBridge.Interop.Tests.MessagePack;

/// <summary>
/// Every vector of the npm msgpack-test-suite package: each listed encoding must decode to
/// the expected value, and our encoding of that value must be one of the listed encodings —
/// the shortest one, except where the expected value is a non-integral number: we write a
/// double as float64 (we never narrow floats), so 0.5 encodes as cb.. although ca.. is listed.
/// </summary>
public class ConformanceSuiteTests(ITestOutputHelper output)
{
    private sealed record Vector(string Group, int Index, JsonElement Case);

    private static List<Vector> LoadVectors()
    {
        string file = NpmTestPackages.Require("msgpack-test-suite", "dist", "msgpack-test-suite.json");
        using var document = JsonDocument.Parse(File.ReadAllText(file));
        var vectors = new List<Vector>();
        foreach (var group in document.RootElement.EnumerateObject())
        {
            int index = 0;
            foreach (var testCase in group.Value.EnumerateArray())
                vectors.Add(new Vector(group.Name, index++, testCase.Clone()));
        }
        return vectors;
    }

    [Fact]
    public void EveryVectorDecodesAndEncodesCanonically()
    {
        var vectors = LoadVectors();
        Assert.True(vectors.Count >= 80, $"expected the full suite, found only {vectors.Count} vectors");
        var failures = new List<string>();
        int encodings = 0, widerThanShortest = 0;
        foreach (var vector in vectors)
        {
            var expected = ExpectedValue(vector.Case);
            var listed = vector.Case.GetProperty("msgpack").EnumerateArray().Select(e => e.GetString()!).ToList();
            foreach (string hex in listed)
            {
                encodings++;
                try
                {
                    var decoded = MessagePackValue.Decode(FromHex(hex));
                    if (!SameValue(expected, decoded))
                        failures.Add($"{vector.Group}#{vector.Index}: {hex} decoded to {decoded}, expected {expected}");
                }
                catch (MessagePackException e)
                {
                    failures.Add($"{vector.Group}#{vector.Index}: {hex} failed to decode: {e.Message}");
                }
            }

            string ours = ToHex(expected.Encode());
            // Integers are compared with the listed integer encodings only: an integer is never
            // written as a float, even where a float32 happens to be shorter (2^32 as ca-4f-80-00-00).
            var sameFamily = expected.Kind == MessagePackValueKind.Integer ? listed.Where(h => !IsFloat(h)).ToList() : listed;
            int shortest = sameFamily.Min(h => h.Length);
            if (!listed.Contains(ours))
                failures.Add($"{vector.Group}#{vector.Index}: our encoding {ours} of {expected} is not listed");
            else if (ours.Length != shortest)
            {
                widerThanShortest++;
                output.WriteLine($"{vector.Group}#{vector.Index}: {expected} encodes as {ours}, a shorter listed form is {listed.First(h => h.Length == shortest)}");
                if (expected.Kind != MessagePackValueKind.Float64)
                    failures.Add($"{vector.Group}#{vector.Index}: our encoding {ours} is not the shortest");
            }
        }
        output.WriteLine($"{vectors.Count} vectors, {encodings} encodings decoded, {widerThanShortest} float64 values wider than a listed float32");
        Assert.True(failures.Count == 0, string.Join("\n", failures));
    }

    /// <summary>Decoded numbers may legitimately come back as another numeric kind (1 as float32 1.0).</summary>
    private static bool SameValue(MessagePackValue expected, MessagePackValue actual)
    {
        bool expectedNumber = expected.Kind is MessagePackValueKind.Integer or MessagePackValueKind.Float64;
        bool actualNumber = actual.Kind is MessagePackValueKind.Integer or MessagePackValueKind.Float32 or MessagePackValueKind.Float64;
        if (expectedNumber && actualNumber)
        {
            if (expected.Kind == MessagePackValueKind.Integer && actual.Kind == MessagePackValueKind.Integer)
                return expected.AsInteger() == actual.AsInteger();
            return expected.AsDouble() == actual.AsDouble() && (actual.Kind != MessagePackValueKind.Integer || double.IsInteger(expected.AsDouble()));
        }
        if (expected.Kind != actual.Kind) return false;
        return expected.Kind switch
        {
            MessagePackValueKind.Array => expected.AsArray().Count == actual.AsArray().Count
                                          && expected.AsArray().Zip(actual.AsArray()).All(p => SameValue(p.First, p.Second)),
            MessagePackValueKind.Map => expected.AsMap().Count == actual.AsMap().Count
                                        && expected.AsMap().Zip(actual.AsMap()).All(p => SameValue(p.First.Key, p.Second.Key) && SameValue(p.First.Value, p.Second.Value)),
            _ => expected.Equals(actual),
        };
    }

    private static MessagePackValue ExpectedValue(JsonElement testCase)
    {
        if (testCase.TryGetProperty("bignum", out var bignum))
        {
            var n = Int128.Parse(bignum.GetString()!, CultureInfo.InvariantCulture);
            return n < 0 ? MessagePackValue.From((long)n) : MessagePackValue.From((ulong)n);
        }
        foreach (var property in testCase.EnumerateObject())
        {
            switch (property.Name)
            {
                case "msgpack": continue;
                case "nil": return MessagePackValue.Nil;
                case "bool": return MessagePackValue.From(property.Value.GetBoolean());
                case "binary": return MessagePackValue.FromBinary(FromHex(property.Value.GetString()!));
                case "number" or "string" or "array" or "map": return FromPlainJson(property.Value);
                case "timestamp":
                    return MessagePackValue.FromTimestamp(new MessagePackTimestamp(property.Value[0].GetInt64(), property.Value[1].GetUInt32()));
                case "ext":
                    return MessagePackValue.FromExtension((sbyte)property.Value[0].GetInt32(), FromHex(property.Value[1].GetString()!));
                default: throw new InvalidOperationException($"unknown vector kind {property.Name}");
            }
        }
        throw new InvalidOperationException("vector without a value");
    }

    // Independent of MessagePackJson on purpose: the suite's JSON is interpreted here directly.
    private static MessagePackValue FromPlainJson(JsonElement e) => e.ValueKind switch
    {
        JsonValueKind.Number when e.TryGetInt64(out long l) => MessagePackValue.From(l),
        JsonValueKind.Number => MessagePackValue.From(e.GetDouble()),
        JsonValueKind.String => MessagePackValue.From(e.GetString()),
        JsonValueKind.Array => MessagePackValue.FromArray(e.EnumerateArray().Select(FromPlainJson).ToArray()),
        JsonValueKind.Object => MessagePackValue.FromMap(e.EnumerateObject().Select(p => KeyValuePair.Create(MessagePackValue.From(p.Name), FromPlainJson(p.Value))).ToArray()),
        _ => throw new InvalidOperationException($"unexpected JSON {e.ValueKind}"),
    };

    private static bool IsFloat(string hex) => hex.StartsWith("ca", StringComparison.Ordinal) || hex.StartsWith("cb", StringComparison.Ordinal);

    internal static byte[] FromHex(string dashed) => dashed.Length == 0 ? [] : Convert.FromHexString(dashed.Replace("-", ""));

    internal static string ToHex(byte[] bytes) => string.Join("-", bytes.Select(b => b.ToString("x2", CultureInfo.InvariantCulture)));
}
