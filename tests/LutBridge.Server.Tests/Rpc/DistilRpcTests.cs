using LutBridge.Core.Imaging;
using LutBridge.Engines.Distil;
using LutBridge.Looks;
using LutBridge.Interop.MessagePack;
using LutBridge.Interop.Protocol;
using LutBridge.Server.Tests.Support;
using LutBridge.Testing;

namespace LutBridge.Server.Tests.Rpc;

/// <summary>look.distil over the socket: a real pair in, a Look and its report out, progress and cancel.</summary>
public class DistilRpcTests
{
    private static readonly Look Known = Look.Neutral.With("temperature", 0.3).With("saturation", 0.25).With("curve3", 0.04);

    private static (string Before, string After) Pair(string dir)
    {
        var before = TestEnvironment.RepoFile("samples", "photos", "skimage_chelsea.png");
        var image = ImageFile.Read(before);
        var graded = LookBaker.Evaluate(Known, Pixels.ToFloats(image));
        var after = Path.Combine(dir, "after.png");
        ImageFile.Write(after, Pixels.ToImage(graded.Select(v => Math.Clamp(v, 0f, 1f)).ToArray(), image.Width, image.Height));
        return (before, after);
    }

    [Fact]
    public async Task DistilReturnsALookThatReproducesThePairWithProgress()
    {
        var (before, after) = Pair(TestEnvironment.NewTempDir("rpc-distil"));
        await using var host = new TestHost();
        using var client = host.Connect();
        client.ReceiveTimeoutMs = 180_000; // the slider fit sends no progress, and CI machines are shared
        var progress = new List<(double Fraction, string Stage)>();
        var id = client.Send("look.distil", before, after, MessagePackValue.FromMap(("align", "none"), ("title", "warm")));
        var result = client.WaitFor(id, progress).Value;
        var bytes = result["look"].AsBinary();
        Assert.Equal(bytes.Length, result["bytes"].AsInt64());
        var look = LookCodec.Decode(bytes.Span, "rpc result");
        Assert.Equal("warm", look.Title);
        var report = result["report"];
        Assert.Equal("none", report["alignment"]["kind"].AsString());
        Assert.True(report["psnr_db"].AsDouble() > 40, $"PSNR {report["psnr_db"].AsDouble()}");
        Assert.True(report["dense_psnr_db"].AsDouble() > 40);
        // The Look reproduces the known grade on the pair's own colours.
        var colours = Pixels.ToFloats(ImageFile.Read(before));
        var de = PairScore.Of(LookBaker.Evaluate(look, colours), LookBaker.Evaluate(Known, colours).Select(v => Math.Clamp(v, 0f, 1f)).ToArray()).De2000Mean;
        Assert.True(de < 1, $"mean ΔE00 {de}");
        Assert.True(progress.Count >= 3, $"expected progress notifications, got {progress.Count}");
        Assert.Equal(1.0, progress[^1].Fraction);
        Assert.Equal(progress.Select(p => p.Fraction).Order(), progress.Select(p => p.Fraction));
    }

    [Fact]
    public async Task CancelStopsADistilWhichAnswersCancelled()
    {
        var (before, after) = Pair(TestEnvironment.NewTempDir("rpc-distil-cancel"));
        await using var host = new TestHost();
        using var client = host.Connect();
        client.ReceiveTimeoutMs = 180_000;
        var job = client.Send("look.distil", before, after, MessagePackValue.FromMap(("align", "none")));
        // Wait until the fit itself runs (past reading the images), then cancel.
        while (true)
        {
            var m = client.Next()!;
            if (m[0].AsInt64() == 2 && m[2]["fraction"].AsDouble() >= 0.5) break;
            if (m[0].AsInt64() == 1) Assert.Fail("the distil finished before it could be cancelled");
        }
        var cancel = client.Send("job.cancel", (long)job);
        Response? jobResponse = null, cancelResponse = null;
        double last = 0;
        while (jobResponse == null || cancelResponse == null)
        {
            var m = client.Next()!;
            if (m[0].AsInt64() == 2 && m[2]["job"].AsInt64() == job) last = m[2]["fraction"].AsDouble();
            if (m[0].AsInt64() != 1) continue;
            var r = new Response(m[2], m[3]);
            if (m[1].AsInt64() == job) jobResponse = r;
            else if (m[1].AsInt64() == cancel) cancelResponse = r;
        }
        Assert.True(cancelResponse.Value.AsBoolean());
        Assert.Equal((long)RpcErrorCode.Cancelled, jobResponse.ErrorCode);
        Assert.True(jobResponse.Result.IsNil); // no Look
        // The cancel reached the running fit (its progress never got to the end), whatever the machine's speed.
        Assert.True(last < 1, $"the distil finished (progress {last}) before the cancel reached it");
    }

    [Fact]
    public async Task AMissingImageIsAnErrorNamingIt()
    {
        await using var host = new TestHost();
        using var client = host.Connect();
        var r = client.Call("look.distil", "/nonexistent/before.png", TestEnvironment.RepoFile("samples", "photos", "skimage_chelsea.png"));
        Assert.False(r.Ok);
        Assert.Contains("/nonexistent/before.png", r.ErrorMessage);
    }
}
