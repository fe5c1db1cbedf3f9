using System.Diagnostics;
using LutBridge.Interop.MessagePack;
using LutBridge.Interop.Protocol;

// The host's MessagePack work per message, without sockets: frame + decode a request, and
// encode a response, for a ping, a look.bake carrying a 1.2 KB Look and a 64 KB binary.
// Prints ns per message (median of 7 rounds of ~200 ms), so codecs can be compared.
var look = new byte[1200];
new Random(1).NextBytes(look);
var big = new byte[65536];
new Random(2).NextBytes(big);
var cases = new (string Name, MessagePackValue Request, MessagePackValue Response)[]
{
    ("ping", Request("ping"), "pong"),
    ("look.bake 1.2 KB", Request("look.bake", MessagePackValue.FromBinary(look), "/tmp/out/film.cube", MessagePackValue.FromMap(("size", 33))),
        MessagePackValue.FromMap(("output", "/tmp/out/film.cube"), ("format", "cube"), ("size", 33))),
    ("bin 64 KB", Request("look.describe", MessagePackValue.FromBinary(big)),
        MessagePackValue.FromMap(("text", new string('x', 400)), ("operations", MessagePackValue.FromArray(Enumerable.Range(0, 20).Select(i => (MessagePackValue)("op " + i)))))),
};
foreach (var (name, request, response) in cases)
{
    var bytes = request.Encode();
    double read = Time(() =>
    {
        if (!MessageFraming.TryGetMessageLength(bytes, ProtocolLimits.Reader, out int length)) throw new InvalidOperationException();
        MessagePackValue.Decode(bytes.AsMemory(0, length), ProtocolLimits.Reader);
    });
    double write = Time(() => response.Encode());
    Console.WriteLine($"{name,-18} {bytes.Length,7} B request: frame+decode {read,9:F0} ns, encode response {write,7:F0} ns");
}
return 0;

static MessagePackValue Request(string method, params MessagePackValue[] args) =>
    MessagePackValue.FromArray(0, 7, method, MessagePackValue.FromArray(args));

static double Time(Action action)
{
    int reps = 1;
    for (var sw = Stopwatch.StartNew(); sw.ElapsedMilliseconds < 200; reps *= 2)
        for (int i = 0; i < reps; i++) action();
    var rounds = new List<double>();
    for (int round = 0; round < 7; round++)
    {
        var sw = Stopwatch.StartNew();
        for (int i = 0; i < reps; i++) action();
        rounds.Add(sw.Elapsed.TotalNanoseconds / reps);
    }
    rounds.Sort();
    return rounds[3];
}
