using System.Buffers.Binary;
using MessagePack;
using static LutBridge.Looks.LookMessagePack;

namespace LutBridge.Looks;

/// <summary>
/// Version 6's seventh item, the camera stage (docs/look.md, "The .look file"):
/// [size, curves, matrix, shoulder] — size 2..65; curves a bin of size or 3·size little-endian
/// float32 (one curve shared by the channels, or channel-major), each within ±65504; matrix a
/// bin of 9 float32, row-major, each within ±16; shoulder nil (hard clip) or [white, gain], two
/// float32 in (0, 65504]. Anything else is refused (C: read_stage in look_decode.c).
/// </summary>
internal static class CameraStageCoding
{
    public static void Write(ref MessagePackWriter w, LookCameraStage stage)
    {
        w.WriteArrayHeader(4);
        w.Write(stage.Size);
        w.Write(Floats(stage.Curves).AsSpan());
        w.Write(Floats(stage.Matrix).AsSpan());
        if (stage.Shoulder is { } s)
        {
            w.WriteArrayHeader(2);
            w.Write(s.White);
            w.Write(s.Gain);
        }
        else w.WriteNil();
    }

    public static LookCameraStage Read(ref MessagePackReader r)
    {
        if (ReadArrayHeader(ref r) != 4) throw new FormatException("camera stage must be [size, curves, matrix, shoulder]");
        long size = ReadInt(ref r);
        if (size < LookCameraStage.MinSize || size > LookCameraStage.MaxSize)
            throw new FormatException($"camera stage size {size} (allowed {LookCameraStage.MinSize}..{LookCameraStage.MaxSize})");
        var curveBytes = ReadBinary(ref r);
        if (curveBytes.Length != 4 * size && curveBytes.Length != 12 * size)
            throw new FormatException($"camera curves have {curveBytes.Length} bytes, expected {4 * size} or {12 * size}");
        var curves = Floats(curveBytes);
        foreach (var v in curves)
            if (!(Math.Abs(v) <= LookCameraStage.MaxLinear)) throw new FormatException($"camera curve value {v} is outside ±{LookCameraStage.MaxLinear}");
        var matrixBytes = ReadBinary(ref r);
        if (matrixBytes.Length != 36) throw new FormatException($"camera matrix has {matrixBytes.Length} bytes, expected 36");
        var matrix = Floats(matrixBytes);
        foreach (var m in matrix)
            if (!(Math.Abs(m) <= LookCameraStage.MaxMatrixEntry)) throw new FormatException($"camera matrix entry {m} is outside ±{LookCameraStage.MaxMatrixEntry}");
        (float, float)? shoulder = null;
        if (!TryReadNil(ref r))
        {
            if (ReadArrayHeader(ref r) != 2) throw new FormatException("camera shoulder must be nil or [white, gain]");
            float white = ReadFloat32(ref r), gain = ReadFloat32(ref r);
            if (!(white > 0 && white <= LookCameraStage.MaxShoulder && gain > 0 && gain <= LookCameraStage.MaxShoulder))
                throw new FormatException($"camera shoulder white {white} and gain {gain} must be in (0, {LookCameraStage.MaxShoulder}]");
            shoulder = (white, gain);
        }
        return new LookCameraStage((int)size, curves, matrix, shoulder);
    }

    private static byte[] Floats(float[] values)
    {
        var bytes = new byte[4 * values.Length];
        for (int i = 0; i < values.Length; i++) BinaryPrimitives.WriteSingleLittleEndian(bytes.AsSpan(4 * i), values[i]);
        return bytes;
    }

    private static float[] Floats(ReadOnlySpan<byte> bytes)
    {
        var values = new float[bytes.Length / 4];
        for (int i = 0; i < values.Length; i++) values[i] = BinaryPrimitives.ReadSingleLittleEndian(bytes[(4 * i)..]);
        return values;
    }
}
