using System.Text;
using LutBridge.Core;
using LutBridge.Core.Imaging;
using LutBridge.Core.Luts;
using LutBridge.Core.Luts.Formats;
using LutBridge.Core.Imaging.LutImages;

namespace LutBridge.Editors.RawTherapee;

/// <summary>How to write a HaldCLUT for RawTherapee's Film Simulation tool.</summary>
public sealed record HaldClutOptions
{
    /// <summary>Hald level 8..16 (lattice level², image level³ square). RawTherapee's own collection uses 12.</summary>
    public int Level { get; init; } = 12;

    /// <summary>8 or 16 bits per sample.</summary>
    public int Bits { get; init; } = 16;

    /// <summary>"png" or "tif".</summary>
    public string Format { get; init; } = "png";

    /// <summary>File name without extension; default: the Look's/LUT's name.</summary>
    public string? Name { get; init; }

    /// <summary>Replace a different CLUT of the explicit <see cref="Name"/> (profiles that use it change look).</summary>
    public bool Force { get; init; }

    public const int MinLevel = 8;
    public const int MaxLevel = 16;

    public void Validate()
    {
        if (Level < MinLevel || Level > MaxLevel)
            throw new InputException($"HaldCLUT level must be {MinLevel}..{MaxLevel}, got {Level}");
        if (Bits is not (8 or 16))
            throw new InputException($"HaldCLUT depth must be 8 or 16 bits, got {Bits}");
        if (Format is not ("png" or "tif"))
            throw new InputException($"HaldCLUT format must be png or tif, got '{Format}'");
    }
}

/// <summary>
/// Writes a Look or LUT as a HaldCLUT image into a RawTherapee CLUT folder. A CLUT file is never
/// replaced by a different one: profiles (.pp3) and photos edited in RawTherapee name it, and would
/// silently change look. The default name is the title; when that file holds another look (an
/// edited Look keeps its title), the name gets a short content hash ("Warm 3fa2c1d0"). The same
/// look exported again reuses its file.
/// </summary>
public static class HaldClutExporter
{
    public static (string Path, LutWriteReport Report) Export(LookSource source, string folder, HaldClutOptions options)
    {
        options.Validate();
        var name = SafeFileName(options.Name ?? source.Name);
        folder = System.IO.Path.GetFullPath(folder);
        int size = options.Level * options.Level;
        var report = new LutWriteReport();
        var image = HaldClutFormat.ToImage(source.ToLut(size), LutWriteOptions.Default with { Size = size, HaldBits = options.Bits }, report);
        var path = System.IO.Path.Combine(folder, $"{name}.{options.Format}");
        switch (Existing(path, image))
        {
            case Holds.Same:
                return (path, report);
            case Holds.Other when options.Name is not null && !options.Force:
                throw new InputException($"{path}: already holds a different CLUT, and profiles or photos that use it would change look; " +
                                         "choose another --name, or add --force to replace it");
            case Holds.Other when options.Name is null:
                path = System.IO.Path.Combine(folder, $"{name} {ContentTag(image)}.{options.Format}");
                if (Existing(path, image) == Holds.Same) return (path, report);
                break;
        }
        ImageFile.Write(path, image);
        return (path, report);
    }

    private enum Holds { Nothing, Same, Other }

    private static Holds Existing(string path, RgbImage image)
    {
        if (!File.Exists(path)) return Holds.Nothing;
        try
        {
            var old = ImageFile.Read(path);
            return old.Width == image.Width && old.Height == image.Height && old.Type == image.Type && old.Data.AsSpan().SequenceEqual(image.Data)
                ? Holds.Same : Holds.Other;
        }
        catch (InputException)
        {
            return Holds.Other; // unreadable: still not ours to replace
        }
    }

    /// <summary>8 hex digits of the SHA-256 of the CLUT's samples: same look, same tag.</summary>
    public static string ContentTag(RgbImage image) =>
        Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(image.Data))[..8];

    /// <summary>
    /// A name RawTherapee lists well: no path separators or control characters. RawTherapee reads a
    /// trailing working-profile name ("... ProPhoto") as the CLUT's colour space, so such a suffix gets
    /// " sRGB" appended (our CLUTs are sRGB).
    /// </summary>
    public static string SafeFileName(string name)
    {
        var sb = new StringBuilder(name.Length);
        foreach (var c in name.Trim())
            sb.Append(char.IsControl(c) || c is '/' or '\\' or ':' or '*' or '?' or '"' or '<' or '>' or '|' ? '_' : c);
        var safe = sb.ToString().Trim('.', ' ');
        if (safe.Length == 0) safe = "LutBridge look";
        string[] profiles = ["ProPhoto", "Adobe RGB", "WideGamut", "BruceRGB", "Beta RGB", "BestRGB", "Rec2020", "ACESp0", "ACESp1", "JDCmax", "JDCmax stdA", "Large", "sRGB"];
        if (profiles.Any(p => safe.EndsWith(p, StringComparison.Ordinal) && !safe.EndsWith("sRGB", StringComparison.Ordinal)))
            safe += " sRGB";
        return safe;
    }
}
