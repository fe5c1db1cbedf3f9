using LutBridge.Core;
using LutBridge.Core.IO;
using LutBridge.Core.Imaging;

namespace LutBridge.Editors.RawTherapee;

/// <summary>
/// A user's RawTherapee profile (.pp3) as rawtherapee-cli applies it to other images: distil
/// renders a colour chart and photos through it. Sections that move pixels (crop, rotation, lens
/// and perspective correction, resizing) and the raw-only ones are left out: they are not a colour
/// mapping, and on the chart they would move its patches.
/// </summary>
public sealed class RawTherapeeEdit
{
    public static readonly IReadOnlyList<string> Geometry =
    [
        "Crop", "Coarse Transformation", "Common Properties for Transformations", "Rotation", "Distortion",
        "LensProfile", "Perspective", "Resize", "PostResizeSharpening",
    ];

    public string Path { get; }

    /// <summary>The profile's sections that take part (in file order).</summary>
    public IReadOnlyList<string> Sections { get; }

    /// <summary>The sections left out, each with why.</summary>
    public IReadOnlyList<string> LeftOut { get; }

    private readonly string _profile;

    private RawTherapeeEdit(string path, string profile, IReadOnlyList<string> sections, IReadOnlyList<string> leftOut) =>
        (Path, _profile, Sections, LeftOut) = (path, profile, sections, leftOut);

    /// <summary>Reads a .pp3; a file that is not a RawTherapee profile says so in one line naming it.</summary>
    public static RawTherapeeEdit Open(string path)
    {
        InputFile.Require(path, "RawTherapee profile");
        var file = KeyFile.Load(path);
        if (!file.HasGroup("Version") || file.Get("Version", "Version") is not { } version || !int.TryParse(version, out _))
            throw new InputException($"{path}: not a RawTherapee profile (a .pp3 starts with a [Version] section holding Version=349 or so)");
        var leftOut = new List<string>();
        foreach (var group in file.Groups.ToList())
        {
            bool geometry = Geometry.Contains(group);
            bool raw = group.StartsWith("RAW", StringComparison.Ordinal);
            if (!geometry && !raw) continue;
            file.RemoveGroup(group);
            leftOut.Add($"[{group}] ({(geometry ? "moves pixels" : "raw files only")})");
        }
        var sections = file.Groups.Where(g => g != "Version").ToList();
        if (sections.Count == 0)
            throw new InputException($"{path}: the profile holds no colour settings (only [Version]{(leftOut.Count > 0 ? " and " + string.Join(", ", leftOut) : "")}): nothing to distil");
        return new RawTherapeeEdit(path, file.ToString(), sections, leftOut);
    }

    /// <summary>Renders <paramref name="images"/> through rawtherapee-cli with the profile applied (16-bit PNG out).</summary>
    public IReadOnlyList<RgbImage> Render(IReadOnlyList<RgbImage> images, CancellationToken cancel)
    {
        var work = System.IO.Path.Combine(System.IO.Path.GetTempPath(), $"lutbridge-rtedit-{Environment.ProcessId}-{Guid.NewGuid():N}");
        try
        {
            Directory.CreateDirectory(work);
            using var cli = new RawTherapeeCli(privateDir: System.IO.Path.Combine(work, "rt"));
            var profile = System.IO.Path.Combine(work, "edit.pp3");
            File.WriteAllText(profile, _profile);
            var results = new List<RgbImage>(images.Count);
            for (int i = 0; i < images.Count; i++)
            {
                var input = System.IO.Path.Combine(work, $"image{i}.png");
                var output = System.IO.Path.Combine(work, $"image{i}-out.png");
                ImageFile.Write(input, images[i]);
                try
                {
                    cli.Convert(input, output, [profile], new RtOutput("png", Bits: 16), cancel);
                }
                catch (InputException e)
                {
                    throw new InputException($"{Path}: rawtherapee-cli could not apply the profile ({e.Message})", e);
                }
                results.Add(ImageFile.Read(output));
            }
            return results;
        }
        finally
        {
            try { Directory.Delete(work, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
        }
    }
}
