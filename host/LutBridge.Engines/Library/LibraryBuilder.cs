using System.Security.Cryptography;
using LutBridge.Core;
using LutBridge.Core.Imaging;
using LutBridge.Core.Luts;
using LutBridge.Engines.Decompose;
using LutBridge.Looks;
using LutBridge.Engines.Match;
using LutBridge.Core.LutFiles;

namespace LutBridge.Engines.Library;

/// <summary>What `library add` did: items indexed anew, kept from the old index, dropped (file gone), and files it could not read.</summary>
public sealed record LibraryAddResult(LibraryIndex Index, int Added, int Kept, int Removed, IReadOnlyList<string> Skipped);

/// <summary>Where `library add` is: files done of all, and the file at hand.</summary>
public readonly record struct LibraryProgress(int Done, int Total, string File);

/// <summary>
/// Builds or refreshes a folder's style library index: every photo, LUT and .look under the
/// folder (recursively) becomes an item with a Look and a colour-style descriptor. LUTs are
/// decomposed into sliders-only Looks by the decomposer; a photo's Look is the grade the match
/// engine estimates for it. Files whose SHA-256 is unchanged keep their entry (no refit).
/// </summary>
public static class LibraryBuilder
{
    public static LibraryAddResult Add(string directory, bool rebuild, IProgress<LibraryProgress>? progress, CancellationToken ct)
    {
        if (!System.IO.Directory.Exists(directory)) throw new InputException($"{directory}: no such folder");
        var root = Path.GetFullPath(directory);
        var old = !rebuild && LibraryIndex.Exists(root) ? LibraryIndex.Load(root).Items : [];
        var bySha = new Dictionary<string, LibraryItem>();
        foreach (var item in old) bySha.TryAdd(item.Kind + ":" + item.Sha256, item);

        var files = System.IO.Directory.EnumerateFiles(root, "*", SearchOption.AllDirectories)
            .Where(f => KindOf(f) != null && !Path.GetFileName(f).StartsWith('.'))
            .OrderBy(f => f, StringComparer.Ordinal)
            .ToList();
        var items = new List<LibraryItem>();
        var skipped = new List<string>();
        int added = 0, kept = 0;
        for (int i = 0; i < files.Count; i++)
        {
            ct.ThrowIfCancellationRequested();
            var path = files[i];
            var relative = Path.GetRelativePath(root, path).Replace(Path.DirectorySeparatorChar, '/');
            progress?.Report(new LibraryProgress(i, files.Count, relative));
            var info = new FileInfo(path);
            var sha = Sha256Of(path);
            var kind = KindOf(path)!;
            if (bySha.TryGetValue(kind + ":" + sha, out var known) || (kind == "png" && (bySha.TryGetValue("lut:" + sha, out known) || bySha.TryGetValue("photo:" + sha, out known))))
            {
                items.Add(known with { File = relative, Bytes = info.Length, MtimeUtc = info.LastWriteTimeUtc });
                kept++;
                continue;
            }
            try
            {
                var item = Index(path, kind, ct) with { File = relative, Sha256 = sha, Bytes = info.Length, MtimeUtc = info.LastWriteTimeUtc };
                items.Add(item);
                added++;
            }
            catch (InputException e)
            {
                skipped.Add(e.Message);
            }
        }
        progress?.Report(new LibraryProgress(files.Count, files.Count, ""));
        var index = new LibraryIndex(root, items);
        index.Save();
        int removed = old.Count(o => !items.Any(n => n.Sha256 == o.Sha256 && n.Kind == o.Kind));
        return new LibraryAddResult(index, added, kept, removed, skipped);
    }

    /// <summary>"lut", "look", "photo", "png" (a HaldCLUT or a photo: decided by reading it) or null for files the library ignores.</summary>
    private static string? KindOf(string path)
    {
        if (Path.GetFileName(path) == LibraryIndex.FileName) return null;
        var ext = Path.GetExtension(path).ToLowerInvariant();
        if (ext == ".look") return LibraryKinds.Look;
        if (ext == ".png") return "png";
        if (LutFile.ReadableExtensions.Contains(ext)) return LibraryKinds.Lut;
        if (ImageFile.IsImagePath(path)) return LibraryKinds.Photo;
        return null;
    }

    private static LibraryItem Index(string path, string kind, CancellationToken ct)
    {
        if (kind == "png")
        {
            // A .png is a LUT when it has a HaldCLUT or lookup-table shape, else a photo.
            Lut? lut = null;
            try { lut = LutFile.Read(path); }
            catch (InputException) { }
            return lut != null ? FromLut(lut, path, ct) : FromPhoto(path);
        }
        return kind switch
        {
            LibraryKinds.Look => FromLook(LookFile.Read(path), LibraryKinds.Look, Path.GetFileNameWithoutExtension(path), null),
            LibraryKinds.Lut => FromLut(LutFile.Read(path), path, ct),
            _ => FromPhoto(path),
        };
    }

    private static LibraryItem FromLut(Lut lut, string path, CancellationToken ct)
    {
        var title = lut.Title ?? Path.GetFileNameWithoutExtension(path);
        var result = Decomposer.Run(lut, new DecomposeOptions { AllowResidual = false, Title = title }, null, ct);
        return FromLook(result.Look, LibraryKinds.Lut, title, result.Report.De2000Mean);
    }

    private static LibraryItem FromPhoto(string path)
    {
        var image = ImageFile.Read(path);
        var stats = ImageStatistics.Of(image);
        var (values, _) = GradeEstimator.Estimate(stats, GradeEstimator.NaturalPrior, MatchTuning.Default);
        var title = Path.GetFileNameWithoutExtension(path);
        var look = new Look(values, title: title);
        return FromLook(look, LibraryKinds.Photo, title, null) with { Stats = stats, Size = [image.Width, image.Height] };
    }

    private static LibraryItem FromLook(Look look, string kind, string title, double? fit) => new()
    {
        Kind = kind,
        File = "",
        Sha256 = "",
        Title = look.Title ?? title,
        LookBase64 = Convert.ToBase64String(LookCodec.Encode(look)),
        Sliders = look.Changed().ToDictionary(c => c.Parameter.Name, c => Math.Round(c.Value, 6)),
        Descriptor = StyleDescriptor.Of(look),
        FitDe2000 = fit,
    };

    private static string Sha256Of(string path)
    {
        using var stream = File.OpenRead(path);
        return Convert.ToHexStringLower(SHA256.HashData(stream));
    }
}
