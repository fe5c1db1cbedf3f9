using LutBridge.Interop.MessagePack;
using LutBridge.Interop.Protocol;
using LutBridge.Server.Rpc;
using Xunit.Abstractions;

namespace LutBridge.Server.Tests.Rpc;

/// <summary>
/// Mutated requests for every declared method: the parser either yields a request whose
/// arguments match the method's declaration or throws RpcException with a protocol code —
/// never anything else. LUTBRIDGE_FUZZ_ITERATIONS sets the count (CI: a short smoke).
/// </summary>
public class RequestParserFuzzTests(ITestOutputHelper output)
{
    private static readonly MessagePackValue[] Samples =
    [
        MessagePackValue.Nil, true, 0, -1, 1L << 40, ulong.MaxValue, 1.5, 2.5f, "", "a.cube", "/tmp/x.png",
        MessagePackValue.FromBinary([1, 2, 3]), MessagePackValue.FromArray(1, "x"), MessagePackValue.FromMap(("size", 17)),
        MessagePackValue.FromMap(("strength", 0.5), ("interpolation", "trilinear")), MessagePackValue.FromExtension(3, [9]),
        MessagePackValue.FromTimestamp(new MessagePackTimestamp(5, 0)),
    ];

    [Fact]
    public void MutatedRequestsYieldCheckedRequestsOrProtocolErrors()
    {
        var iterations = int.TryParse(Environment.GetEnvironmentVariable("LUTBRIDGE_FUZZ_ITERATIONS"), out var n) && n > 0 ? n : 20_000;
        var random = new Random(77);
        var codes = new Dictionary<RpcErrorCode, int>();
        var parsed = 0;
        for (var i = 0; i < iterations; i++)
        {
            var method = MethodTable.All[random.Next(MethodTable.All.Count)];
            var args = Enumerable.Range(0, random.Next(method.Params.Count + 2)).Select(_ => Samples[random.Next(Samples.Length)]).ToList();
            var bytes = MessagePackValue.FromArray(0, (long)random.Next(), method.Name, MessagePackValue.FromArray(args)).Encode();
            if (random.Next(2) == 0) bytes = Mutate(random, bytes);
            try
            {
                var request = RequestParser.Parse(bytes, _ => true);
                parsed++;
                Assert.InRange(request.Args.Count, request.Method.RequiredCount, request.Method.Params.Count);
            }
            catch (RpcException e)
            {
                Assert.True(e.Code is > 0 and < RpcErrorCode.ClientConnect, $"host-side code expected, got {e.Code}");
                Assert.False(string.IsNullOrWhiteSpace(e.Message));
                codes[e.Code] = codes.GetValueOrDefault(e.Code) + 1;
            }
        }
        output.WriteLine($"{iterations} requests: {parsed} parsed; " + string.Join(", ", codes.OrderBy(c => c.Key).Select(c => $"{RpcErrorCodes.NameOf(c.Key)} {c.Value}")));
        Assert.True(parsed > 0);
        foreach (var code in new[] { RpcErrorCode.Parse, RpcErrorCode.InvalidRequest, RpcErrorCode.MethodNotFound, RpcErrorCode.InvalidParams, RpcErrorCode.WrongType })
            Assert.True(codes.ContainsKey(code), $"no input reached {code}");
    }

    private static byte[] Mutate(Random random, byte[] bytes)
    {
        var data = bytes.ToArray();
        for (var k = 1 + random.Next(3); k > 0; k--)
        {
            var at = random.Next(data.Length);
            data[at] = random.Next(3) switch
            {
                0 => (byte)(data[at] ^ (1 << random.Next(8))),
                1 => (byte)random.Next(256),
                _ => (byte)(data[at] + 1),
            };
        }
        return random.Next(5) == 0 ? data[..random.Next(1, data.Length + 1)] : data;
    }
}
