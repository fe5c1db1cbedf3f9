using LutBridge.Core.Imaging;
using LutBridge.Testing;

namespace LutBridge.Editors.Tests.Darktable;

/// <summary>Runs the real darktable-cli (Debian's 4.2.1) with a private configdir, and small test images.</summary>
internal static class RealDarktable
{
    /// <summary>darktable-cli IN OUT [--style NAME] with the style file imported in the same run; returns stdout+stderr.</summary>
    public static string Export(string dir, string input, string output, string lutFolder, string? styleFile = null,
        string? styleName = null, string? luaAfterImport = null)
    {
        var cli = TestEnvironment.RequireTool("darktable-cli");
        var config = Path.Combine(dir, $"config-{Guid.NewGuid():N}");
        var args = new List<string> { input, output };
        if (styleName != null) args.AddRange(["--style", styleName]);
        args.AddRange(["--apply-custom-presets", "false", "--core", "--configdir", config, "--cachedir", Path.Combine(config, "cache"),
            "--conf", $"plugins/darkroom/lut3d/def_path={lutFolder}", "--conf", "plugins/imageio/storage/disk/overwrite=1",
            "--conf", "write_sidecar_files=never"]);
        if (styleFile != null)
            args.AddRange(["--luacmd", $"local dt = require \"darktable\"; dt.styles.import(\"{styleFile}\"); {luaAfterImport}"]);
        var (rc, stdout, stderr) = TestEnvironment.Run(cli, args, timeoutMs: 120_000);
        if (rc != 0) throw new InvalidOperationException($"darktable-cli failed ({rc}): {stdout}{stderr}");
        if (!File.Exists(output)) throw new InvalidOperationException($"darktable-cli wrote no {output}: {stdout}{stderr}");
        return stdout + stderr;
    }

    /// <summary>A small 8-bit sRGB PNG cut from a shared photo (darktable's runtime grows with the pixel count).</summary>
    public static string SmallPhoto(string dir, string sharedPhoto, int width = 96, int height = 64, string? name = null)
    {
        var source = ImageFile.Read(TestEnvironment.SharedFile("photos", sharedPhoto));
        var small = new RgbImage(width, height, SampleType.UInt8);
        var from = ImageConvert.ToType(source, SampleType.UInt8);
        for (int y = 0; y < height; y++)
            for (int x = 0; x < width; x++)
                for (int c = 0; c < 3; c++)
                    small.Data[(y * width + x) * 3 + c] = from.Data[((y * source.Height / height) * source.Width + x * source.Width / width) * 3 + c];
        var path = Path.Combine(dir, name ?? Path.ChangeExtension(sharedPhoto, ".png"));
        ImageFile.Write(path, small);
        return path;
    }

    /// <summary>A 2³ .cube that inverts every channel: its result is exact under any interpolation (255 - v).</summary>
    public static string InvertCube(string folder, string name = "invert.cube")
    {
        Directory.CreateDirectory(folder);
        var lines = new List<string> { "LUT_3D_SIZE 2" };
        for (int b = 0; b < 2; b++)
            for (int g = 0; g < 2; g++)
                for (int r = 0; r < 2; r++)
                    lines.Add($"{1 - r} {1 - g} {1 - b}");
        var path = Path.Combine(folder, name);
        File.WriteAllLines(path, lines);
        return path;
    }

    /// <summary>Largest per-sample difference between an 8-bit image and 255 minus another.</summary>
    public static int WorstInversionError(RgbImage input, RgbImage output)
    {
        Assert.Equal((input.Width, input.Height), (output.Width, output.Height));
        var a = ImageConvert.ToType(input, SampleType.UInt8).Data;
        var b = ImageConvert.ToType(output, SampleType.UInt8).Data;
        int worst = 0;
        for (int i = 0; i < a.Length; i++) worst = Math.Max(worst, Math.Abs(255 - a[i] - b[i]));
        return worst;
    }

    /// <summary>Largest per-sample difference between two 8-bit images.</summary>
    public static int WorstDifference(RgbImage a, RgbImage b)
    {
        Assert.Equal((a.Width, a.Height), (b.Width, b.Height));
        var x = ImageConvert.ToType(a, SampleType.UInt8).Data;
        var y = ImageConvert.ToType(b, SampleType.UInt8).Data;
        int worst = 0;
        for (int i = 0; i < x.Length; i++) worst = Math.Max(worst, Math.Abs(x[i] - y[i]));
        return worst;
    }
}
