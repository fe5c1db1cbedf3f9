using LutBridge.Interop.MessagePack;
using LutBridge.Interop.Protocol;
using LutBridge.Looks;
using LutBridge.Server.Tests.Support;
using LutBridge.Testing;

namespace LutBridge.Server.Tests.Rpc;

/// <summary>
/// Options read over RPC against the engines' ranges (the CLI's flags read the same ones:
/// Cli.Tests' OptionRangeTests): the error names the option's key and its range, never a CLI flag.
/// </summary>
public class OptionRangeCallTests
{
    [Fact]
    public async Task AnOptionOutsideItsRangeIsRefusedByItsKey()
    {
        await using var host = new TestHost();
        using var client = host.Connect();
        var dir = TestEnvironment.NewTempDir("rpc-ranges");
        var look = MessagePackValue.FromBinary(LookCodec.Encode(Look.Neutral));
        var cube = Path.Combine(dir, "x.cube");

        var size = client.Call("look.bake", look, cube, MessagePackValue.FromMap(("size", 1)));
        Assert.Equal((long)RpcErrorCode.WrongType, size.ErrorCode);
        Assert.Equal("look.bake: option size must be an integer in 2..256, got 1", size.ErrorMessage);
        Assert.False(File.Exists(cube));

        var amount = client.Call("look.match", MessagePackValue.FromArray(TestEnvironment.SharedFile("photos", "kodak_kodim23.png")),
            MessagePackValue.FromMap(("amount", 1.5)));
        Assert.Equal((long)RpcErrorCode.WrongType, amount.ErrorCode);
        Assert.Equal("look.match: option amount must be a number in 0..1, got 1.5", amount.ErrorMessage);
        Assert.DoesNotContain("--", amount.ErrorMessage);
    }
}
