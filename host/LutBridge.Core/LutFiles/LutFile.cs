using System.Numerics;
using LutBridge.Core.Imaging;
using LutBridge.Core.IO;
using LutBridge.Core.Luts.Formats;
using LutBridge.Core.Imaging.LutImages;
using LutBridge.Core.Luts;

namespace LutBridge.Core.LutFiles;

/// <summary>
/// Reads and writes LUT files, choosing the format from the extension (or, for an unknown
/// extension, from the content). Read: .cube .3dl .png (HaldCLUT or GPUImage lookup) .csp
/// .spi1d .spi3d .spimtx. Write: .cube .3dl .png (HaldCLUT). Bad files raise
/// <see cref="InputException"/> "path:line: what is wrong".
/// </summary>
public static class LutFile
{
    public static IReadOnlyList<string> ReadableExtensions { get; } = [".cube", ".3dl", ".png", ".csp", ".spi1d", ".spi3d", ".spimtx"];
    public static IReadOnlyList<string> WritableExtensions { get; } = [".cube", ".3dl", ".png"];

    public static LutFormat FormatOf(string path) => Path.GetExtension(path).ToLowerInvariant() switch
    {
        ".cube" => LutFormat.Cube,
        ".3dl" => LutFormat.ThreeDl,
        ".png" => LutFormat.Png,
        ".csp" => LutFormat.Cinespace,
        ".spi1d" => LutFormat.Spi1d,
        ".spi3d" => LutFormat.Spi3d,
        ".spimtx" => LutFormat.Spimtx,
        _ => LutFormat.Unknown,
    };

    public static Lut Read(string path, PngLutLayout pngLayout = PngLutLayout.Auto)
    {
        InputFile.Require(path, "LUT file");
        var format = FormatOf(path);
        if (format == LutFormat.Unknown) format = Sniff(path);
        return format switch
        {
            LutFormat.Cube => CubeFormat.Read(path),
            LutFormat.ThreeDl => ThreeDlFormat.Read(path),
            LutFormat.Png => ReadPng(path, pngLayout),
            LutFormat.Cinespace => CinespaceFormat.Read(path),
            LutFormat.Spi1d => Spi1dFormat.Read(path),
            LutFormat.Spi3d => Spi3dFormat.Read(path),
            LutFormat.Spimtx => SpimtxFormat.Read(path),
            _ => throw new InputException($"{path}: unknown LUT format (readable: {string.Join(' ', ReadableExtensions)})"),
        };
    }

    /// <summary>Writes atomically in the format of the extension; the report says what had to change.</summary>
    public static LutWriteReport Write(string path, Lut lut, LutWriteOptions? options = null)
    {
        options ??= LutWriteOptions.Default;
        if (options.Size is int size && (size < Lattice3D.MinSize || size > Lattice3D.MaxSize))
            throw new InputException($"lattice size {size} is out of range {Lattice3D.MinSize}..{Lattice3D.MaxSize}");
        var report = new LutWriteReport();
        switch (FormatOf(path))
        {
            case LutFormat.Cube:
                AtomicFile.WriteAllText(path, CubeFormat.Format(lut, options, report));
                break;
            case LutFormat.ThreeDl:
                AtomicFile.WriteAllText(path, ThreeDlFormat.Format(lut, options, report));
                break;
            case LutFormat.Png:
                ImageFile.Write(path, HaldClutFormat.ToImage(lut, options, report));
                break;
            default:
                throw new InputException($"{path}: cannot write this format (writable: {string.Join(' ', WritableExtensions)})");
        }
        return report;
    }

    private static Lut ReadPng(string path, PngLutLayout layout)
    {
        var image = ImageFile.Read(path);
        bool hald = image.Width == image.Height && HaldClutFormat.LevelOfSide(image.Width) is not null;
        bool gpu = GpuImageLookupFormat.Fits(image);
        switch (layout)
        {
            case PngLutLayout.HaldClut:
                return HaldClutFormat.FromImage(image, path);
            case PngLutLayout.GpuImage:
                return GpuImageLookupFormat.FromImage(image, path);
        }
        if (hald && gpu)
        {
            var asHald = HaldClutFormat.FromImage(image, path);
            var asGpu = GpuImageLookupFormat.FromImage(image, path);
            return MeanDistanceFromIdentity(asGpu.Lattice!) < MeanDistanceFromIdentity(asHald.Lattice!) ? asGpu : asHald;
        }
        if (hald) return HaldClutFormat.FromImage(image, path);
        throw new InputException($"{path}: {image.Width}×{image.Height} is neither a HaldCLUT (side L³, L = 2..16) nor a GPUImage lookup (512×512)");
    }

    private static double MeanDistanceFromIdentity(Lattice3D lattice)
    {
        double sum = 0;
        int n = lattice.Size;
        for (int b = 0; b < n; b++)
            for (int g = 0; g < n; g++)
                for (int r = 0; r < n; r++)
                {
                    int i = lattice.Index(r, g, b);
                    var v = new Vector3(lattice.Data[i], lattice.Data[i + 1], lattice.Data[i + 2]);
                    sum += Vector3.Distance(v, new Vector3(r, g, b) / (n - 1));
                }
        return sum / (n * n * n);
    }

    private static LutFormat Sniff(string path)
    {
        Span<byte> head = stackalloc byte[64];
        int read;
        try
        {
            using var stream = File.OpenRead(path);
            read = stream.ReadAtLeast(head, head.Length, throwOnEndOfStream: false);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new InputException($"{path}: cannot read LUT ({e.Message})", e);
        }
        head = head[..read];
        if (ImageFile.Sniff(head) == ImageFormat.Png) return LutFormat.Png;
        var text = System.Text.Encoding.ASCII.GetString(head).TrimStart();
        if (text.StartsWith("CSPLUTV100", StringComparison.Ordinal)) return LutFormat.Cinespace;
        if (text.StartsWith("SPILUT", StringComparison.Ordinal)) return LutFormat.Spi3d;
        if (text.StartsWith("Version", StringComparison.Ordinal)) return LutFormat.Spi1d;
        if (text.Contains("LUT_3D_SIZE") || text.Contains("LUT_1D_SIZE") || text.StartsWith("TITLE", StringComparison.Ordinal)) return LutFormat.Cube;
        return LutFormat.Unknown;
    }
}
