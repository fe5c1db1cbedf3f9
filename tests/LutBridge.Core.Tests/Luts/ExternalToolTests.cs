using System.Numerics;
using LutBridge.Core.Imaging;
using LutBridge.Core.Luts;
using LutBridge.Testing;
using LutBridge.Core.LutFiles;
using LutBridge.Core.Imaging.LutImages;

namespace LutBridge.Core.Tests.Luts;

/// <summary>Our files and interpolation checked against ImageMagick and ffmpeg.</summary>
public class ExternalToolTests
{
    [Theory]
    [InlineData(2, 8)]
    [InlineData(5, 16)]
    [InlineData(8, 16)]
    public void ImageMagick_identity_hald_reads_as_identity(int level, int depth)
    {
        var convert = TestEnvironment.RequireTool("convert");
        var dir = TestEnvironment.NewTempDir("imhald");
        var path = Path.Combine(dir, $"hald{level}.png");
        var (code, _, err) = TestEnvironment.Run(convert, [$"hald:{level}", "-depth", depth.ToString(), $"PNG{(depth == 8 ? 24 : 48)}:{path}"]);
        Assert.True(code == 0, err);
        var lut = LutFile.Read(path, PngLutLayout.HaldClut);
        int n = level * level;
        Assert.Equal(n, lut.Lattice!.Size);
        double tolerance = 0.5 / ((1 << depth) - 1) + 1e-6;
        var nodes = LutAssert.Nodes(lut.Lattice).ToArray();
        for (int b = 0, k = 0; b < n; b++)
            for (int g = 0; g < n; g++)
                for (int r = 0; r < n; r++, k++)
                    LutAssert.Near(new Vector3(r, g, b) / (n - 1), nodes[k], tolerance, $"level {level} node {r},{g},{b}");
    }

    [Fact]
    public void Ffmpeg_haldclut_on_our_hald_matches_ffmpeg_lut3d_on_our_cube_and_our_evaluate()
    {
        var ffmpeg = TestEnvironment.RequireTool("ffmpeg");
        var dir = TestEnvironment.NewTempDir("ffhald");
        var photo = TestEnvironment.SharedFile("photos", "kodak_kodim23.png");
        var lut = LutFile.Read(TestEnvironment.SharedFile("luts", "creative", "colorslide__fuji_velvia_100_generic.cube"));
        var cube = Path.Combine(dir, "velvia.cube");
        var hald = Path.Combine(dir, "velvia.png");
        LutFile.Write(cube, lut);
        LutFile.Write(hald, lut); // 13³ → level 5 (25³), which keeps every node
        // Both filters run at 16 bit so ffmpeg does not requantise the 16-bit Hald image to 8 bit.

        var viaCube = Path.Combine(dir, "cube.png");
        var viaHald = Path.Combine(dir, "hald.png");
        var r1 = TestEnvironment.Run(ffmpeg, ["-v", "error", "-y", "-i", photo, "-vf", $"format=rgb48,lut3d=file={cube}:interp=tetrahedral", "-pix_fmt", "rgb24", viaCube]);
        Assert.True(r1.ExitCode == 0, r1.StdErr);
        var r2 = TestEnvironment.Run(ffmpeg, ["-v", "error", "-y", "-i", photo, "-i", hald, "-filter_complex", "[0]format=rgb48[a];[1]format=rgb48[b];[a][b]haldclut=interp=tetrahedral", "-frames:v", "1", "-pix_fmt", "rgb24", viaHald]);
        Assert.True(r2.ExitCode == 0, r2.StdErr);

        var input = ImageFile.Read(photo);
        var a = ImageFile.Read(viaCube);
        var b = ImageFile.Read(viaHald);
        var src = input.Samples<byte>();
        var pa = a.Samples<byte>();
        var pb = b.Samples<byte>();
        int worstHald = 0, worstOurs = 0;
        for (int i = 0; i < pa.Length; i += 3)
        {
            for (int c = 0; c < 3; c++) worstHald = Math.Max(worstHald, Math.Abs(pa[i + c] - pb[i + c]));
            if (i % (3 * 11) != 0) continue; // our scalar reference on every 11th pixel
            var v = lut.Evaluate(new Vector3(src[i], src[i + 1], src[i + 2]) / 255f) * 255f;
            worstOurs = Math.Max(worstOurs, Math.Max(Math.Abs(pa[i] - (int)MathF.Round(v.X)),
                Math.Max(Math.Abs(pa[i + 1] - (int)MathF.Round(v.Y)), Math.Abs(pa[i + 2] - (int)MathF.Round(v.Z)))));
        }
        Assert.True(worstHald <= 1, $"ffmpeg haldclut vs lut3d differ by {worstHald} codes");
        Assert.True(worstOurs <= 1, $"our tetrahedral Evaluate vs ffmpeg lut3d differ by {worstOurs} codes");
    }
}
