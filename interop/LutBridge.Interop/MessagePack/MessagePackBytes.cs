using System.Buffers;
using MessagePack;

namespace LutBridge.Interop.MessagePack;

/// <summary>Writes values into a <see cref="MessagePackWriter"/> (the package's writer is a ref struct, hence the ref parameter).</summary>
public delegate void MessagePackWriting(ref MessagePackWriter writer);

/// <summary>Writes values taken from <paramref name="state"/> (no closure allocated for static lambdas).</summary>
public delegate void MessagePackWriting<in TState>(ref MessagePackWriter writer, TState state);

/// <summary>One message as a byte array, written with MessagePack-CSharp's <see cref="MessagePackWriter"/>.</summary>
public static class MessagePackBytes
{
    public static byte[] Write(MessagePackWriting write, int capacity = 256)
    {
        var buffer = new ArrayBufferWriter<byte>(Math.Max(16, capacity));
        var writer = new MessagePackWriter(buffer);
        write(ref writer);
        writer.Flush();
        return buffer.WrittenSpan.ToArray();
    }

    public static byte[] Write<TState>(TState state, MessagePackWriting<TState> write, int capacity = 256)
    {
        var buffer = new ArrayBufferWriter<byte>(Math.Max(16, capacity));
        var writer = new MessagePackWriter(buffer);
        write(ref writer, state);
        writer.Flush();
        return buffer.WrittenSpan.ToArray();
    }
}
