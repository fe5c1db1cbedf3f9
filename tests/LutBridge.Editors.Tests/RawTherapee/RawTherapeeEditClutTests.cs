using LutBridge.Core;
using LutBridge.Core.Imaging;
using LutBridge.Editors.RawTherapee;
using LutBridge.Testing;

namespace LutBridge.Editors.Tests.RawTherapee;

/// <summary>
/// A profile's Film Simulation CLUT given relative to RawTherapee's CLUT folder (as the GUI writes
/// it): distil of the edit finds it where RawTherapee would ([Color Management] ClutsDirectory of
/// the user's options), or stops with a line naming the CLUT — rawtherapee-cli itself would leave
/// the colours unchanged and exit 0. The rendering check uses the real rawtherapee-cli.
/// </summary>
public class RawTherapeeEditClutTests
{
    private static string Profile(string clut, bool enabled = true) =>
        $"[Version]\nAppVersion=5.9\nVersion=349\n\n[Film Simulation]\nEnabled={(enabled ? "true" : "false")}\nClutFilename={clut}\nStrength=100\n";

    /// <summary>RawTherapee settings whose options name <paramref name="cluts"/> as the CLUT folder.</summary>
    private static string Settings(string dir, string cluts)
    {
        var settings = Path.Combine(dir, "rt-settings");
        Directory.CreateDirectory(settings);
        File.WriteAllText(Path.Combine(settings, "options"), $"[Color Management]\nClutsDirectory={cluts}\n");
        return settings;
    }

    /// <summary>A level-8 HaldCLUT (64³ lattice, 512×512, red fastest) that swaps red and blue.</summary>
    private static void WriteSwapClut(string path)
    {
        const int level = 8, n = level * level, side = level * level * level;
        var image = new RgbImage(side, side, SampleType.UInt8);
        for (int i = 0; i < n * n * n; i++)
        {
            int r = i % n, g = i / n % n, b = i / (n * n);
            byte V(int c) => (byte)Math.Round(255.0 * c / (n - 1));
            (image.Data[3 * i], image.Data[3 * i + 1], image.Data[3 * i + 2]) = (V(b), V(g), V(r));
        }
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        ImageFile.Write(path, image);
    }

    [Fact]
    public void ARelativeClutIsTakenFromRawTherapeesClutFolder()
    {
        var dir = TestEnvironment.NewTempDir("rtclut");
        var cluts = Path.Combine(dir, "my cluts");
        WriteSwapClut(Path.Combine(cluts, "Test", "swap.png"));
        var pp3 = Path.Combine(dir, "edit.pp3");
        File.WriteAllText(pp3, Profile("Test/swap.png"));

        var edit = RawTherapeeEdit.Open(pp3, Settings(dir, cluts));

        var written = KeyFile.Parse(edit.Profile, "profile").Get(RawTherapeeEdit.FilmSimulationGroup, "ClutFilename");
        Assert.Equal(Path.Combine(cluts, "Test", "swap.png"), written);
        Assert.Equal(Profile("Test/swap.png"), File.ReadAllText(pp3)); // the user's file is untouched
    }

    [Fact]
    public void AClutMissingFromTheFolderIsAnErrorNamingIt()
    {
        var dir = TestEnvironment.NewTempDir("rtclut");
        var pp3 = Path.Combine(dir, "edit.pp3");
        File.WriteAllText(pp3, Profile("Fuji/Velvia 50.png"));
        var cluts = Path.Combine(dir, "empty");
        Directory.CreateDirectory(cluts);

        var e = Assert.Throws<InputException>(() => RawTherapeeEdit.Open(pp3, Settings(dir, cluts)));
        Assert.StartsWith(pp3 + ":", e.Message);
        Assert.Contains("'Fuji/Velvia 50.png'", e.Message);
        Assert.Contains(cluts, e.Message);

        File.WriteAllText(pp3, Profile(Path.Combine(dir, "nowhere.png")));
        var absolute = Assert.Throws<InputException>(() => RawTherapeeEdit.Open(pp3, Settings(dir, cluts)));
        Assert.Contains(Path.Combine(dir, "nowhere.png"), absolute.Message);
    }

    [Fact]
    public void ADisabledFilmSimulationIsLeftAlone()
    {
        var dir = TestEnvironment.NewTempDir("rtclut");
        var pp3 = Path.Combine(dir, "edit.pp3");
        File.WriteAllText(pp3, Profile("Fuji/Velvia 50.png", enabled: false));
        var edit = RawTherapeeEdit.Open(pp3, Settings(dir, Path.Combine(dir, "empty")));
        Assert.Equal("Fuji/Velvia 50.png", KeyFile.Parse(edit.Profile, "profile").Get(RawTherapeeEdit.FilmSimulationGroup, "ClutFilename"));
    }

    [Fact]
    public void RawTherapeeRendersTheEditWithTheRelativeClut()
    {
        TestEnvironment.RequireTool("rawtherapee-cli");
        var dir = TestEnvironment.NewTempDir("rtclut");
        var cluts = Path.Combine(dir, "cluts");
        WriteSwapClut(Path.Combine(cluts, "swap.png"));
        var settings = Settings(dir, cluts);
        var on = Path.Combine(dir, "on.pp3");
        var off = Path.Combine(dir, "off.pp3");
        File.WriteAllText(on, Profile("swap.png"));
        File.WriteAllText(off, Profile("swap.png", enabled: false));
        // A colour with red far from blue, so the swap shows.
        var photo = new RgbImage(64, 64, SampleType.UInt8);
        for (int i = 0; i < 64 * 64; i++) (photo.Data[3 * i], photo.Data[3 * i + 1], photo.Data[3 * i + 2]) = (200, 120, 40);

        var swapped = RawTherapeeEdit.Open(on, settings).Render([photo], CancellationToken.None)[0];
        var plain = RawTherapeeEdit.Open(off, settings).Render([photo], CancellationToken.None)[0];

        var (sr, _, sb) = Mean(swapped);
        var (pr, _, pb) = Mean(plain);
        // Without the CLUT the photo stays warm (red over blue); through it red and blue trade places.
        Assert.True(pr > pb + 0.3, $"plain render: red {pr:0.000}, blue {pb:0.000}");
        Assert.True(sb > sr + 0.3, $"render with the CLUT: red {sr:0.000}, blue {sb:0.000}");
    }

    private static (double R, double G, double B) Mean(RgbImage image)
    {
        var f = ImageConvert.ToType(image, SampleType.Float32).Samples<float>().ToArray();
        double r = 0, g = 0, b = 0;
        int n = f.Length / 3;
        for (int i = 0; i < n; i++) { r += f[3 * i]; g += f[3 * i + 1]; b += f[3 * i + 2]; }
        return (r / n, g / n, b / n);
    }
}
