using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Serialization;
using LutBridge.Core.IO;

namespace LutBridge.Editors.Batch;

/// <summary>
/// The settings that decide an output's pixels. Two runs with equal settings over an unchanged
/// input make the same output, so that output need not be made again.
/// </summary>
/// <param name="Engine">host, darktable or rawtherapee</param>
/// <param name="Format">jpg, png or tif</param>
/// <param name="Quality">JPEG quality where the engine uses it (null for PNG/TIFF and for darktable, which uses its own)</param>
/// <param name="LookSha256">SHA-256 of the look or LUT file's bytes (sliders, strength and residual all live in them)</param>
public sealed record BatchSettings(string Engine, string Format, int? Quality, string LookSha256)
{
    public static BatchSettings Of(BatchRequest request)
    {
        var engine = request.Engine.ToString().ToLowerInvariant();
        int? quality = request.Format == "jpg" && request.Engine != BatchEngineKind.Darktable ? request.Quality : null;
        return new BatchSettings(engine, request.Format, quality, Sha256Of(request.Source.Path));
    }

    public static string Sha256Of(string path)
    {
        using var stream = File.OpenRead(path);
        return Convert.ToHexStringLower(SHA256.HashData(stream));
    }

    /// <summary>What differs from <paramref name="other"/>, in the option names the user typed ("--quality 92 → 80").</summary>
    public IEnumerable<string> Differences(BatchSettings other)
    {
        if (Engine != other.Engine) yield return $"--engine {other.Engine} → {Engine}";
        if (Format != other.Format) yield return $"--format {other.Format} → {Format}";
        if (Quality != other.Quality) yield return $"--quality {other.Quality?.ToString() ?? "-"} → {Quality?.ToString() ?? "-"}";
        if (LookSha256 != other.LookSha256) yield return "the look";
    }
}

/// <summary>
/// What LutBridge knows about one output of a batch: the settings it was made with, the input as it
/// was then (size and modification time), and the output as it was written. Stored as JSON beside the
/// outputs, in <c>&lt;out&gt;/.lutbridge-batch/&lt;output file name&gt;.json</c>, one file per output, so
/// several processes (or cluster jobs) rendering parts of one folder never write the same record.
/// The outputs and these records are the whole state of a batch: a run (anywhere) reads them to
/// decide what is left to do.
/// </summary>
public sealed record BatchRecord
{
    public const string Folder = ".lutbridge-batch";
    public const int CurrentVersion = 1;

    public int Version { get; init; } = CurrentVersion;
    public required string Input { get; init; }
    public required FileStamp InputStamp { get; init; }
    public required BatchSettings Settings { get; init; }
    public required FileStamp OutputStamp { get; init; }

    private static readonly JsonSerializerOptions Json = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        WriteIndented = true,
        DefaultIgnoreCondition = JsonIgnoreCondition.Never,
    };

    public static string PathFor(BatchItem item) =>
        Path.Combine(Path.GetDirectoryName(item.Output)!, Folder, Path.GetFileName(item.Output) + ".json");

    /// <summary>The record of <paramref name="item"/>'s output, or null when there is none (or it is unreadable).</summary>
    public static BatchRecord? Load(BatchItem item)
    {
        var path = PathFor(item);
        if (!File.Exists(path)) return null;
        try
        {
            var record = JsonSerializer.Deserialize<BatchRecord>(File.ReadAllText(path), Json);
            return record?.Version == CurrentVersion ? record : null;
        }
        catch (Exception e) when (e is JsonException or IOException or UnauthorizedAccessException or NotSupportedException)
        {
            return null;
        }
    }

    /// <summary>Records the output just written for <paramref name="item"/> (after the output, so a crash between leaves it to be redone).</summary>
    public static void Save(BatchItem item, BatchSettings settings)
    {
        var record = new BatchRecord
        {
            Input = item.Input,
            InputStamp = FileStamp.Of(item.Input),
            Settings = settings,
            OutputStamp = FileStamp.Of(item.Output),
        };
        AtomicFile.WriteAllText(PathFor(item), JsonSerializer.Serialize(record, Json) + "\n");
    }
}

/// <summary>A file's size and modification time (UTC ticks): a change to either means new content.</summary>
public sealed record FileStamp(long Bytes, long ModifiedTicks)
{
    public static FileStamp Of(string path)
    {
        var info = new FileInfo(path);
        return new FileStamp(info.Length, info.LastWriteTimeUtc.Ticks);
    }
}

/// <summary>What a batch does with one output that may already exist.</summary>
public enum BatchDecision
{
    /// <summary>No output yet: render it.</summary>
    Render,
    /// <summary>Made from this input with these settings: skip it.</summary>
    Finished,
    /// <summary>Made by LutBridge, but with other settings or from an older input: render it again.</summary>
    Redo,
    /// <summary>A file LutBridge did not write (or that changed since): left alone unless --force.</summary>
    NotOurs,
}
