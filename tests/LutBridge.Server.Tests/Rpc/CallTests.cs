using System.Buffers.Binary;
using System.Globalization;
using LutBridge.Core.Imaging;
using LutBridge.Interop.MessagePack;
using LutBridge.Interop.Protocol;
using LutBridge.Server.Tests.Support;
using LutBridge.Testing;

namespace LutBridge.Server.Tests.Rpc;

/// <summary>Real calls over the Unix socket of an in-process host.</summary>
public class CallTests
{
    [Fact]
    public async Task PingAnswersPong()
    {
        await using var host = new TestHost();
        using var client = host.Connect();
        Assert.Equal("pong", client.Call("ping").Value.AsString());
    }

    [Fact]
    public async Task VersionNamesProtocolLevelPidAndServedMethods()
    {
        await using var host = new TestHost(testMethods: false);
        using var client = host.Connect();
        var v = client.Call("version").Value;
        Assert.Equal("lutbridge-rpc", v["protocol"].AsString());
        Assert.Equal(ProtocolLimits.ApiLevel, v["api_level"].AsInt64());
        Assert.Equal(Environment.ProcessId, v["pid"].AsInt64());
        var methods = v["methods"].AsArray().Select(m => m.AsString()).ToList();
        Assert.Contains("lut.apply", methods);
        Assert.Contains("job.cancel", methods);
        Assert.DoesNotContain("test.wait", methods); // only with --test-methods
    }

    [Fact]
    public async Task LutInfoDescribesTheCubeFileAsItsHeaderSays()
    {
        var path = TestEnvironment.RepoFile("samples", "luts", "Colour_Correct.cube");
        var lines = File.ReadAllLines(path);
        var size = int.Parse(lines.First(l => l.StartsWith("LUT_3D_SIZE")).Split(' ')[1], CultureInfo.InvariantCulture);
        var title = lines.First(l => l.StartsWith("TITLE")).Split('"')[1];
        await using var host = new TestHost();
        using var client = host.Connect();
        var info = client.Call("lut.info", path).Value;
        Assert.Equal(size, info["size"].AsInt64());
        Assert.Equal(title, info["title"].AsString());
        Assert.Equal("cube", info["format"].AsString());
        Assert.Equal([0.0, 0.0, 0.0], info["domain_min"].AsArray().Select(x => x.AsDouble()));
        Assert.Equal([1.0, 1.0, 1.0], info["domain_max"].AsArray().Select(x => x.AsDouble()));
    }

    [Fact]
    public async Task LutApplyWithAnIdentityCubeReportsProgressAndKeepsEveryPixel()
    {
        var dir = TestEnvironment.NewTempDir("rpc-apply");
        var lut = Path.Combine(dir, "identity.cube");
        // A size-2 identity lattice, red fastest: the corners of the unit cube.
        File.WriteAllText(lut, "LUT_3D_SIZE 2\n0 0 0\n1 0 0\n0 1 0\n1 1 0\n0 0 1\n1 0 1\n0 1 1\n1 1 1\n");
        var input = TestEnvironment.RepoFile("samples", "photos", "skimage_chelsea.png");
        var output = Path.Combine(dir, "out.png");
        await using var host = new TestHost();
        using var client = host.Connect();
        var progress = new List<(double Fraction, string Stage)>();
        var id = client.Send("lut.apply", lut, input, output, MessagePackValue.FromMap(("interpolation", "trilinear")));
        var result = client.WaitFor(id, progress).Value;

        var ihdr = File.ReadAllBytes(output).AsSpan(16, 8); // PNG signature (8) + length + "IHDR"
        Assert.Equal(BinaryPrimitives.ReadInt32BigEndian(ihdr), result["width"].AsInt64());
        Assert.Equal(BinaryPrimitives.ReadInt32BigEndian(ihdr[4..]), result["height"].AsInt64());
        Assert.Equal(451, result["width"].AsInt64()); // `file` says 451 x 300
        Assert.Equal(output, result["output"].AsString());

        Assert.True(progress.Count >= 2, $"expected progress notifications, got {progress.Count}");
        Assert.Equal(0.0, progress[0].Fraction);
        Assert.Equal(1.0, progress[^1].Fraction);
        Assert.Equal(progress.Select(p => p.Fraction).Order(), progress.Select(p => p.Fraction));

        var before = ImageFile.Read(input);
        var after = ImageFile.Read(output);
        Assert.Equal(before.Width, after.Width);
        Assert.Equal(before.Type, after.Type);
        Assert.True(before.Data.AsSpan().SequenceEqual(after.Data), "an identity LUT changed pixels");
    }

    [Fact]
    public async Task ALookGoesWhereverALutGoes()
    {
        var dir = TestEnvironment.NewTempDir("rpc-look-as-lut");
        var lookPath = Path.Combine(dir, "warm.look");
        var look = LutBridge.Looks.Look.Neutral.With("temperature", 0.4).With("contrast", 0.3).WithTitle("warm test");
        LutBridge.Looks.LookFile.Write(lookPath, look);
        var input = TestEnvironment.RepoFile("samples", "photos", "skimage_chelsea.png");
        var output = Path.Combine(dir, "graded.png");
        await using var host = new TestHost();
        using var client = host.Connect();

        var info = client.Call("lut.info", lookPath).Value;
        Assert.Equal("look", info["format"].AsString());
        Assert.Equal("warm test", info["title"].AsString());
        Assert.Equal(65, info["size"].AsInt64());

        Assert.Equal(output, client.WaitFor(client.Send("lut.apply", lookPath, input, output)).Value["output"].AsString());
        // Against the Look evaluated directly, pixel by pixel (no lattice): the bake is that close.
        var source = ImageFile.Read(input);
        var floats = ImageConvert.ToType(source, SampleType.Float32).Samples<float>().ToArray();
        var direct = LutBridge.Looks.LookBaker.Evaluate(look, floats);
        var got = ImageConvert.ToType(ImageFile.Read(output), SampleType.Float32).Samples<float>();
        double worst = 0;
        for (int i = 0; i < direct.Length; i++) worst = Math.Max(worst, Math.Abs(Math.Clamp(direct[i], 0f, 1f) - got[i]));
        Assert.True(worst <= 2.5 / 255, $"largest difference {worst * 255:0.00}/255");
        Assert.False(source.Data.AsSpan().SequenceEqual(ImageFile.Read(output).Data));

        var cube = Path.Combine(dir, "warm.cube");
        Assert.Equal(65, client.WaitFor(client.Send("lut.convert", lookPath, cube)).Value["size"].AsInt64());
        Assert.Contains("LUT_3D_SIZE 65", File.ReadAllText(cube));
    }

    [Fact]
    public async Task CancelStopsARunningJobWhichAnswersCancelled()
    {
        await using var host = new TestHost();
        using var client = host.Connect();
        var job = client.Send("test.wait", 30000);
        var first = client.Next()!; // the first progress arrives once the job runs
        Assert.Equal(2, first[0].AsInt64());
        var cancel = client.Send("job.cancel", (long)job);
        Response? jobResponse = null, cancelResponse = null;
        double lastFraction = first[2]["fraction"].AsDouble();
        while (jobResponse == null || cancelResponse == null)
        {
            var m = client.Next()!;
            if (m[0].AsInt64() == 2) lastFraction = m[2]["fraction"].AsDouble();
            if (m[0].AsInt64() != 1) continue;
            var r = new Response(m[2], m[3]);
            if (m[1].AsInt64() == job) jobResponse = r;
            else if (m[1].AsInt64() == cancel) cancelResponse = r;
        }
        Assert.True(cancelResponse.Value.AsBoolean());
        Assert.Equal((long)RpcErrorCode.Cancelled, jobResponse.ErrorCode);
        // Stopped by the cancel, not run out: the job's own progress (waited / 30 s) says how far it got.
        Assert.True(lastFraction < 1.0 / 3, $"the job ran to {lastFraction:P0} of its 30 s before the cancel stopped it");
        Assert.False(client.Call("job.cancel", (long)job).Value.AsBoolean()); // no longer running
        Assert.Equal("pong", client.Call("ping").Value.AsString());
    }

    [Fact]
    public async Task CancelOfAQueuedJobAnswersBeforeItEverRuns()
    {
        await using var host = new TestHost();
        using var client = host.Connect();
        // LB_MAX_CONCURRENT_JOBS workers are taken; the next job waits in the queue.
        var running = Enumerable.Range(0, ProtocolLimits.MaxConcurrentJobs).Select(_ => client.Send("test.wait", 20000)).ToList();
        var queued = client.Send("test.wait", 20000);
        var cancel = client.Send("job.cancel", (long)queued);
        Response? queuedResponse = null, cancelResponse = null;
        var progressOfQueued = 0;
        while (queuedResponse == null || cancelResponse == null)
        {
            var m = client.Next()!;
            if (m[0].AsInt64() == 2) { if (m[2]["job"].AsInt64() == queued) progressOfQueued++; continue; }
            if (m[1].AsInt64() == queued) queuedResponse = new Response(m[2], m[3]);
            if (m[1].AsInt64() == cancel) cancelResponse = new Response(m[2], m[3]);
        }
        Assert.True(cancelResponse.Value.AsBoolean());
        Assert.Equal((long)RpcErrorCode.Cancelled, queuedResponse.ErrorCode);
        Assert.Contains("before it started", queuedResponse.ErrorMessage);
        Assert.Equal(0, progressOfQueued);
        foreach (var id in running) Assert.True(client.Call("job.cancel", (long)id).Value.AsBoolean());
    }

    [Fact]
    public async Task ShortJobFinishesWithItsResultAndFinalProgress()
    {
        await using var host = new TestHost();
        using var client = host.Connect();
        var progress = new List<(double Fraction, string Stage)>();
        var r = client.WaitFor(client.Send("test.wait", 100), progress).Value;
        Assert.InRange(r["waited_ms"].AsInt64(), 90, 5000);
        Assert.Equal((1.0, "waiting"), progress[^1]);
    }

    [Fact]
    public async Task ManyConcurrentClientsGetTheirOwnAnswers()
    {
        await using var host = new TestHost();
        const int Clients = 32, Calls = 200;
        var tasks = Enumerable.Range(0, Clients).Select(c => Task.Run(() =>
        {
            using var client = host.Connect();
            // Pipelined: all requests first, then every answer, matched by msgid.
            var ids = Enumerable.Range(0, Calls).Select(i => i % 10 == 0 ? client.Send("version") : client.Send("ping")).ToList();
            var seen = new HashSet<long>();
            for (var i = 0; i < Calls; i++)
            {
                var m = client.Next() ?? throw new IOException("closed");
                Assert.Equal(1, m[0].AsInt64());
                Assert.True(m[2].IsNil);
                var id = m[1].AsInt64();
                Assert.True(seen.Add(id));
                Assert.Equal(ids.IndexOf((uint)id) % 10 == 0 ? MessagePackValueKind.Map : MessagePackValueKind.String, m[3].Kind);
            }
            return seen.Count;
        })).ToList();
        var counts = await Task.WhenAll(tasks).WaitAsync(TimeSpan.FromSeconds(60));
        Assert.All(counts, n => Assert.Equal(Calls, n));
    }
}
