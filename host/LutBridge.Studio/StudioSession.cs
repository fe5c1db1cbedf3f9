using System.Diagnostics;
using LutBridge.Core;
using LutBridge.Core.Apply;
using LutBridge.Core.Imaging;
using LutBridge.Core.Luts;
using LutBridge.Core.LutFiles;
using LutBridge.Engines.Decompose;
using LutBridge.Looks;

namespace LutBridge.Studio;

/// <summary>
/// What one studio holds: the photo's preview, the current Look and where it came from. Uploads
/// land in a private folder that is removed when the studio stops; the user's files are never
/// written.
/// </summary>
public sealed class StudioSession : IDisposable
{
    /// <summary>Preview size: about 2 MP, a screen's worth.</summary>
    public const long PreviewPixels = 2_000_000;

    /// <summary>Lattice the live preview bakes (the darktable panel's size).</summary>
    public const int PreviewLattice = 33;

    public static readonly string[] PhotoExtensions = [".png", ".jpg", ".jpeg", ".tif", ".tiff"];

    private readonly object _gate = new();
    public string Dir { get; }
    public RgbImage? Preview { get; private set; }
    public string? PhotoName { get; private set; }
    public Look? Look { get; private set; }
    public string? SourceName { get; private set; }

    public StudioSession()
    {
        Dir = Path.Combine(Path.GetTempPath(), $"lutbridge-studio-{Environment.ProcessId}-{Guid.NewGuid():N}");
        if (OperatingSystem.IsWindows()) Directory.CreateDirectory(Dir);
        else Directory.CreateDirectory(Dir, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
    }

    /// <summary>An upload saved under a fixed name in the session folder; only its extension comes from the user.</summary>
    public string SaveUpload(string kind, string fileName, byte[] bytes, IReadOnlyList<string> allowed)
    {
        var ext = Path.GetExtension(fileName).ToLowerInvariant();
        if (!allowed.Contains(ext)) throw new InputException($"{Path.GetFileName(fileName)}: not a {kind} file ({string.Join(" ", allowed)})");
        var path = Path.Combine(Dir, kind + ext);
        File.WriteAllBytes(path, bytes);
        return path;
    }

    public (int Width, int Height) OpenPhoto(string fileName, byte[] bytes)
    {
        var path = SaveUpload("photo", fileName, bytes, PhotoExtensions);
        var preview = PreviewImage.Fit(ImageFile.Read(path), PreviewPixels);
        lock (_gate)
        {
            Preview = preview;
            PhotoName = Path.GetFileName(fileName);
        }
        return (preview.Width, preview.Height);
    }

    /// <summary>A .look, a LutBridge .cube (its Look rides in a comment) or any LUT, decomposed into a Look.</summary>
    public Look OpenLut(string fileName, byte[] bytes, CancellationToken cancel)
    {
        var path = SaveUpload("source", fileName, bytes, [.. LutFile.ReadableExtensions, ".look"]);
        var look = Path.GetExtension(path) switch
        {
            ".look" => LookFile.Read(path),
            ".cube" => LookFile.FromCubeText(File.ReadLines(path), Path.GetFileName(fileName)) ?? Decompose(path, cancel),
            _ => Decompose(path, cancel),
        };
        if (look.Title is null) look = look.WithTitle(Path.GetFileNameWithoutExtension(fileName));
        lock (_gate)
        {
            Look = look;
            SourceName = Path.GetFileName(fileName);
        }
        return look;
    }

    private static Look Decompose(string path, CancellationToken cancel) =>
        Decomposer.Run(LutFile.Read(path), DecomposeOptions.Default, null, cancel).Look;

    /// <summary>Sets sliders by name (unknown names and values out of range are refused, nothing changes).</summary>
    public Look SetValues(IReadOnlyDictionary<string, double> values)
    {
        lock (_gate)
        {
            var look = Look ?? throw new InputException("open a LUT or Look first");
            foreach (var (name, value) in values)
            {
                var p = LookParameters.Find(name) ?? throw new InputException($"unknown slider '{name}'");
                if (!double.IsFinite(value) || !p.InRange(value))
                    throw new InputException($"{name} = {value} is outside {p.Min}..{p.Max}");
                look = look.With(p.Index, value);
            }
            Look = look;
            return look;
        }
    }

    /// <summary>The preview graded by the current Look (the photo itself without one), as JPEG, and how long it took.</summary>
    public (byte[] Jpeg, double Milliseconds) Render(bool graded)
    {
        RgbImage preview;
        Look? look;
        lock (_gate)
        {
            preview = Preview ?? throw new InputException("open a photo first");
            look = Look;
        }
        var clock = Stopwatch.StartNew();
        var image = preview;
        if (graded && look is not null)
        {
            image = new RgbImage(preview.Width, preview.Height, SampleType.UInt8);
            new LutApplier(LookBaker.Bake(look, PreviewLattice)).Apply(preview, image);
        }
        var jpeg = ImageFile.Encode("preview.jpg", image, new ImageWriteOptions { JpegQuality = 90 });
        return (jpeg, clock.Elapsed.TotalMilliseconds);
    }

    public void Dispose()
    {
        try { Directory.Delete(Dir, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }
}
