using LutBridge.Core.Color;
using LutBridge.Core.Imaging;
using LutBridge.Engines.Distil;
using LutBridge.Interop.MessagePack;
using LutBridge.Interop.Protocol;
using LutBridge.Looks;
using LutBridge.Server.Tests.Support;
using LutBridge.Testing;

namespace LutBridge.Server.Tests.Rpc;

/// <summary>
/// look.distil_edit over the socket of a real `lutbridge serve` (the CLI passes the editors in):
/// a RawTherapee profile in, a Look out that matches rawtherapee-cli's own render of a photo.
/// </summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public class DistilEditRpcTests
{
    [Fact]
    public void AServedHostDistilsARawTherapeeProfileWithProgress()
    {
        var rt = TestEnvironment.RequireTool("rawtherapee-cli");
        var dir = TestEnvironment.NewTempDir("rpc-edit");
        File.SetUnixFileMode(dir, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute); // the host listens only in a private folder
        var pp3 = Path.Combine(dir, "muted.pp3");
        File.WriteAllText(pp3, "[Version]\nVersion=349\n\n[Exposure]\nSaturation=-45\nCompensation=0.2\n");
        var photo = TestEnvironment.SharedFile("photos", "kodak_kodim04.png");
        using var host = new SpawnedHost(Path.Combine(dir, "h.sock"), testMethods: false);
        host.WaitListening();
        using var client = new RpcTestClient(host.SocketPath) { ReceiveTimeoutMs = 240_000 };
        var progress = new List<(double Fraction, string Stage)>();
        var id = client.Send("look.distil_edit", pp3, MessagePackValue.FromMap(("check_photo", photo), ("sliders_only", true), ("title", "muted")));
        var result = client.WaitFor(id, progress).Value;
        var look = LookCodec.Decode(result["look"].AsBinary().Span, "rpc result");
        Assert.Equal("muted", look.Title);
        var edit = result["report"]["edit"];
        Assert.Equal("rawtherapee", edit["editor"].AsString());
        Assert.Equal(photo, edit["check_photo"].AsString());

        // Independent: rawtherapee-cli's own render of the photo with the profile.
        var rendered = Path.Combine(dir, "kodim04.png");
        var (code, _, err) = TestEnvironment.Run(rt, ["-o", rendered, "-Y", "-a", "-q", "-p", pp3, "-n", "-b16", "-c", photo],
            env: new Dictionary<string, string> { ["RT_SETTINGS"] = Path.Combine(dir, "rts"), ["RT_CACHE"] = Path.Combine(dir, "rtc") });
        Assert.True(code == 0 && File.Exists(rendered), err);
        var mapped = LookBaker.Evaluate(look, Pixels.ToFloats(ImageFile.Read(photo))).Select(v => Math.Clamp(v, 0f, 1f)).ToArray();
        var target = Pixels.ToFloats(ImageFile.Read(rendered));
        Assert.True(DeltaE.Ciede2000SrgbStats(Pixels.ToFloats(ImageFile.Read(photo)), target).Mean > 3, "the profile's edit is visible");
        var de = DeltaE.Ciede2000SrgbStats(mapped, target).Mean;
        Assert.True(de < 1.2, $"sliders-only Look vs rawtherapee-cli: mean ΔE00 {de:0.000}");
        Assert.True(progress.Count >= 3, $"progress notifications: {progress.Count}");
        Assert.Equal(progress.Select(p => p.Fraction).Order(), progress.Select(p => p.Fraction));

        // A bad edit is bad_input naming the file.
        var bad = Path.Combine(dir, "bad.pp3");
        File.WriteAllText(bad, "[Exposure]\nSaturation=10\n");
        var r = client.Call("look.distil_edit", bad);
        Assert.Equal((long)RpcErrorCode.BadInput, r.ErrorCode);
        Assert.Contains(bad, r.ErrorMessage);
    }

    [Fact]
    public async Task AHostWithoutTheEditorsSaysSo()
    {
        await using var host = new TestHost();
        using var client = host.Connect();
        var r = client.Call("look.distil_edit", "/tmp/x.pp3");
        Assert.Equal((long)RpcErrorCode.NotImplemented, r.ErrorCode);
        Assert.Contains("without the editors", r.ErrorMessage);
    }
}
