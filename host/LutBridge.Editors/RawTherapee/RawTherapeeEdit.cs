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

    /// <summary>The profile rawtherapee-cli is given (geometry and raw sections out, the Film Simulation CLUT as a full path).</summary>
    internal string Profile => _profile;

    public const string FilmSimulationGroup = "Film Simulation";

    /// <summary>
    /// Reads a .pp3; a file that is not a RawTherapee profile says so in one line naming it.
    /// <paramref name="settingsDir"/>: the RawTherapee settings whose CLUT folder a relative Film
    /// Simulation CLUT is found in (null: RT_SETTINGS, else ~/.config/RawTherapee, as RawTherapee does).
    /// </summary>
    public static RawTherapeeEdit Open(string path, string? settingsDir = null)
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
        ResolveClut(file, path, settingsDir);
        var sections = file.Groups.Where(g => g != "Version").ToList();
        if (sections.Count == 0)
            throw new InputException($"{path}: the profile holds no colour settings (only [Version]{(leftOut.Count > 0 ? " and " + string.Join(", ", leftOut) : "")}): nothing to distil");
        return new RawTherapeeEdit(path, file.ToString(), sections, leftOut);
    }

    /// <summary>
    /// An enabled Film Simulation's CLUT as a full path: RawTherapee reads a relative ClutFilename
    /// from its CLUT folder ([Color Management] ClutsDirectory of its options), and the edit is
    /// rendered with private settings, whose folder holds nothing. A CLUT that is not there is an
    /// error naming it: rawtherapee-cli would leave the colours unchanged and exit 0.
    /// </summary>
    private static void ResolveClut(KeyFile file, string path, string? settingsDir)
    {
        if (!string.Equals(file.Get(FilmSimulationGroup, "Enabled")?.Trim(), "true", StringComparison.OrdinalIgnoreCase)) return;
        var name = file.Get(FilmSimulationGroup, "ClutFilename");
        if (string.IsNullOrWhiteSpace(name)) return; // enabled without a CLUT: RawTherapee does nothing either
        if (System.IO.Path.IsPathFullyQualified(name))
        {
            if (!File.Exists(name))
                throw new InputException($"{path}: the Film Simulation CLUT {name} does not exist (rawtherapee-cli would leave the colours unchanged)");
            return;
        }
        var settings = RawTherapeeSettings.ResolveDirectory(settingsDir);
        var folder = RawTherapeeSettings.ClutsFolder(settings);
        var full = System.IO.Path.GetFullPath(System.IO.Path.Combine(folder, name));
        if (!File.Exists(full))
            throw new InputException($"{path}: the Film Simulation CLUT '{name}' is not in RawTherapee's CLUT folder {folder} " +
                $"([{RawTherapeeSettings.ColorManagementGroup}] {RawTherapeeSettings.ClutsDirectoryKey} of {RawTherapeeSettings.OptionsPath(settings)}): " +
                "give the profile its absolute path, or set that folder");
        file.Set(FilmSimulationGroup, "ClutFilename", full);
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
