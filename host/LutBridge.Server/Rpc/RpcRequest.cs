using LutBridge.Interop.MessagePack;
using LutBridge.Interop.Protocol;

namespace LutBridge.Server.Rpc;

/// <summary>A request whose shape, method and argument types have been checked against the table.</summary>
public sealed record RpcRequest(uint MsgId, MethodSpec Method, IReadOnlyList<MessagePackValue> Args)
{
    public string Str(int index) => Args[index].AsString();

    /// <summary>The client's working folder when the host can know it (its process's cwd), for relative paths.</summary>
    public Func<string?>? WorkingDirectory { get; init; }

    /// <summary>
    /// A path argument, absolute: a relative one is resolved against the client's working folder (as
    /// the client meant it), never the host's; when that folder cannot be known the call is refused.
    /// </summary>
    public string Path(int index)
    {
        var path = Str(index);
        if (System.IO.Path.IsPathRooted(path)) return path;
        var cwd = WorkingDirectory?.Invoke()
                  ?? throw new Core.InputException($"{path}: a relative path, and the host cannot see the client's working folder; send an absolute path");
        return System.IO.Path.GetFullPath(System.IO.Path.Combine(cwd, path));
    }

    public long Int(int index) => Args[index].AsInt64();

    public ReadOnlyMemory<byte> Bin(int index) => Args[index].AsBinary();

    /// <summary>An optional argument, or null when the caller left it out (or sent nil).</summary>
    public MessagePackValue? Optional(int index) => index < Args.Count && !Args[index].IsNil ? Args[index] : null;
}
