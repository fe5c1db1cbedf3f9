using System.Text.Json;
using System.Text.Json.Serialization;
using LutBridge.Core;
using LutBridge.Core.IO;
using LutBridge.Looks;
using LutBridge.Engines.Match;

namespace LutBridge.Engines.Library;

/// <summary>What an indexed file is.</summary>
public static class LibraryKinds
{
    /// <summary>A LUT file, decomposed into a Look (sliders only).</summary>
    public const string Lut = "lut";
    /// <summary>A .look file, read as it is.</summary>
    public const string Look = "look";
    /// <summary>A reference photo: its Look is the grade the match engine estimates for it.</summary>
    public const string Photo = "photo";
}

/// <summary>
/// One indexed file (format: docs/library.md). <see cref="File"/> is relative to the library
/// folder with '/' separators. <see cref="LookBase64"/> holds the .look bytes (absent for a photo
/// whose grade could not be estimated), <see cref="Sliders"/> the moved sliders by name (a copy
/// of the Look's, for tools that only read JSON), <see cref="Descriptor"/> the colour-style
/// descriptor (<see cref="StyleDescriptor"/>), <see cref="Stats"/> a photo's colour statistics.
/// </summary>
public sealed record LibraryItem
{
    public required string Kind { get; init; }
    public required string File { get; init; }
    public required string Sha256 { get; init; }
    public long Bytes { get; init; }
    public DateTime MtimeUtc { get; init; }
    public string? Title { get; init; }
    [JsonPropertyName("look")] public string? LookBase64 { get; init; }
    public Dictionary<string, double> Sliders { get; init; } = [];
    public required float[] Descriptor { get; init; }
    /// <summary>For a LUT: mean CIEDE2000 of the sliders-only Look against the LUT.</summary>
    public double? FitDe2000 { get; init; }
    public ImageStatistics? Stats { get; init; }
    /// <summary>Width and height of a photo.</summary>
    public int[]? Size { get; init; }

    /// <summary>The item's Look decoded, or null when it has none.</summary>
    public Look? Look() => LookBase64 == null ? null : LookCodec.Decode(Convert.FromBase64String(LookBase64), File);
}

/// <summary>
/// The style library index: one JSON file (<see cref="FileName"/>) in the library folder,
/// listing every indexed photo, LUT and Look with its Look and colour-style descriptor.
/// Written atomically (temporary file + rename); readers see the old or the new index.
/// </summary>
public sealed class LibraryIndex
{
    public const string FileName = "lutbridge-library.json";
    public const string Format = "lutbridge.library";
    public const int Version = 1;

    /// <summary>Largest index file read (about 4 KB per item: room for 10,000s of items).</summary>
    public const long MaxBytes = 256L << 20;

    public string Directory { get; }
    public IReadOnlyList<LibraryItem> Items { get; }

    public LibraryIndex(string directory, IReadOnlyList<LibraryItem> items)
    {
        Directory = Path.GetFullPath(directory);
        Items = items;
    }

    public static string PathIn(string directory) => Path.Combine(directory, FileName);

    public static bool Exists(string directory) => System.IO.File.Exists(PathIn(directory));

    /// <summary>The absolute path of an item's file.</summary>
    public string FullPath(LibraryItem item) => Path.Combine(Directory, item.File.Replace('/', Path.DirectorySeparatorChar));

    /// <summary>Items with a Look, with it decoded (the prompt and match engines enumerate these).</summary>
    public IEnumerable<(LibraryItem Item, Look Look)> Looks()
    {
        foreach (var item in Items)
            if (item.Look() is { } look) yield return (item, look);
    }

    /// <summary>Reads the index of <paramref name="directory"/>; a missing or damaged index is an <see cref="InputException"/> naming the file.</summary>
    public static LibraryIndex Load(string directory)
    {
        var path = PathIn(directory);
        if (!System.IO.File.Exists(path))
            throw new InputException($"{path}: no library index here (run 'lutbridge library add {directory}' first)");
        if (new FileInfo(path).Length > MaxBytes) throw new InputException($"{path}: the index is too large");
        IndexFile? file;
        try { file = JsonSerializer.Deserialize<IndexFile>(System.IO.File.ReadAllBytes(path), Json); }
        catch (JsonException e) { throw new InputException($"{path}: not a valid library index ({e.Message})"); }
        if (file == null || file.Format != Format) throw new InputException($"{path}: not a LutBridge library index (format is not '{Format}')");
        if (file.Version != Version) throw new InputException($"{path}: library index version {file.Version} is not supported (this LutBridge reads {Version})");
        if (file.Descriptor != StyleDescriptor.Name) throw new InputException($"{path}: descriptor '{file.Descriptor}' is not '{StyleDescriptor.Name}': the index was made by another LutBridge; rebuild it");
        var items = file.Items ?? [];
        foreach (var item in items)
        {
            if (item.Descriptor == null || item.Descriptor.Length != StyleDescriptor.Length)
                throw new InputException($"{path}: item '{item.File}' has a descriptor of the wrong length");
            if (item.File.Contains("..") || Path.IsPathRooted(item.File))
                throw new InputException($"{path}: item '{item.File}' is outside the library folder");
        }
        return new LibraryIndex(directory, items);
    }

    /// <summary>Writes the index atomically into its folder.</summary>
    public void Save()
    {
        var file = new IndexFile { Format = Format, Version = Version, Descriptor = StyleDescriptor.Name, Items = Items.ToList() };
        AtomicFile.WriteAllBytes(PathIn(Directory), JsonSerializer.SerializeToUtf8Bytes(file, Json));
    }

    internal static readonly JsonSerializerOptions Json = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        WriteIndented = true,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        IncludeFields = false,
    };

    private sealed class IndexFile
    {
        public string? Format { get; init; }
        public int Version { get; init; }
        public string? Descriptor { get; init; }
        public List<LibraryItem>? Items { get; init; }
    }
}
