using System.Buffers.Binary;
using System.Net.Sockets;

namespace LutBridge.Server.Hosting;

/// <summary>The peer of a Unix socket as the kernel saw it at connect time (SO_PEERCRED).</summary>
public readonly record struct PeerCredentials(int Pid, uint Uid, uint Gid)
{
    public static PeerCredentials Of(Socket socket)
    {
        Span<byte> ucred = stackalloc byte[12]; // struct ucred { pid_t pid; uid_t uid; gid_t gid; }
        var n = socket.GetRawSocketOption(Native.SolSocket, Native.SoPeerCred, ucred);
        if (n != 12) throw new IOException($"SO_PEERCRED returned {n} bytes, expected 12");
        return new PeerCredentials(
            BinaryPrimitives.ReadInt32LittleEndian(ucred),
            BinaryPrimitives.ReadUInt32LittleEndian(ucred[4..]),
            BinaryPrimitives.ReadUInt32LittleEndian(ucred[8..]));
    }
}
