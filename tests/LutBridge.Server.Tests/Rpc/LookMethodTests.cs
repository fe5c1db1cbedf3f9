using LutBridge.Core.Color;
using LutBridge.Core.Luts;
using LutBridge.Looks;
using LutBridge.Interop.MessagePack;
using LutBridge.Interop.Protocol;
using LutBridge.Server.Tests.Support;
using LutBridge.Testing;
using LutBridge.Core.LutFiles;

namespace LutBridge.Server.Tests.Rpc;

/// <summary>
/// look.decompose and look.describe over a real socket: results have the shapes protocol.h
/// declares (MethodTable is held to protocol.h by ProtocolHeaderTests), progress notifications
/// rise through the residual search and end at 1, and a cancel mid-search answers cancelled.
/// </summary>
public class LookMethodTests
{
    private static string FilmLut => TestEnvironment.SharedFile("luts", "creative", "colorslide__kodak_kodachrome_64.cube");

    private static string Shape(string method) => MethodTable.Find(method)!.Result;

    [Fact]
    public async Task DecomposeReportsRisingProgressAndAnswersTheDeclaredShape()
    {
        await using var host = new TestHost();
        using var client = host.Connect();
        var progress = new List<(double Fraction, string Stage)>();
        var id = client.Send("look.decompose", FilmLut);
        var result = client.WaitFor(id, progress).Value;

        Assert.Null(ResultShape.Mismatch(Shape("look.decompose"), result));
        var bytes = result["look"].AsBinary().ToArray();
        Assert.Equal(bytes.Length, result["bytes"].AsInt64());

        // Progress: non-decreasing, from the start to exactly 1, with stops inside the residual search.
        var fractions = progress.Select(p => p.Fraction).ToList();
        Assert.Equal(fractions.Order(), fractions);
        Assert.InRange(fractions[0], 0, 0.1);
        Assert.Equal(1.0, fractions[^1]);
        Assert.Contains(progress, p => p.Stage.StartsWith("fitting the residual: ") && p.Fraction is > 0.05 and < 1);

        // The Look answered is the LUT within the targets (baked here and compared with the LUT's own nodes).
        var lut = LutFile.Read(FilmLut).Lattice!;
        var look = LookCodec.Decode(bytes, "look.decompose result");
        var baked = LookBaker.Bake(look, lut.Size);
        var stats = DeltaE.Ciede2000SrgbStats(lut.Data.Select(v => Math.Clamp(v, 0f, 1f)).ToArray(), baked.Data);
        Assert.InRange(stats.Mean, 0, 0.45);
        Assert.InRange(stats.Max, 0, 2.5);
        Assert.InRange(result["mean_de2000"].AsDouble(), 0, 0.45);

        // look.describe of that Look: the declared shape, one entry per moved slider and one for the residual.
        var described = client.Call("look.describe", MessagePackValue.FromBinary(bytes)).Value;
        Assert.Null(ResultShape.Mismatch(Shape("look.describe"), described));
        Assert.False(string.IsNullOrWhiteSpace(described["text"].AsString()));
        var operations = described["operations"].AsArray();
        Assert.NotEmpty(operations);
        Assert.Equal(look.Changed().Count() + 1, operations.Count); // the moved sliders, then the residual
        var residual = operations[^1];
        Assert.Equal("residual", residual["name"].AsString());
        Assert.Equal(look.Residual!.Size, residual["value"].AsDouble());
        foreach (var op in operations)
        {
            Assert.Null(ResultShape.Mismatch("{name:str, group:str, value:float, unit:str, text:str}", op));
            if (op == residual) continue;
            var p = LookParameters.Find(op["name"].AsString());
            Assert.NotNull(p);
            Assert.Equal(p!.Group, op["group"].AsString());
            Assert.Equal(look[p.Index], op["value"].AsDouble(), 9);
        }
    }

    [Fact]
    public async Task DescribeRefusesBytesThatAreNotALook()
    {
        await using var host = new TestHost();
        using var client = host.Connect();
        var r = client.Call("look.describe", MessagePackValue.FromBinary([0x93, 1, 2, 3]));
        Assert.False(r.Ok);
        Assert.Contains("not a valid .look", r.ErrorMessage);
    }

    [Fact]
    public async Task CancelAfterAFifthOfTheSearchAnswersCancelled()
    {
        await using var host = new TestHost();
        using var client = host.Connect();
        var job = client.Send("look.decompose", FilmLut);
        uint? cancel = null;
        Response? jobResponse = null, cancelResponse = null;
        double last = 0;
        while (jobResponse == null || (cancel != null && cancelResponse == null))
        {
            var m = client.Next() ?? throw new IOException("the host closed the connection");
            if (m[0].AsInt64() == 2)
            {
                Assert.Null(ResultShape.Mismatch(MethodTable.ProgressShape, m[2]));
                last = m[2]["fraction"].AsDouble();
                if (last > 0.2 && cancel == null) cancel = client.Send("job.cancel", (long)job);
                continue;
            }
            var r = new Response(m[2], m[3]);
            if (m[1].AsInt64() == job) jobResponse = r;
            else if (cancel != null && m[1].AsInt64() == cancel) cancelResponse = r;
        }
        Assert.NotNull(cancel);
        Assert.True(cancelResponse!.Value.AsBoolean());
        Assert.Equal((long)RpcErrorCode.Cancelled, jobResponse.ErrorCode);
        Assert.True(jobResponse.Result.IsNil); // no Look
        Assert.True(last < 1, "the fit finished before the cancel reached it");
    }

    [Fact]
    public async Task BakeWritesTheLookAsALutAndACubeThatReopensAsTheLook()
    {
        await using var host = new TestHost();
        using var client = host.Connect();
        var dir = TestEnvironment.NewTempDir("rpc-bake");
        try
        {
            // +1 EV scales OKLab L by 2^(1/3), so a grey's linear luminance doubles (docs/look.md).
            var look = Look.Neutral.With("exposure", 1).WithTitle("one stop");
            var bytes = MessagePackValue.FromBinary(LookCodec.Encode(look));
            var cube = Path.Combine(dir, "stop.cube");
            var result = client.Call("look.bake", bytes, cube, MessagePackValue.FromMap(("size", 17))).Value;
            Assert.Null(ResultShape.Mismatch(Shape("look.bake"), result));
            Assert.Equal(("cube", 17L), (result["format"].AsString(), result["size"].AsInt64()));

            var lut = LutFile.Read(cube).Lattice!;
            int mid = (8 * 17 * 17 + 8 * 17 + 8) * 3; // the node (0.5, 0.5, 0.5)
            double expected = SrgbEncode(2 * SrgbDecode(0.5));
            for (int c = 0; c < 3; c++) Assert.Equal(expected, lut.Data[mid + c], 3);
            Assert.Equal(LookCodec.Encode(look), LookCodec.Encode(LookFile.Read(cube)));

            // Other formats carry only the colours.
            var threeDl = Path.Combine(dir, "stop.3dl");
            client.Call("look.bake", bytes, threeDl);
            Assert.DoesNotContain("LUTBRIDGE-LOOK", File.ReadAllText(threeDl));
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    private static double SrgbDecode(double v) => v <= 0.04045 ? v / 12.92 : Math.Pow((v + 0.055) / 1.055, 2.4);

    private static double SrgbEncode(double v) => v <= 0.0031308 ? 12.92 * v : 1.055 * Math.Pow(v, 1 / 2.4) - 0.055;
}
