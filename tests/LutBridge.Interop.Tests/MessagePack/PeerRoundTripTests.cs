using MessagePack;
using System.Diagnostics;
using LutBridge.Interop.MessagePack;
using LutBridge.Testing;

namespace LutBridge.Interop.Tests.MessagePack;

/// <summary>
/// Random values round-trip between our codec and two independent ones, both directions:
/// msgpack-c (build/plugin-c/client/lb_msgpack_peer) and @msgpack/msgpack (tests/npm).
/// All three write canonical (smallest) encodings, so the bytes must match exactly.
/// </summary>
public class PeerRoundTripTests
{
    private const int Count = 2000;

    private static string MsgpackC()
    {
        var path = TestEnvironment.RepoFile("build", "plugin-c", "client", "lb_msgpack_peer");
        if (!File.Exists(path))
            throw new InvalidOperationException($"{path} is missing: build the native half first (bash scripts/build.sh)");
        return path;
    }

    private static (string File, string[] Args) Node(params string[] args)
    {
        NpmTestPackages.Require("@msgpack", "msgpack", "package.json");
        return (TestEnvironment.RequireTool("node"), [Path.Combine(NpmTestPackages.Directory, "msgpack-peer.mjs"), .. args]);
    }

    private static byte[] Run(string file, IEnumerable<string> args, byte[] stdin)
    {
        var psi = new ProcessStartInfo(file) { RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in args) psi.ArgumentList.Add(a);
        using var p = Process.Start(psi)!;
        var stderr = p.StandardError.ReadToEndAsync();
        using var output = new MemoryStream();
        var copy = p.StandardOutput.BaseStream.CopyToAsync(output);
        p.StandardInput.BaseStream.Write(stdin);
        p.StandardInput.Close();
        if (!copy.Wait(120_000) || !p.WaitForExit(120_000)) throw new TimeoutException($"{file} hung");
        Assert.True(p.ExitCode == 0, $"{file} {string.Join(' ', args)} exited {p.ExitCode}: {stderr.Result}");
        return output.ToArray();
    }

    private static List<MessagePackValue> DecodeAll(byte[] bytes)
    {
        var values = new List<MessagePackValue>();
        var reader = new MessagePackReader(bytes);
        while (!reader.End) values.Add(MessagePackValue.Read(ref reader));
        return values;
    }

    private static byte[] EncodeAll(IEnumerable<MessagePackValue> values)
    {
        return MessagePackBytes.Write(values, static (ref MessagePackWriter w, IEnumerable<MessagePackValue> all) =>
        {
            foreach (var v in all) v.Write(ref w);
        });
    }

    private static void AssertSameBytes(byte[] expected, byte[] actual, string what)
    {
        if (expected.AsSpan().SequenceEqual(actual)) return;
        var at = expected.AsSpan().CommonPrefixLength(actual);
        var from = Math.Max(0, at - 16);
        Assert.Fail($"{what}: bytes differ at offset {at} of {expected.Length} (got {actual.Length} bytes)\n" +
                    $"expected ...{Convert.ToHexString(expected.AsSpan(from, Math.Min(32, expected.Length - from)))}\n" +
                    $"actual   ...{Convert.ToHexString(actual.AsSpan(from, Math.Min(32, actual.Length - from)))}");
    }

    [Fact]
    public void OurValuesSurviveMsgpackC()
    {
        var gen = new RandomValues(seed: 11, jsSafe: false);
        var ours = EncodeAll(Enumerable.Range(0, Count).Select(_ => gen.Next()));
        var back = Run(MsgpackC(), ["echo"], ours);
        AssertSameBytes(ours, back, "C# -> msgpack-c -> bytes");
    }

    [Fact]
    public void MsgpackCValuesSurviveOurCodec()
    {
        var theirs = Run(MsgpackC(), ["gen", "12", Count.ToString()], []);
        var values = DecodeAll(theirs);
        Assert.Equal(Count, values.Count);
        AssertSameBytes(theirs, EncodeAll(values), "msgpack-c -> C# -> bytes");
    }

    [Fact]
    public void OurValuesSurviveMsgpackJs()
    {
        var gen = new RandomValues(seed: 13, jsSafe: true);
        var values = Enumerable.Range(0, Count).Select(_ => gen.Next()).ToList();
        var (node, args) = Node("echo");
        var back = Run(node, args, EncodeAll(values));
        AssertSameBytes(EncodeAll(values.Select(RandomValues.WidenFloat32)), back, "C# -> @msgpack/msgpack -> bytes");
        Assert.Equal(values.Select(RandomValues.WidenFloat32), DecodeAll(back));
    }

    [Fact]
    public void MsgpackJsValuesSurviveOurCodec()
    {
        var (node, args) = Node("gen", "14", Count.ToString());
        var theirs = Run(node, args, []);
        var values = DecodeAll(theirs);
        Assert.Equal(Count, values.Count);
        AssertSameBytes(theirs, EncodeAll(values), "@msgpack/msgpack -> C# -> bytes");
        // and @msgpack/msgpack reads what we wrote the same way
        var (node2, args2) = Node("echo");
        AssertSameBytes(theirs, Run(node2, args2, EncodeAll(values)), "C# -> @msgpack/msgpack");
    }
}
