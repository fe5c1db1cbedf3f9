using LutBridge.Core.Luts;
using LutBridge.Core.LutFiles;
using LutBridge.Looks;

namespace LutBridge.Studio;

/// <summary>The current Look as the files a user takes away, made in memory (nothing is written next to anything).</summary>
public static class StudioDownloads
{
    public static readonly string[] Formats = ["look", "cube", "3dl", "png", "dtstyle", "pp3"];

    /// <summary>A baked .cube that reopens as its Look (the Look rides in a comment), as `lutbridge bake` writes it.</summary>
    public static string CubeText(Look look) => LookFile.BakedCubeText(look, LookBaker.DefaultSize);

    public static (byte[] Bytes, string FileName, string ContentType) Make(Look look, string format, string scratchDir)
    {
        var name = SafeName(look.Title ?? "look");
        switch (format)
        {
            case "look":
                return (LookCodec.Encode(look), name + ".look", "application/octet-stream");
            case "cube":
                return (System.Text.Encoding.UTF8.GetBytes(CubeText(look)), name + ".cube", "text/plain; charset=utf-8");
            case "dtstyle":
                return (StudioEditors.DarktableZip(look), name + "-darktable.zip", "application/zip");
            case "pp3":
                return (StudioEditors.RawTherapeeZip(look, scratchDir), name + "-rawtherapee.zip", "application/zip");
            case "3dl":
            case "png":
            {
                var path = Path.Combine(scratchDir, $"download-{Guid.NewGuid():N}.{format}");
                var size = format == "png" ? 64 : LookBaker.DefaultSize; // HaldCLUT level 8 holds 64³
                try
                {
                    LookFile.WriteBaked(path, look, size);
                    return (File.ReadAllBytes(path), name + (format == "png" ? "-hald.png" : ".3dl"),
                        format == "png" ? "image/png" : "application/octet-stream");
                }
                finally
                {
                    File.Delete(path);
                }
            }
            default:
                throw new Core.InputException($"format must be one of {string.Join(", ", Formats)}, got '{format}'");
        }
    }

    /// <summary>A file name from a title: letters, digits, space, '-', '_' and '.'; never a path.</summary>
    public static string SafeName(string title)
    {
        var chars = title.Select(c => char.IsLetterOrDigit(c) || c is ' ' or '-' or '_' or '.' ? c : '_').ToArray();
        var name = new string(chars).Trim().Trim('.');
        return name.Length == 0 ? "look" : name[..Math.Min(80, name.Length)];
    }
}
