using LutBridge.Core;
using LutBridge.Editors.RawTherapee;
using LutBridge.Testing;

namespace LutBridge.Editors.Tests.RawTherapee;

public class ProfileWriterTests
{
    [Fact]
    public void SidecarMergeIntoARealRawTherapeeProfileChangesOnlyTheFilmSimulationKeys()
    {
        var dir = TestEnvironment.NewTempDir("sidecar");
        var (image, sidecar) = RealRawTherapee.WriteSidecar(dir, TestEnvironment.SharedFile("photos", "kodak_kodim23.png"));
        var before = File.ReadAllLines(sidecar);
        var clut = Path.Combine(dir, "cluts", "look.png");

        var (path, created) = ProfileWriter.MergeSidecar(image, new FilmSimulation(clut, 0.75));

        Assert.Equal(image + ".pp3", path);
        Assert.False(created);
        var after = File.ReadAllLines(sidecar);
        Assert.Equal(before.Length, after.Length);
        var changed = Enumerable.Range(0, before.Length).Where(i => before[i] != after[i]).Select(i => after[i]).ToList();
        Assert.Equal(["Enabled=true", $"ClutFilename={clut}", "Strength=75"], changed);
        int group = Array.IndexOf(after, "[Film Simulation]");
        Assert.Equal(["Enabled=true", $"ClutFilename={clut}", "Strength=75"], after[(group + 1)..(group + 4)]);

        // Merging again changes nothing.
        var once = File.ReadAllText(sidecar);
        ProfileWriter.MergeSidecar(image, new FilmSimulation(clut, 0.75));
        Assert.Equal(once, File.ReadAllText(sidecar));
        Directory.Delete(dir, true);
    }

    [Fact]
    public void RawTherapeeReadsTheMergedSidecarAndWritesItBackWithOurValues()
    {
        // rawtherapee-cli -S reads the sidecar; -O copies the profile it used next to the output.
        var dir = TestEnvironment.NewTempDir("sidecar");
        var (image, _) = RealRawTherapee.WriteSidecar(dir, TestEnvironment.SharedFile("photos", "kodak_kodim23.png"));
        var clut = Path.Combine(dir, "cluts", "look.png");
        Directory.CreateDirectory(Path.GetDirectoryName(clut)!);
        File.Copy(TestEnvironment.SharedFile("luts", "gpuimage", "lookup.png"), clut); // any image: RT only stores the name here
        ProfileWriter.MergeSidecar(image, new FilmSimulation(clut, 0.4));

        var outDir = Path.Combine(dir, "second");
        Directory.CreateDirectory(outDir);
        var (rc, stdout, stderr) = RealRawTherapee.Run(Path.Combine(dir, "rt-settings"), "-O", outDir + "/", "-S", "-Y", "-a", "-c", image);
        Assert.True(rc == 0, stdout + stderr);
        var written = KeyFile.Load(Directory.GetFiles(outDir, "*.pp3").Single());
        Assert.Equal("true", written.Get("Film Simulation", "Enabled"));
        Assert.Equal(clut, written.Get("Film Simulation", "ClutFilename"));
        Assert.Equal("40", written.Get("Film Simulation", "Strength"));
        Directory.Delete(dir, true);
    }

    [Fact]
    public void PartialProfileHoldsOnlyVersionAndFilmSimulation()
    {
        var dir = TestEnvironment.NewTempDir("pp3");
        var pp3 = Path.Combine(dir, "look.pp3");
        ProfileWriter.WritePartial(pp3, new FilmSimulation("/x/look.png", 1));
        Assert.Equal("[Version]\nAppVersion=5.9\nVersion=349\n\n[Film Simulation]\nEnabled=true\nClutFilename=/x/look.png\nStrength=100\n",
            File.ReadAllText(pp3));
        Directory.Delete(dir, true);
    }

    [Fact]
    public void MissingSidecarIsCreatedAsAPartialProfile()
    {
        var dir = TestEnvironment.NewTempDir("pp3");
        var image = Path.Combine(dir, "a.jpg");
        File.WriteAllBytes(image, [0xFF, 0xD8, 0xFF]);
        var (sidecar, created) = ProfileWriter.MergeSidecar(image, new FilmSimulation("/x/look.png", 0.5));
        Assert.True(created);
        Assert.Equal("50", KeyFile.Load(sidecar).Get("Film Simulation", "Strength"));
        Directory.Delete(dir, true);
    }

    [Theory]
    [InlineData(-0.1)]
    [InlineData(1.5)]
    [InlineData(double.NaN)]
    public void StrengthOutsideZeroToOneIsAnInputError(double strength) =>
        Assert.Throws<InputException>(() => new FilmSimulation("/x/look.png", strength));
}
