using LutBridge.Core.Imaging.Native;

namespace LutBridge.Core.Imaging;

/// <summary>
/// PNG through libpng's simplified API (see <see cref="LibPng"/> for why that API).
/// 8-bit files decode to <see cref="SampleType.UInt8"/>, 16-bit files to
/// <see cref="SampleType.UInt16"/>; gray, gray+alpha, palette and RGBA become RGB and alpha is
/// dropped. Limitation: for 16-bit files with partial transparency libpng premultiplies,
/// so the colour of non-opaque pixels is recovered by un-premultiplying (exact where opaque).
/// </summary>
internal static unsafe class PngCodec
{
    public static RgbImage Decode(byte[] file, string path)
    {
        var data = PngChunks.WithoutColourSpace(file);
        var image = new LibPng.PngImage { Version = LibPng.ImageVersion };
        try
        {
            fixed (byte* p = data)
            {
                if (LibPng.BeginReadFromMemory(&image, p, (nuint)data.Length) == 0)
                    throw Fail(path, image);
                bool sixteen = (image.Format & LibPng.FormatFlagLinear) != 0;
                bool alpha = (image.Format & LibPng.FormatFlagAlpha) != 0;
                int channels = alpha ? 4 : 3;
                image.Format = LibPng.FormatFlagColor | (alpha ? LibPng.FormatFlagAlpha : 0) | (sixteen ? LibPng.FormatFlagLinear : 0);
                int width = checked((int)image.Width), height = checked((int)image.Height);
                var result = new RgbImage(width, height, sixteen ? SampleType.UInt16 : SampleType.UInt8);
                byte[] buffer = alpha ? new byte[checked((long)width * height * channels * (sixteen ? 2 : 1))] : result.Data;
                fixed (byte* b = buffer)
                {
                    if (LibPng.FinishRead(&image, null, b, 0, null) == 0)
                        throw Fail(path, image);
                }
                if (alpha)
                {
                    result.DroppedAlpha = sixteen ? DropPremultipliedAlpha(buffer, result) : DropAlpha(buffer, result.Data);
                }
                return result;
            }
        }
        finally
        {
            LibPng.Free(&image);
        }
    }

    public static byte[] Encode(RgbImage source)
    {
        var image = source.Type switch
        {
            SampleType.UInt8 => source,
            SampleType.UInt16 => source,
            _ => ImageConvert.ToType(source, SampleType.UInt16),
        };
        bool sixteen = image.Type == SampleType.UInt16;
        var png = new LibPng.PngImage
        {
            Version = LibPng.ImageVersion,
            Width = (uint)image.Width,
            Height = (uint)image.Height,
            Format = LibPng.FormatFlagColor | (sixteen ? LibPng.FormatFlagLinear : 0),
        };
        fixed (byte* pixels = image.Data)
        {
            nuint size = 0;
            if (LibPng.WriteToMemory(&png, null, &size, 0, pixels, 0, null) == 0 || size == 0)
                throw new InvalidOperationException($"libpng could not encode the image: {png.MessageText}");
            var output = new byte[checked((int)size)];
            fixed (byte* o = output)
            {
                if (LibPng.WriteToMemory(&png, o, &size, 0, pixels, 0, null) == 0)
                    throw new InvalidOperationException($"libpng could not encode the image: {png.MessageText}");
            }
            Array.Resize(ref output, (int)size);
            // libpng tags 16-bit output as linear light (gAMA 1.0); our samples are code values
            // in whatever encoding they came in, so the tag would mislead other readers.
            return sixteen ? PngChunks.WithoutColourSpace(output) : output;
        }
    }

    private static InputException Fail(string path, in LibPng.PngImage image) =>
        new($"{path}: not a readable PNG file ({image.MessageText})");

    /// <returns>true when some pixel was not fully opaque (so dropping alpha changed what the image shows)</returns>
    private static bool DropAlpha(byte[] rgba, byte[] rgb)
    {
        int opaque = 255;
        for (int i = 0, o = 0; o < rgb.Length; i += 4, o += 3)
        {
            rgb[o] = rgba[i];
            rgb[o + 1] = rgba[i + 1];
            rgb[o + 2] = rgba[i + 2];
            opaque &= rgba[i + 3];
        }
        return opaque != 255;
    }

    private static bool DropPremultipliedAlpha(byte[] buffer, RgbImage result)
    {
        bool translucent = false;
        var rgba = System.Runtime.InteropServices.MemoryMarshal.Cast<byte, ushort>(buffer.AsSpan());
        var rgb = result.Samples<ushort>();
        for (int i = 0, o = 0; o < rgb.Length; i += 4, o += 3)
        {
            uint a = rgba[i + 3];
            translucent |= a != 65535;
            for (int c = 0; c < 3; c++)
            {
                uint v = rgba[i + c];
                rgb[o + c] = a == 65535 ? (ushort)v : a == 0 ? (ushort)0 : (ushort)Math.Min(65535u, (v * 65535u + a / 2) / a);
            }
        }
        return translucent;
    }
}
