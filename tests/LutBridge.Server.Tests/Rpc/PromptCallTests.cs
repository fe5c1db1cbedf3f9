using LutBridge.Looks;
using LutBridge.Interop.MessagePack;
using LutBridge.Interop.Protocol;
using LutBridge.Server.Tests.Support;

namespace LutBridge.Server.Tests.Rpc;

/// <summary>look.prompt over the socket: words → Look bytes and a report.</summary>
public class PromptCallTests
{
    [Fact]
    public async Task LookPromptReturnsTheLookAndWhatEachPhraseSet()
    {
        await using var host = new TestHost();
        using var client = host.Connect();
        var r = client.Call("look.prompt", "warmer, teal shadows").Value;
        Assert.Null(ResultShape.Mismatch(MethodTable.Find("look.prompt")!.Result, r)); // the shape protocol.h declares
        var bytes = r["look"].AsBinary().ToArray();
        Assert.Equal(bytes.Length, r["bytes"].AsInt64());
        var look = LookCodec.Decode(bytes, "reply");
        Assert.True(look["temperature"] > 0 && look["split_shadow_amount"] > 0);
        var report = r["report"];
        Assert.Equal(2, report["phrases"].AsArray().Count);
        Assert.Equal(look["temperature"], report["sliders"]["temperature"].AsDouble(), 6);
        Assert.True(report["seconds"].AsDouble() >= 0);
    }

    [Fact]
    public async Task LookPromptRefusesWordsItCannotReadAndUnknownOptions()
    {
        await using var host = new TestHost();
        using var client = host.Connect();
        var bad = client.Call("look.prompt", "zzgrk");
        Assert.Equal(11, bad.ErrorCode); // bad_input
        Assert.Contains("zzgrk", bad.ErrorMessage);
        var option = client.Call("look.prompt", "warmer", MessagePackValue.FromMap(("size", 3)));
        Assert.Equal(4, option.ErrorCode); // invalid_params
    }
}
