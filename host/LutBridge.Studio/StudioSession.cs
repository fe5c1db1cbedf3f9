using System.Diagnostics;
using LutBridge.Core;
using LutBridge.Core.Apply;
using LutBridge.Core.Imaging;
using LutBridge.Core.Luts;
using LutBridge.Studio.Sources;
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

    /// <summary>
    /// Lattice baked while a slider is being dragged: 17³ is 7× fewer points than 33³, so the photo
    /// follows the hand; the page asks for <see cref="PreviewLattice"/> once the slider rests.
    /// </summary>
    public const int DragLattice = 17;

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
    public string SaveUpload(string kind, string fileName, byte[] bytes, IReadOnlyList<string> allowed) =>
        SaveUpload(kind, kind, fileName, bytes, allowed);

    /// <summary>Saved as STEM.EXT (STEM is ours); <paramref name="what"/> names the field in the message.</summary>
    public string SaveUpload(string stem, string what, string fileName, byte[] bytes, IReadOnlyList<string> allowed)
    {
        var ext = Path.GetExtension(fileName).ToLowerInvariant();
        if (!allowed.Contains(ext)) throw new InputException($"{Path.GetFileName(fileName)}: not a {what} file ({string.Join(" ", allowed)})");
        var path = Path.Combine(Dir, stem + ext);
        File.WriteAllBytes(path, bytes);
        return path;
    }

    public (int Width, int Height) OpenPhoto(string fileName, byte[] bytes)
    {
        var path = SaveUpload("photo", fileName, bytes, PhotoExtensions);
        return OpenPhotoFile(path, Path.GetFileName(fileName), original: null);
    }

    /// <summary>
    /// The photo the user's editor handed over (`lutbridge studio PHOTO`, `lutbridge rt-edit`): read
    /// in place, never written; "send to RawTherapee" sets the Look in its sidecar.
    /// </summary>
    public (int Width, int Height) OpenPhotoFile(string path, string name, string? original)
    {
        var preview = PreviewImage.Load(path, PreviewPixels);
        lock (_gate)
        {
            Preview = preview;
            PhotoName = name;
            PhotoPath = original;
        }
        return (preview.Width, preview.Height);
    }

    /// <summary>The photo file on this machine the studio was started on (null for an upload: a browser never tells).</summary>
    public string? PhotoPath { get; private set; }

    /// <summary>Makes a Look from a source (on the caller's thread: sources take seconds) and makes it current.</summary>
    public SourceResult MakeLook(IStudioSource source, SourceRequest request, IProgress<StudioProgress> progress, CancellationToken cancel)
    {
        Interlocked.Increment(ref _running);
        SourceResult result;
        try
        {
            result = source.Make(request, progress, cancel);
        }
        catch (OperationCanceledException) when (cancel.IsCancellationRequested)
        {
            Interlocked.Increment(ref _stopped);
            throw;
        }
        finally
        {
            Interlocked.Decrement(ref _running);
        }
        cancel.ThrowIfCancellationRequested(); // a cancelled job never replaces the Look
        lock (_gate)
        {
            Look = result.Look;
            SourceName = source.Name;
            SourceSummary = result.Summary;
        }
        return result;
    }

    public string? SourceSummary { get; private set; }

    private int _running, _stopped;

    /// <summary>Sources whose engine stopped on a cancel (rather than finishing and being discarded).</summary>
    public int StoppedJobs => Volatile.Read(ref _stopped);

    /// <summary>Sources whose engine is still working (a cancelled one stops at its next check).</summary>
    public int RunningJobs => Volatile.Read(ref _running);

    /// <summary>Sets sliders by name (unknown names and values out of range are refused, nothing changes).</summary>
    public Look SetValues(IReadOnlyDictionary<string, double> values)
    {
        lock (_gate)
        {
            var look = Look ?? throw new InputException("open a source first (a LUT or Look, a pair, references or words)");
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

    /// <summary>
    /// The current Look baked on the preview lattice, for the page to apply to the preview itself
    /// (WebGL): size³ × RGB floats, red fastest, and how long the bake took.
    /// </summary>
    public (Lattice3D Lattice, double Milliseconds) PreviewLut(int size = PreviewLattice)
    {
        if (size is not (PreviewLattice or DragLattice)) throw new InputException($"the preview LUT is {DragLattice}³ or {PreviewLattice}³, not {size}³");
        var look = Look ?? throw new InputException("open a source first (a LUT or Look, a pair, references or words)");
        var clock = Stopwatch.StartNew();
        var lattice = LookBaker.Bake(look, size);
        return (lattice, clock.Elapsed.TotalMilliseconds);
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
