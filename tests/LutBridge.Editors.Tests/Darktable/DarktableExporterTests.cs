using LutBridge.Core;
using LutBridge.Core.Imaging;
using LutBridge.Core.Luts;
using LutBridge.Editors.Darktable;
using LutBridge.Testing;
using LutBridge.Core.LutFiles;

namespace LutBridge.Editors.Tests.Darktable;

/// <summary>Batch export through the real darktable-cli: formats, workers, the applied-look check.</summary>
public class DarktableExporterTests
{
    private static Lut Invert(string dir) => LutFile.Read(RealDarktable.InvertCube(Path.Combine(dir, "lut")));

    [Fact]
    public void TwoWorkersExportEveryImageAsPngWithTheLookApplied()
    {
        var dir = TestEnvironment.NewTempDir("dtexport");
        var inDir = Path.Combine(dir, "in");
        Directory.CreateDirectory(inDir);
        var photos = new[] { "kodak_kodim04.png", "kodak_kodim13.png", "skimage_coffee.png" }
            .Select(p => RealDarktable.SmallPhoto(inDir, p, 80, 56)).ToArray();
        var outDir = Path.Combine(dir, "out");
        var inputs = DarktableExporter.ExpandInputs([inDir]);
        Assert.Equal(photos.Order(StringComparer.Ordinal), inputs);

        var reported = new List<int>();
        var results = DarktableExporter.Export(new DarktableExportRequest(Invert(dir), "invert", inputs, outDir, "png", 2),
            new SyncProgress(reported.Add), CancellationToken.None);

        Assert.Equal(3, results.Count);
        Assert.Equal(photos.Select(p => Path.Combine(outDir, Path.GetFileName(p))).Order(StringComparer.Ordinal),
            Directory.GetFiles(outDir).Order(StringComparer.Ordinal)); // nothing else left: work folder removed
        foreach (var r in results)
        {
            Assert.True(r.Checkable && r.Verdict.Applied);
            Assert.True(RealDarktable.WorstInversionError(ImageFile.Read(r.Input), ImageFile.Read(r.Output)) <= 1, r.Output);
        }
        Assert.Equal(3, reported.Count); // one progress report per exported image
        Assert.Equal([1, 2, 3], reported.Order());
        Directory.Delete(dir, true);
    }

    [Theory]
    [InlineData("jpg", new byte[] { 0xFF, 0xD8, 0xFF })]
    [InlineData("tif", new byte[] { (byte)'I', (byte)'I', 42, 0 })]
    public void FormatPicksDarktablesOutputFormat(string format, byte[] magic)
    {
        var dir = TestEnvironment.NewTempDir("dtexport-" + format);
        var photo = RealDarktable.SmallPhoto(dir, "kodak_kodim22.png", 80, 56);
        var outDir = Path.Combine(dir, "out");
        var result = Assert.Single(DarktableExporter.Export(
            new DarktableExportRequest(Invert(dir), "invert", [photo], outDir, format, 1), null, CancellationToken.None));
        Assert.Equal(Path.Combine(outDir, "kodak_kodim22." + format), result.Output);
        Assert.Equal(magic, File.ReadAllBytes(result.Output)[..magic.Length]);
        var worst = RealDarktable.WorstInversionError(ImageFile.Read(photo), ImageFile.Read(result.Output));
        Assert.True(worst <= (format == "jpg" ? 40 : 1), $"{format}: worst {worst}"); // JPEG is lossy
        Directory.Delete(dir, true);
    }

    [Fact]
    public void BadRequestsAreRefusedBeforeDarktableRuns()
    {
        var dir = TestEnvironment.NewTempDir("dtexport-bad");
        var photo = RealDarktable.SmallPhoto(dir, "kodak_kodim22.png", 16, 16);
        var twin = Path.Combine(dir, "sub");
        Directory.CreateDirectory(twin);
        var other = RealDarktable.SmallPhoto(twin, "kodak_kodim22.png", 16, 16);
        var lut = Invert(dir);
        var outDir = Path.Combine(dir, "out");
        DarktableExportRequest Request(string format, int jobs, params string[] inputs) => new(lut, "x", inputs, outDir, format, jobs);
        Assert.Contains("--format", Assert.Throws<InputException>(() => DarktableExporter.Export(Request("bmp", 1, photo), null, default)).Message);
        Assert.Contains("--jobs", Assert.Throws<InputException>(() => DarktableExporter.Export(Request("png", 0, photo), null, default)).Message);
        Assert.Contains("same file name", Assert.Throws<InputException>(() => DarktableExporter.Export(Request("png", 1, photo, other), null, default)).Message);
        Assert.Throws<InputException>(() => DarktableExporter.ExpandInputs([Path.Combine(dir, "missing.png")]));
        Assert.False(Directory.Exists(outDir));
        Directory.Delete(dir, true);
    }

    private sealed class SyncProgress(Action<int> report) : IProgress<int>
    {
        public void Report(int value) => report(value);
    }
}
