using System.Diagnostics;
using LutBridge.Core.Imaging;
using LutBridge.Testing;

namespace LutBridge.Core.Tests.Imaging;

/// <summary>
/// A JPEG's metadata read from its header alone (the bytes before the start of scan), as the
/// batch does for every photo, against exiftool reading the whole file and against cut files.
/// </summary>
public class JpegHeaderTests
{
    [Theory]
    [InlineData("skimage_rocket.jpg")]
    [InlineData("skimage_hubble_deep_field.jpg")]
    public void TheHeaderEndsAtTheStartOfScanAndHoldsTheIccProfileExiftoolFinds(string name)
    {
        var exiftool = TestEnvironment.RequireTool("exiftool");
        var path = TestEnvironment.SharedFile("photos", name);
        var file = File.ReadAllBytes(path);
        byte[] header;
        using (var stream = File.OpenRead(path)) header = JpegSegments.ReadHeader(stream);

        Assert.True(header.Length < file.Length / 4, $"header {header.Length} B of a {file.Length} B file");
        Assert.Equal(file.AsSpan(0, header.Length).ToArray(), header);
        Assert.Equal(new byte[] { 0xFF, 0xDA }, header[^2..]);
        var metadata = JpegSegments.Read(header);
        Assert.Equal(IccByExiftool(exiftool, path), metadata.Icc);
    }

    [Fact]
    public void ACutFileGivesAPrefixOfItselfAndNeverThrows()
    {
        var file = File.ReadAllBytes(TestEnvironment.SharedFile("photos", "skimage_rocket.jpg"));
        byte[] whole;
        using (var stream = new MemoryStream(file)) whole = JpegSegments.ReadHeader(stream);
        var segmentsOfWhole = JpegSegments.Read(whole).JpegSegments.Count;
        for (int cut = 0; cut <= whole.Length; cut += cut < 64 ? 1 : 97)
        {
            byte[] header;
            using (var stream = new MemoryStream(file, 0, cut)) header = JpegSegments.ReadHeader(stream);
            Assert.True(header.Length <= cut);
            Assert.Equal(file.AsSpan(0, header.Length).ToArray(), header);
            Assert.InRange(JpegSegments.Read(header).JpegSegments.Count, 0, segmentsOfWhole);
        }
    }

    [Fact]
    public void FillBytesBeforeAMarkerAreKeptAndSkipped()
    {
        // SOI, fill bytes, APP1 (XMP) of 4 payload bytes after the id, SOS, then scan data.
        var xmpId = "http://ns.adobe.com/xap/1.0/\0"u8.ToArray();
        byte[] payload = [.. xmpId, (byte)'<', (byte)'x', (byte)'/', (byte)'>'];
        byte[] file = [0xFF, 0xD8, 0xFF, 0xFF, 0xFF, 0xE1, (byte)((payload.Length + 2) >> 8), (byte)(payload.Length + 2), .. payload,
                       0xFF, 0xDA, 0x00, 0x02, 1, 2, 3];
        byte[] header;
        using (var stream = new MemoryStream(file)) header = JpegSegments.ReadHeader(stream);
        Assert.Equal(file.AsSpan(0, file.Length - 5).ToArray(), header);
        Assert.Equal("<x/>"u8.ToArray(), JpegSegments.Read(header).Xmp);
    }

    private static byte[] IccByExiftool(string exiftool, string file)
    {
        var psi = new ProcessStartInfo(exiftool) { RedirectStandardOutput = true, UseShellExecute = false };
        foreach (var a in new[] { "-b", "-ICC_Profile", file }) psi.ArgumentList.Add(a);
        using var process = Process.Start(psi)!;
        using var bytes = new MemoryStream();
        process.StandardOutput.BaseStream.CopyTo(bytes);
        process.WaitForExit();
        Assert.Equal(0, process.ExitCode);
        Assert.True(bytes.Length > 0, $"exiftool found no ICC profile in {file}");
        return bytes.ToArray();
    }
}
