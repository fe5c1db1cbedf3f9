using LutBridge.Core.Imaging;
using LutBridge.Looks;
using LutBridge.Interop.MessagePack;
using LutBridge.Interop.Protocol;
using LutBridge.Server.Tests.Support;
using LutBridge.Testing;

namespace LutBridge.Server.Tests.Rpc;

/// <summary>look.match over the socket, against protocol.h's shapes.</summary>
public class MatchCallTests
{
    [Fact]
    public async Task AGreyReferenceComesBackAsABlackAndWhiteLookAtTheAskedAmount()
    {
        // The reference: a photo turned grey here (Rec. 709 luma in all channels).
        var dir = TestEnvironment.NewTempDir("match-rpc");
        var photo = ImageFile.Read(TestEnvironment.SharedFile("photos", "kodak_kodim23.png"));
        var grey = new RgbImage(photo.Width, photo.Height, SampleType.UInt8);
        for (int i = 0; i < photo.Data.Length; i += 3)
            grey.Data[i] = grey.Data[i + 1] = grey.Data[i + 2] = (byte)Math.Round(0.2126 * photo.Data[i] + 0.7152 * photo.Data[i + 1] + 0.0722 * photo.Data[i + 2]);
        var reference = Path.Combine(dir, "grey.png");
        ImageFile.Write(reference, grey);

        await using var host = new TestHost();
        using var client = host.Connect();
        client.ReceiveTimeoutMs = 120_000; // look.match is a call (no progress) and CI machines are shared
        var result = client.Call("look.match", MessagePackValue.FromArray(MessagePackValue.From(reference)),
            MessagePackValue.FromMap(("input", TestEnvironment.RepoFile("samples", "photos", "skimage_coffee.png")), ("amount", 0.5))).Value;
        var bytes = result["look"].AsBinary();
        Assert.Equal(bytes.Length, result["bytes"].AsInt64());
        var look = LookCodec.Decode(bytes.Span, "look.match result");
        Assert.Equal(-1, look["saturation"]);
        Assert.Equal(0.5, look["strength"], 3);
        Assert.True(result["report"]["adapted_to_input"].AsBoolean());
        Assert.Contains(result["report"]["moved"].AsArray(), m => m["name"].AsString() == "saturation");
    }

    [Fact]
    public async Task RefsMustBePaths()
    {
        await using var host = new TestHost();
        using var client = host.Connect();
        client.ReceiveTimeoutMs = 120_000; // look.match is a call (no progress) and CI machines are shared
        var response = client.WaitFor(client.Send("look.match", MessagePackValue.FromArray(MessagePackValue.From(3L))));
        Assert.Equal((long)RpcErrorCode.WrongType, response.ErrorCode);
        Assert.Contains("refs[0]", response.ErrorMessage);
        var empty = client.WaitFor(client.Send("look.match", MessagePackValue.FromArray()));
        Assert.Equal((long)RpcErrorCode.InvalidParams, empty.ErrorCode);
    }
}
