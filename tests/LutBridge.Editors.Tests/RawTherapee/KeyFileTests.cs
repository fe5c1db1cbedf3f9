using LutBridge.Core;
using LutBridge.Editors.RawTherapee;
using LutBridge.Testing;

namespace LutBridge.Editors.Tests.RawTherapee;

public class KeyFileTests
{
    private const string Sample =
        "# my notes\n[Exposure]\nCompensation=0.5\n\n# film\n[Film Simulation]\nEnabled=false\nClutFilename=\nStrength=100\n\n[RGB Curves]\nEnabled=false\n";

    [Fact]
    public void ParseAndWriteBackIsByteExact()
    {
        foreach (var text in new[] { Sample, Sample.Replace("\n", "\r\n"), Sample.TrimEnd('\n'), "" })
            Assert.Equal(text, KeyFile.Parse(text, "x.pp3").ToString());
    }

    [Fact]
    public void SetChangesOnlyThatLine()
    {
        var file = KeyFile.Parse(Sample, "x.pp3");
        file.Set("Film Simulation", "Enabled", "true");
        Assert.Equal(Sample.Replace("Enabled=false\nClutFilename", "Enabled=true\nClutFilename"), file.ToString());
        Assert.Equal("true", file.Get("Film Simulation", "Enabled"));
        Assert.Equal("false", file.Get("RGB Curves", "Enabled"));
    }

    [Fact]
    public void MissingKeyGoesAfterTheGroupsLastEntryAndMissingGroupAtTheEnd()
    {
        var file = KeyFile.Parse(Sample, "x.pp3");
        file.Set("Exposure", "Contrast", "10");
        file.Set("Color Management", "ClutsDirectory", "/abs/cluts");
        Assert.Equal(
            Sample.Replace("Compensation=0.5\n", "Compensation=0.5\nContrast=10\n") + "\n[Color Management]\nClutsDirectory=/abs/cluts\n",
            file.ToString());
    }

    [Theory]
    [InlineData(@"C:\luts\a.png")]
    [InlineData(" leading space")]
    [InlineData("tab\there")]
    public void ValuesAreEscapedLikeGLib(string value)
    {
        var file = KeyFile.Empty();
        file.Set("G", "K", value);
        var reparsed = KeyFile.Parse(file.ToString(), "x");
        Assert.Equal(value, reparsed.Get("G", "K"));
        Assert.DoesNotContain("\t", file.ToString());
    }

    [Theory]
    [InlineData("[Group\nKey=1\n", 1)]
    [InlineData("[G]\nno equals sign\n", 2)]
    [InlineData("Key=1\n[G]\n", 1)]
    public void MalformedLinesNameFileAndLine(string text, int line)
    {
        var e = Assert.Throws<InputException>(() => KeyFile.Parse(text, "bad.pp3"));
        Assert.StartsWith($"bad.pp3:{line}:", e.Message);
    }

    [Fact]
    public void RealProfileWrittenByRawTherapeeRoundTripsExactly()
    {
        var dir = TestEnvironment.NewTempDir("pp3");
        var (_, sidecar) = RealRawTherapee.WriteSidecar(dir, TestEnvironment.SharedFile("photos", "skimage_rocket.jpg"));
        var text = File.ReadAllText(sidecar);
        var file = KeyFile.Load(sidecar);
        Assert.Equal(text, file.ToString());
        Assert.Equal("349", file.Get("Version", "Version"));
        Assert.Equal("false", file.Get("Film Simulation", "Enabled"));
        Assert.True(file.Groups.Count > 40);
        Directory.Delete(dir, true);
    }
}
