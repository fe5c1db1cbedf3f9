using System.Runtime.InteropServices;
using LutBridge.Core.Imaging.Native;

namespace LutBridge.Core.Imaging;

/// <summary>
/// TIFF through libtiff. Stripped gray/RGB files with 8 or 16-bit unsigned or 32-bit float
/// samples (contiguous or planar) are read with their depth; anything else libtiff can
/// decode (palette, YCbCr, CMYK, tiled, 1-bit...) goes through TIFFReadRGBAImage as 8-bit.
/// Output: RGB, deflate with predictor, depth of the image.
/// </summary>
internal static unsafe class TiffCodec
{
    public static RgbImage Decode(string path)
    {
        LibTiff.BeginCall();
        nint tif = LibTiff.Open(path, "r");
        if (tif == 0) throw Fail(path);
        try
        {
            uint width = 0, height = 0;
            ushort bits = 0, samples = 0, photometric = 0, planar = 0, format = 0;
            if (LibTiff.GetField(tif, LibTiff.TagImageWidth, &width) != 1 || LibTiff.GetField(tif, LibTiff.TagImageLength, &height) != 1)
                throw new InputException($"{path}: TIFF has no image size");
            if (width == 0 || height == 0 || width > int.MaxValue || height > int.MaxValue)
                throw new InputException($"{path}: TIFF has an invalid size {width}×{height}");
            LibTiff.GetFieldDefaulted(tif, LibTiff.TagBitsPerSample, &bits);
            LibTiff.GetFieldDefaulted(tif, LibTiff.TagSamplesPerPixel, &samples);
            LibTiff.GetFieldDefaulted(tif, LibTiff.TagPlanarConfig, &planar);
            LibTiff.GetFieldDefaulted(tif, LibTiff.TagSampleFormat, &format);
            if (LibTiff.GetFieldDefaulted(tif, LibTiff.TagPhotometric, &photometric) != 1) photometric = ushort.MaxValue;

            SampleType? type = (bits, format) switch
            {
                (8, LibTiff.SampleFormatUInt) => SampleType.UInt8,
                (16, LibTiff.SampleFormatUInt) => SampleType.UInt16,
                (32, LibTiff.SampleFormatFloat) => SampleType.Float32,
                _ => null,
            };
            bool gray = photometric == LibTiff.PhotometricMinIsBlack && samples >= 1;
            bool rgb = photometric == LibTiff.PhotometricRgb && samples >= 3;
            if (type is { } t && (gray || rgb) && LibTiff.IsTiled(tif) == 0)
                return ReadScanlines(tif, path, (int)width, (int)height, t, gray ? 1 : 3, samples, planar == LibTiff.PlanarSeparate);
            return ReadViaRgba(tif, path, (int)width, (int)height);
        }
        finally
        {
            LibTiff.Close(tif);
        }
    }

    private static RgbImage ReadScanlines(nint tif, string path, int width, int height, SampleType type, int colours, int samples, bool separate)
    {
        var image = new RgbImage(width, height, type);
        int bytesPerSample = RgbImage.BytesPerSample(type);
        ulong lineSize = LibTiff.ScanlineSize64(tif);
        ulong needed = (ulong)width * (ulong)(separate ? 1 : samples) * (ulong)bytesPerSample;
        if (lineSize < needed || lineSize > int.MaxValue)
            throw new InputException($"{path}: TIFF scanline size {lineSize} does not fit its {width}-pixel rows");
        var line = new byte[lineSize];
        fixed (byte* l = line)
        {
            // Planar files store each colour plane whole, and compressed strips can only be
            // read in order, so planes are the outer loop.
            int planes = separate ? colours : 1;
            for (int plane = 0; plane < planes; plane++)
                for (int y = 0; y < height; y++)
                {
                    var row = image.Data.AsSpan(y * image.BytesPerRow, image.BytesPerRow);
                    if (LibTiff.ReadScanline(tif, l, (uint)y, (ushort)plane) != 1) throw Fail(path);
                    if (separate)
                        Scatter(line, row, width, bytesPerSample, srcStart: 0, srcStride: 1, destChannel: plane);
                    else
                        for (int c = 0; c < colours; c++)
                            Scatter(line, row, width, bytesPerSample, srcStart: c, srcStride: samples, destChannel: c);
                }
        }
        if (colours == 1)
            for (int y = 0; y < height; y++)
            {
                var row = image.Data.AsSpan(y * image.BytesPerRow, image.BytesPerRow);
                for (int x = 0; x < width; x++)
                    for (int c = 1; c < 3; c++)
                        row.Slice(x * 3 * bytesPerSample, bytesPerSample).CopyTo(row.Slice((x * 3 + c) * bytesPerSample, bytesPerSample));
            }
        return image;
    }

    private static void Scatter(byte[] line, Span<byte> row, int width, int bytesPerSample, int srcStart, int srcStride, int destChannel)
    {
        for (int x = 0; x < width; x++)
            line.AsSpan((x * srcStride + srcStart) * bytesPerSample, bytesPerSample)
                .CopyTo(row.Slice((x * 3 + destChannel) * bytesPerSample, bytesPerSample));
    }

    private static RgbImage ReadViaRgba(nint tif, string path, int width, int height)
    {
        var raster = new uint[checked((long)width * height)];
        fixed (uint* r = raster)
        {
            if (LibTiff.ReadRgbaImageOriented(tif, (uint)width, (uint)height, r, LibTiff.OrientationTopLeft, 1) != 1)
                throw Fail(path);
        }
        var image = new RgbImage(width, height, SampleType.UInt8);
        var d = image.Data;
        for (int i = 0; i < raster.Length; i++)
        {
            uint p = raster[i]; // ABGR packing: R in the low byte
            d[3 * i] = (byte)p;
            d[3 * i + 1] = (byte)(p >> 8);
            d[3 * i + 2] = (byte)(p >> 16);
        }
        return image;
    }

    private static readonly uint[] TextTags =
        [LibTiff.TagMake, LibTiff.TagModel, LibTiff.TagDateTime, LibTiff.TagImageDescription, LibTiff.TagArtist, LibTiff.TagCopyright];

    /// <summary>ICC profile, XMP packet, orientation and text tags of a TIFF's first image (see <see cref="ImageMetadata"/>).</summary>
    public static ImageMetadata ReadMetadata(string path)
    {
        LibTiff.BeginCall();
        nint tif = LibTiff.Open(path, "r");
        if (tif == 0) throw Fail(path);
        try
        {
            byte[]? Blob(uint tag)
            {
                uint count = 0;
                void* data = null;
                return LibTiff.GetFieldBlob(tif, tag, &count, &data) == 1 && data != null && count is > 0 and < 64u << 20
                    ? new ReadOnlySpan<byte>(data, (int)count).ToArray() : null;
            }
            var text = new List<(uint, string)>();
            foreach (var tag in TextTags)
            {
                byte* t = null;
                if (LibTiff.GetFieldText(tif, tag, &t) == 1 && t != null && Marshal.PtrToStringUTF8((nint)t) is { Length: > 0 } value)
                    text.Add((tag, value));
            }
            ushort orientation = 0;
            bool oriented = LibTiff.GetFieldUShort(tif, LibTiff.TagOrientation, &orientation) == 1 && orientation is >= 1 and <= 8;
            return new ImageMetadata
            {
                Icc = Blob(LibTiff.TagIccProfile),
                Xmp = Blob(LibTiff.TagXmp),
                TiffOrientation = oriented ? orientation : null,
                TiffText = text,
            };
        }
        finally
        {
            LibTiff.Close(tif);
        }
    }

    private static bool WriteMetadata(nint tif, ImageMetadata m)
    {
        bool ok = true;
        fixed (byte* icc = m.Icc)
            if (m.Icc is { Length: > 0 }) ok &= LibTiff.SetFieldBlob(tif, LibTiff.TagIccProfile, (uint)m.Icc.Length, icc) == 1;
        fixed (byte* xmp = m.Xmp)
            if (m.Xmp is { Length: > 0 }) ok &= LibTiff.SetFieldBlob(tif, LibTiff.TagXmp, (uint)m.Xmp.Length, xmp) == 1;
        foreach (var (tag, value) in m.TiffText)
        {
            var bytes = System.Text.Encoding.UTF8.GetBytes(value + "\0");
            fixed (byte* t = bytes) ok &= LibTiff.SetFieldText(tif, tag, t) == 1;
        }
        return ok;
    }

    public static byte[] Encode(RgbImage image, ImageMetadata? metadata = null)
    {
        metadata ??= ImageMetadata.None;
        var temp = Path.Combine(Path.GetTempPath(), $"lutbridge-{Environment.ProcessId}-{Guid.NewGuid():N}.tif");
        try
        {
            LibTiff.BeginCall();
            nint tif = LibTiff.Open(temp, "w");
            if (tif == 0) throw new IOException($"libtiff could not create {temp}: {LibTiff.LastError}");
            try
            {
                int bits = RgbImage.BytesPerSample(image.Type) * 8;
                bool ok = LibTiff.SetField(tif, LibTiff.TagImageWidth, image.Width) == 1
                    && LibTiff.SetField(tif, LibTiff.TagImageLength, image.Height) == 1
                    && LibTiff.SetField(tif, LibTiff.TagSamplesPerPixel, 3) == 1
                    && LibTiff.SetField(tif, LibTiff.TagBitsPerSample, bits) == 1
                    && LibTiff.SetField(tif, LibTiff.TagSampleFormat, image.Type == SampleType.Float32 ? LibTiff.SampleFormatFloat : LibTiff.SampleFormatUInt) == 1
                    && LibTiff.SetField(tif, LibTiff.TagPhotometric, LibTiff.PhotometricRgb) == 1
                    && LibTiff.SetField(tif, LibTiff.TagPlanarConfig, LibTiff.PlanarContig) == 1
                    && LibTiff.SetField(tif, LibTiff.TagOrientation, metadata.TiffOrientation ?? LibTiff.OrientationTopLeft) == 1
                    && WriteMetadata(tif, metadata)
                    && LibTiff.SetField(tif, LibTiff.TagCompression, LibTiff.CompressionDeflate) == 1
                    && LibTiff.SetField(tif, LibTiff.TagPredictor, image.Type == SampleType.Float32 ? 3 : 2) == 1;
                if (!ok) throw new InvalidOperationException($"libtiff rejected a tag: {LibTiff.LastError}");
                LibTiff.SetField(tif, LibTiff.TagRowsPerStrip, (int)LibTiff.DefaultStripSize(tif, 0));
                var line = new byte[image.BytesPerRow]; // libtiff's predictor may modify the buffer in place
                fixed (byte* l = line)
                {
                    for (int y = 0; y < image.Height; y++)
                    {
                        image.Data.AsSpan(y * image.BytesPerRow, image.BytesPerRow).CopyTo(line);
                        if (LibTiff.WriteScanline(tif, l, (uint)y, 0) != 1)
                            throw new IOException($"libtiff could not write row {y}: {LibTiff.LastError}");
                    }
                }
            }
            finally
            {
                LibTiff.Close(tif);
            }
            return File.ReadAllBytes(temp);
        }
        finally
        {
            File.Delete(temp);
        }
    }

    private static InputException Fail(string path) => new($"{path}: not a readable TIFF file ({LibTiff.LastError})");
}
