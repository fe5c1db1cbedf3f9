using System.Text.RegularExpressions;

namespace LutBridge.Editors.RawTherapee;

/// <summary>
/// The TIFF RawTherapee 5.9 hands to its external editor, and the photo it was rendered from.
/// RawTherapee writes it as DIR/STEM.tif, STEM being the photo's name without its last extension,
/// or STEM-1.tif ... STEM-999.tif when that exists (rtgui/editorpanel.cc, idle_sendToGimp). The TIFF
/// carries the photo's EXIF but not its file name, so the photo is found by name: with
/// [External Editor] OutputDir=1 (what `install rawtherapee` sets) DIR is the photo's folder; with
/// the default OutputDir=0 DIR is the temp folder and the photo cannot be found (the page asks).
/// </summary>
public sealed record RawTherapeeHandOver(string Tiff, IReadOnlyList<string> Originals, string Why)
{
    /// <summary>What RawTherapee 5.9 opens (its default [File Browser] ParseExtensions).</summary>
    public static readonly IReadOnlySet<string> PhotoExtensions = new HashSet<string>(StringComparer.OrdinalIgnoreCase)
    {
        ".3fr", ".arw", ".arq", ".cr2", ".cr3", ".crf", ".crw", ".dcr", ".dng", ".fff", ".iiq", ".jpg", ".jpeg", ".kdc", ".mef",
        ".mos", ".mrw", ".nef", ".nrw", ".orf", ".ori", ".pef", ".png", ".raf", ".raw", ".rw2", ".rwl", ".rwz", ".sr2", ".srf",
        ".srw", ".tif", ".tiff", ".x3f",
    };

    /// <summary>The one photo the TIFF came from, when the name says so unambiguously.</summary>
    public string? Original => Originals.Count == 1 ? Originals[0] : null;

    private static readonly Regex Numbered = new(@"^(?<stem>.+)-(?<n>[1-9][0-9]{0,2})$", RegexOptions.CultureInvariant);

    /// <summary>
    /// The photos in the TIFF's folder it may come from, best first. A TIFF there counts only when
    /// nothing else does: earlier hand-overs (STEM.tif beside STEM.CR2) are TIFFs too.
    /// </summary>
    public static RawTherapeeHandOver Find(string tiff)
    {
        tiff = Path.GetFullPath(tiff);
        var dir = Path.GetDirectoryName(tiff)!;
        var name = Path.GetFileNameWithoutExtension(tiff);
        var stems = new List<string> { name };
        if (Numbered.Match(name) is { Success: true } m) stems.Add(m.Groups["stem"].Value);

        var found = Directory.EnumerateFiles(dir)
            .Where(f => f != tiff && PhotoExtensions.Contains(Path.GetExtension(f)) && stems.Contains(Path.GetFileNameWithoutExtension(f)))
            .ToList();
        bool IsTiff(string f) => Path.GetExtension(f).ToLowerInvariant() is ".tif" or ".tiff";
        var photos = found.Any(f => !IsTiff(f)) ? found.Where(f => !IsTiff(f)).ToList() : found;
        // The one whose sidecar RawTherapee wrote last is most likely the open one; then raw files before JPEGs.
        photos = photos
            .OrderByDescending(f => File.Exists(FilmSimulation.SidecarPathFor(f)) ? File.GetLastWriteTimeUtc(FilmSimulation.SidecarPathFor(f)) : DateTime.MinValue)
            .ThenBy(f => Path.GetExtension(f).ToLowerInvariant() is ".jpg" or ".jpeg" or ".png" ? 1 : 0)
            .ThenBy(f => f, StringComparer.Ordinal)
            .ToList();

        var why = photos.Count switch
        {
            1 => $"{Path.GetFileName(photos[0])} is the only photo named {stems[^1]}.* beside the TIFF",
            0 => $"no photo named {string.Join(" or ", stems.Distinct().Select(s => s + ".*"))} beside {tiff}: RawTherapee wrote the TIFF away from " +
                 "the photo (its Preferences > General > External Editor > Output directory is not 'Same as input image'; " +
                 "'lutbridge install rawtherapee' sets it)",
            _ => $"{photos.Count} photos are named {stems[^1]}.* beside the TIFF: choose the one you are editing",
        };
        return new RawTherapeeHandOver(tiff, photos, why);
    }
}
