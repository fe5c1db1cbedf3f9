using System.Diagnostics;
using System.IO.Compression;
using System.Security.Cryptography;
using LutBridge.Core;
using LutBridge.Core.IO;
using LutBridge.Core.Imaging;
using LutBridge.Editors;
using LutBridge.Editors.Darktable;
using LutBridge.Editors.RawTherapee;
using LutBridge.Looks;

namespace LutBridge.Studio;

/// <summary>Where the editors keep their settings (darktable's configdir, RawTherapee's settings folder).</summary>
public sealed record StudioEditorFolders(string DarktableConfigDir, string RawTherapeeSettingsDir)
{
    /// <summary>The folders `lutbridge install darktable|rawtherapee` use by default.</summary>
    public static StudioEditorFolders Default() => new(DarktableConfig.DefaultDir(), RawTherapeeSettings.ResolveDirectory(null));
}

/// <summary>
/// The current Look for darktable and RawTherapee, through the editors integration: a lut3d
/// .dtstyle with its .cube, a HaldCLUT with a .pp3; as downloads (zip) or sent into the
/// editors' folders that `lutbridge install` set up.
/// </summary>
public static class StudioEditors
{
    /// <summary>darktable lists styles by name; ours start like the panel's.</summary>
    public const string StylePrefix = "LutBridge ";

    /// <summary>
    /// Level 8 (64³, 16-bit): the studio's Looks are smooth, 64³ is twice the darktable panel's
    /// lattice, and it bakes 11× faster than the level 12 (144³) of RawTherapee's own collection.
    /// </summary>
    public static readonly HaldClutOptions RawTherapeeClut = new() { Level = 8, Bits = 16, Format = "png" };

    /// <summary>A name for files: the title and 12 hex digits of the Look (another Look never takes an older one's file).</summary>
    public static string FileStem(Look look) =>
        StudioDownloads.SafeName(look.Title ?? "look") + "-" + Convert.ToHexStringLower(SHA256.HashData(LookCodec.Encode(look)))[..12];

    /// <summary>A .dtstyle whose lut3d module loads <paramref name="lutRelativePath"/> (relative to darktable's LUT root folder).</summary>
    public static string DtStyleText(Look look, string lutRelativePath) =>
        new DtStyle(StylePrefix + (look.Title ?? "look"), "LutBridge look from the studio",
            [DtStyleItem.Lut3d(new Lut3dParams(lutRelativePath))]).ToXml();

    /// <summary>
    /// Download for darktable: a zip of STEM.cube (the Look baked, carrying the Look) and
    /// STEM.dtstyle naming it. Put the .cube in darktable's LUT 3D root folder, import the style.
    /// </summary>
    public static byte[] DarktableZip(Look look)
    {
        var stem = FileStem(look);
        return Zip([
            (stem + ".cube", System.Text.Encoding.UTF8.GetBytes(StudioDownloads.CubeText(look))),
            (stem + ".dtstyle", System.Text.Encoding.UTF8.GetBytes(DtStyleText(look, stem + ".cube"))),
            ("README.txt", System.Text.Encoding.UTF8.GetBytes(
                $"Copy {stem}.cube into darktable's LUT 3D root folder (preferences > processing), then in lighttable's styles module\n" +
                $"click import and choose {stem}.dtstyle. Or let LutBridge do both: 'send to darktable' in the studio.\n")),
        ]);
    }

    /// <summary>
    /// Download for RawTherapee: a zip of LutBridge/STEM.png (a level-8 16-bit HaldCLUT) and
    /// STEM.pp3, a partial profile whose Film Simulation names that CLUT relative to the CLUT
    /// folder: unzip into RawTherapee's CLUT folder and load the .pp3.
    /// </summary>
    public static byte[] RawTherapeeZip(Look look, string scratchDir)
    {
        var stem = FileStem(look);
        var clut = RawTherapeeSettings.LutBridgeSubfolder + "/" + stem + ".png";
        var profile = KeyFile.Empty();
        profile.Set("Version", "AppVersion", "5.9");
        profile.Set("Version", "Version", FilmSimulation.ProfileVersion.ToString(System.Globalization.CultureInfo.InvariantCulture));
        profile.Set(FilmSimulation.Group, "Enabled", "true");
        profile.Set(FilmSimulation.Group, "ClutFilename", clut); // RawTherapee resolves a relative name in its CLUT folder
        profile.Set(FilmSimulation.Group, "Strength", "100");
        return Zip([
            (clut, HaldClut(look, stem, scratchDir)),
            (stem + ".pp3", System.Text.Encoding.UTF8.GetBytes(profile.ToString())),
            ("README.txt", System.Text.Encoding.UTF8.GetBytes(
                "Unzip into RawTherapee's CLUT folder (Preferences > Color Management > Film simulation directory) and restart\n" +
                $"RawTherapee; then load {stem}.pp3 as a partial profile, or pick LutBridge > {stem} in Film Simulation.\n")),
        ]);
    }

    /// <summary>The HaldCLUT `export rawtherapee` writes, made in a scratch folder and read back.</summary>
    private static byte[] HaldClut(Look look, string stem, string scratchDir)
    {
        var folder = Path.Combine(scratchDir, "clut-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        try
        {
            var (path, _) = HaldClutExporter.Export(LookSource.FromLook(look, Path.Combine(folder, stem + ".look")), folder, RawTherapeeClut with { Name = stem });
            return File.ReadAllBytes(path);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    private static byte[] Zip(IEnumerable<(string Name, byte[] Bytes)> entries)
    {
        using var buffer = new MemoryStream();
        using (var zip = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true))
            foreach (var (name, bytes) in entries)
            {
                using var entry = zip.CreateEntry(name, CompressionLevel.Fastest).Open();
                entry.Write(bytes);
            }
        return buffer.ToArray();
    }

    /// <summary>
    /// Send to darktable: STEM.cube and STEM.dtstyle into the LutBridge LUT folder that `lutbridge
    /// install darktable` made, then the style imported into darktable's style list with
    /// darktable-cli (darktable itself must be closed: its database is locked while it runs;
    /// then the user imports the .dtstyle in the styles module). One line per thing done.
    /// </summary>
    public static IReadOnlyList<string> SendToDarktable(Look look, string configDir, CancellationToken cancel)
    {
        var rc = Path.Combine(configDir, "darktablerc");
        var root = File.Exists(rc) ? DarktableConfig.ReadKey(File.ReadAllText(rc), DarktableConfig.LutFolderKey) : null;
        var folder = DarktableConfig.LutFolder(configDir);
        if (string.IsNullOrEmpty(root) || !Directory.Exists(folder))
            throw new InputException($"darktable is not set up for LutBridge in {configDir}: run 'lutbridge install darktable' first");
        var stem = FileStem(look);
        var cube = Path.Combine(folder, stem + ".cube");
        AtomicFile.WriteAllText(cube, StudioDownloads.CubeText(look));
        var relative = Path.GetRelativePath(root, cube);
        if (relative.StartsWith("..", StringComparison.Ordinal))
            throw new InputException($"{cube} is outside darktable's LUT 3D root folder {root}; set it back with 'lutbridge install darktable'");
        var style = Path.Combine(folder, stem + ".dtstyle");
        AtomicFile.WriteAllText(style, DtStyleText(look, relative));
        var lines = new List<string> { $"LUT: {cube}", $"style: {style}" };
        lines.Add(ImportStyle(configDir, style, cancel) is { } why
            ? $"not imported ({why}): in darktable's lighttable, styles module, click import and choose {style}"
            : $"imported into darktable as the style '{StylePrefix}{look.Title ?? "look"}' (lighttable or darkroom: styles)");
        return lines;
    }

    /// <summary>Imports a .dtstyle into the configdir's style list with darktable-cli; null when done, else why not.</summary>
    private static string? ImportStyle(string configDir, string style, CancellationToken cancel)
    {
        var work = Directory.CreateTempSubdirectory("lutbridge-dtimport-");
        try
        {
            // darktable-cli runs Lua only around an export: a 2×2 photo to a throwaway folder.
            var input = Path.Combine(work.FullName, "in.png");
            ImageFile.Write(input, new RgbImage(2, 2, SampleType.UInt8));
            var psi = new ProcessStartInfo(DarktableCliRun.Executable) { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
            foreach (var a in new[]
                     {
                         input, Path.Combine(work.FullName, "out.png"), "--core", "--configdir", configDir,
                         "--cachedir", Path.Combine(work.FullName, "cache"), "--library", ":memory:",
                         "--luacmd", $"local dt = require \"darktable\"; dt.styles.import({DarktableInstaller.LuaString(style)})",
                     })
                psi.ArgumentList.Add(a);
            using var process = Process.Start(psi) ?? throw new InputException("could not start darktable-cli");
            using var kill = cancel.Register(() => { try { process.Kill(true); } catch (InvalidOperationException) { } });
            var stdout = process.StandardOutput.ReadToEndAsync(CancellationToken.None);
            var stderr = process.StandardError.ReadToEnd();
            process.WaitForExit();
            _ = stdout.Result;
            cancel.ThrowIfCancellationRequested();
            if (process.ExitCode == 0) return null;
            return stderr.Contains("lock", StringComparison.OrdinalIgnoreCase)
                ? "darktable is running and holds its database"
                : $"darktable-cli exit {process.ExitCode}";
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return "darktable-cli is not installed";
        }
        finally
        {
            try { work.Delete(recursive: true); } catch (IOException) { }
        }
    }

    /// <summary>
    /// Send to RawTherapee: the HaldCLUT into the LutBridge CLUT folder that `lutbridge install
    /// rawtherapee` set up, and, when the studio was started on a photo file, the Look in that
    /// photo's sidecar (only the Film Simulation lines change; refused while RawTherapee runs, as
    /// `export rawtherapee --sidecar` does). One line per thing done.
    /// </summary>
    public static IReadOnlyList<string> SendToRawTherapee(Look look, string settingsDir, string? photoPath)
    {
        var folder = RawTherapeeSettings.InstalledClutFolder(settingsDir)
                     ?? throw new InputException($"RawTherapee is not set up for LutBridge in {settingsDir}: run 'lutbridge install rawtherapee' first");
        var (clut, _) = HaldClutExporter.Export(LookSource.FromLook(look, Path.Combine(folder, "studio.look")), folder,
            RawTherapeeClut with { Name = FileStem(look) });
        var lines = new List<string> { $"HaldCLUT: {clut} (RawTherapee lists it in Film Simulation > LutBridge after a restart)" };
        if (photoPath is null)
        {
            lines.Add("no sidecar written: the page's photo was uploaded (start 'lutbridge studio PHOTO' to have its sidecar set)");
            return lines;
        }
        if (RawTherapeeProcess.RunningGui() is int pid)
            throw new InputException($"{photoPath}: RawTherapee is running (pid {pid}) and rewrites the sidecar of an open photo when it " +
                                     "closes it; close the photo or RawTherapee and send again");
        var (sidecar, created) = ProfileWriter.MergeSidecar(photoPath, new FilmSimulation(clut, 1.0));
        lines.Add(created ? $"sidecar created: {sidecar}" : $"sidecar updated (Film Simulation only): {sidecar}");
        return lines;
    }

    /// <summary>
    /// "Done" in `lutbridge rt-edit`: the HaldCLUT into the LutBridge CLUT folder, a partial profile
    /// (Film Simulation only) beside it, and the Film Simulation lines of the original photo's sidecar
    /// (every other line kept). RawTherapee is running here by design (it started us) and holds the
    /// open photo's settings in memory, writing them over the sidecar when it leaves the photo: so
    /// the lines also say how to load the partial profile into the open editor. One line per thing done.
    /// </summary>
    public static IReadOnlyList<string> FinishRtEdit(Look look, string settingsDir, string original)
    {
        var folder = RawTherapeeSettings.InstalledClutFolder(settingsDir)
                     ?? throw new InputException($"RawTherapee is not set up for LutBridge in {settingsDir}: run 'lutbridge install rawtherapee' first");
        var stem = FileStem(look);
        var (clut, _) = HaldClutExporter.Export(LookSource.FromLook(look, Path.Combine(folder, "studio.look")), folder,
            RawTherapeeClut with { Name = stem });
        var film = new FilmSimulation(clut, 1.0);
        var partial = Path.Combine(folder, stem + ".pp3");
        ProfileWriter.WritePartial(partial, film);
        var (sidecar, created) = ProfileWriter.MergeSidecar(original, film);
        return
        [
            $"HaldCLUT: {clut}",
            created ? $"sidecar created: {sidecar}" : $"sidecar updated (Film Simulation only): {sidecar}",
            $"partial profile: {partial}",
            "Now in RawTherapee, with the photo still open in its Editor: in the Processing Profiles bar (top of the right panel) " +
            "hold Ctrl and click the folder button ('Load a profile from file'), choose " + partial + " (Ctrl+L to type the path), " +
            "click Open; in 'Parameters to load' tick Film simulation (under Color Related Settings) and click OK. RawTherapee keeps " +
            "the open photo's settings in memory and writes them over the sidecar when it leaves the photo: loading the profile " +
            "puts the look into them (your other settings stay).",
        ];
    }
}
