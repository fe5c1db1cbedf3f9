using LutBridge.Core;

namespace LutBridge.Editors.Batch;

/// <summary>Who renders the images of a batch.</summary>
public enum BatchEngineKind
{
    /// <summary>LutBridge itself: LibRaw or the image codecs, the LUT kernels, the encoders.</summary>
    Host,

    /// <summary>darktable-cli with the look in a lut3d style.</summary>
    Darktable,

    /// <summary>rawtherapee-cli with a HaldCLUT and a Film Simulation profile.</summary>
    RawTherapee,
}

/// <summary>A batch: one look applied to many images, written to one folder.</summary>
public sealed record BatchRequest
{
    public static readonly string[] Formats = ["jpg", "png", "tif"];

    public required LookSource Source { get; init; }
    public required IReadOnlyList<string> Inputs { get; init; }
    public required string OutputDir { get; init; }
    public BatchEngineKind Engine { get; init; } = BatchEngineKind.Host;

    /// <summary>Images processed at once (host: images in flight; editors: processes).</summary>
    public int Jobs { get; init; } = Environment.ProcessorCount;

    public string Format { get; init; } = "jpg";
    public int Quality { get; init; } = 92;

    /// <summary>Render every image again, replacing any existing output (even one LutBridge did not write).</summary>
    public bool Force { get; init; }

    public static BatchEngineKind ParseEngine(string text) => text.ToLowerInvariant() switch
    {
        "host" => BatchEngineKind.Host,
        "darktable" => BatchEngineKind.Darktable,
        "rawtherapee" => BatchEngineKind.RawTherapee,
        _ => throw new InputException($"--engine must be host, darktable or rawtherapee, got '{text}'"),
    };

    public void Validate()
    {
        if (!Formats.Contains(Format)) throw new InputException($"--format must be jpg, png or tif, got '{Format}'");
        if (Quality is < 1 or > 100) throw new InputException($"--quality must be 1..100, got {Quality}");
        if (Jobs < 1) throw new InputException($"--jobs must be at least 1, got {Jobs}");
        if (Inputs.Count == 0) throw new InputException("no input images given (--in)");
    }
}

/// <summary>One image of a batch and the file it becomes.</summary>
public sealed record BatchItem(string Input, string Output);

public enum BatchOutcome { Done, Skipped, Failed }

/// <summary>What happened to one image; <paramref name="Note"/> says why an existing output was redone or kept.</summary>
public sealed record BatchItemResult(BatchItem Item, BatchOutcome Outcome, double Seconds, string? Error = null, string? Note = null);
