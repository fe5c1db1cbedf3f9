using LutBridge.Core.Imaging;
using LutBridge.Engines.Distil;
using LutBridge.Looks;
using LutBridge.Testing;
using OpenCvSharp;

namespace LutBridge.Engines.Tests.Distil;

/// <summary>
/// The quick paths distil takes on large pairs, each against an independent reference: the block
/// average against OpenCV's area resize, the sample conversion against the v / peak formula, the
/// lattice-mapped colours against the Look evaluated per pixel, and the coarse-to-fine dense
/// reference against the same least squares solved from zero to a tight tolerance.
/// </summary>
public class ReductionTests
{
    private static RgbImage Photo() => ImageFile.Read(TestEnvironment.RepoFile("samples", "photos", "skimage_coffee.png"));

    [Fact]
    public void BlockAverageMatchesOpenCvsAreaResizeWhereTheBlocksTileTheImage()
    {
        var photo = Photo();
        Assert.Equal(SampleType.UInt8, photo.Type);
        const int block = 3;
        // Crop to a multiple of the block so that every output pixel is a whole block (OpenCV's area
        // resize is then the plain block mean).
        int w = photo.Width / block * block, h = photo.Height / block * block;
        var cropped = new RgbImage(w, h, SampleType.UInt8);
        for (int y = 0; y < h; y++) Array.Copy(photo.Data, y * photo.Width * 3, cropped.Data, y * w * 3, w * 3);

        var (mine, mw, mh) = Pixels.Reduced(cropped, block);

        using var src = new Mat(h, w, MatType.CV_8UC3);
        System.Runtime.InteropServices.Marshal.Copy(cropped.Data, 0, src.Data, cropped.Data.Length);
        using var asFloat = new Mat();
        src.ConvertTo(asFloat, MatType.CV_32FC3, 1.0 / 255);
        using var small = new Mat();
        Cv2.Resize(asFloat, small, new Size(w / block, h / block), 0, 0, InterpolationFlags.Area);
        var theirs = new float[small.Rows * small.Cols * 3];
        System.Runtime.InteropServices.Marshal.Copy(small.Data, theirs, 0, theirs.Length);

        Assert.Equal((w / block, h / block), (mw, mh));
        Assert.Equal(theirs.Length, mine.Length);
        double worst = 0;
        for (int i = 0; i < mine.Length; i++) worst = Math.Max(worst, Math.Abs(mine[i] - theirs[i]));
        Assert.True(worst < 1e-5, $"block mean differs from OpenCV's area resize by {worst}");
    }

    [Fact]
    public void PartialEdgeBlocksAverageWhatTheyHold()
    {
        // 5×1 pixels in blocks of 2: the last block holds one pixel, its mean is that pixel.
        var image = new RgbImage(5, 1, SampleType.UInt16);
        var s = image.Samples<ushort>();
        for (int x = 0; x < 5; x++) (s[3 * x], s[3 * x + 1], s[3 * x + 2]) = ((ushort)(1000 * x), (ushort)(65535 - 1000 * x), 300);
        var (rgb, w, h) = Pixels.Reduced(image, 2);
        Assert.Equal((3, 1), (w, h));
        Assert.Equal(500 / 65535f, rgb[0], 6);
        Assert.Equal((65535 - 2500) / 65535f, rgb[4], 6);
        Assert.Equal(4000 / 65535f, rgb[6], 6);
        Assert.Equal(300 / 65535f, rgb[8], 6);
    }

    [Fact]
    public void ConversionIsTheSampleOverItsPeak()
    {
        var photo = Photo();
        var f = Pixels.ToFloats(photo);
        for (int i = 0; i < f.Length; i += 997) Assert.Equal(photo.Data[i] / 255f, f[i]);

        var wide = new RgbImage(2, 1, SampleType.Float32);
        var w = wide.Samples<float>();
        (w[0], w[1], w[2], w[3], w[4], w[5]) = (float.NaN, -0.5f, 1.5f, 0.25f, float.PositiveInfinity, 0.75f);
        Assert.Equal(new[] { 0f, 0f, 1f, 0.25f, 0f, 0.75f }, Pixels.ToFloats(wide));
    }

    [Fact]
    public void ReductionBlockKeepsTheImageUnderTheLimit()
    {
        Assert.Equal(1, Pixels.ReductionBlock(2_000_000, 2_000_000));
        Assert.Equal(3, Pixels.ReductionBlock(12_000_000, 2_000_000)); // √6 = 2.45 → 3
        Assert.Equal(2, Pixels.ReductionBlock(8_000_000, 2_000_000)); // exactly 2
        Assert.Equal(5, Pixels.ReductionBlock(50_000_000, 2_000_000)); // exactly 5: 2 MP
        Assert.Equal(6, Pixels.ReductionBlock(50_000_001, 2_000_000));
    }

    [Fact]
    public void LatticeMappedColoursFollowTheLookEvaluatedPerPixel()
    {
        // A colour model as registration fits it (DenseReference.Smooth): a 9³ spline fitted to a graded photo's samples.
        var photo = Photo();
        var rgb = Pixels.ToFloats(photo);
        var graded = LookBaker.Evaluate(Look.Neutral.With("exposure", 0.3).With("contrast", 0.2).With("saturation", 0.2).With("temperature", 0.2), rgb)
            .Select(v => Math.Clamp(v, 0f, 1f)).ToArray();
        var model = DenseReference.Smooth(ColourSamples.From(new PixelPairs(rgb, graded)), CancellationToken.None);
        using var mat = Registration.ToMat(rgb, photo.Width, photo.Height);
        using var mapped = Registration.MapColours(model, mat);
        var fast = Registration.FromMat(mapped);
        var exact = LookBaker.Evaluate(model, rgb);
        double worst = 0, sum = 0;
        for (int i = 0; i < fast.Length; i++)
        {
            double d = Math.Abs(fast[i] - Math.Clamp(exact[i], 0f, 1f));
            worst = Math.Max(worst, d);
            sum += d;
        }
        Assert.True(sum / fast.Length < 0.5 / 255, $"mean difference {sum / fast.Length * 255:0.00} code values");
        // Registration compares colours against ChangedFloor (0.04, ten code values) at the least: a few
        // code values at the spline's steepest corners change nothing there.
        Assert.True(worst < Registration.ChangedFloor / 2, $"largest difference {worst * 255:0.00} code values");
    }

    [Fact]
    public void UpsampledLatticeOfALinearMapIsThatMap()
    {
        // Trilinear interpolation reproduces a linear function exactly, so the upsample must too.
        static float F(int c, double r, double g, double b) => (float)(c switch { 0 => 0.2 * r - 0.1 * g, 1 => 0.3 * b, _ => 0.05 + 0.1 * r + 0.1 * g - 0.2 * b });
        const int size = 5, fine = 9;
        var coarse = new float[size * size * size * 3];
        for (int b = 0; b < size; b++)
            for (int g = 0; g < size; g++)
                for (int r = 0; r < size; r++)
                    for (int c = 0; c < 3; c++) coarse[((b * size + g) * size + r) * 3 + c] = F(c, r / 4.0, g / 4.0, b / 4.0);
        var up = DenseReference.Upsample(coarse, size);
        Assert.Equal(fine * fine * fine * 3, up.Length);
        for (int b = 0; b < fine; b++)
            for (int g = 0; g < fine; g++)
                for (int r = 0; r < fine; r++)
                    for (int c = 0; c < 3; c++)
                        Assert.Equal(F(c, r / 8.0, g / 8.0, b / 8.0), up[((b * fine + g) * fine + r) * 3 + c], 5);
    }

    [Fact]
    public void CoarseToFineDenseReferenceMatchesTheTightSolveFromZero()
    {
        // A graded photo's colour samples; the reference solved coarse to fine against the same
        // weighted least squares solved from zero to the tolerance it used to have (1e-6).
        var photo = Photo();
        var rgb = Pixels.ToFloats(photo);
        var graded = LookBaker.Evaluate(Look.Neutral.With("contrast", 0.3).With("temperature", 0.3).With("saturation", -0.2), rgb)
            .Select(v => Math.Clamp(v, 0f, 1f)).ToArray();
        var samples = ColourSamples.From(new PixelPairs(rgb, graded));
        var quick = DenseReference.Fit(samples, CancellationToken.None);
        var offsets = new double[samples.Inputs.Length];
        for (int i = 0; i < offsets.Length; i++) offsets[i] = samples.Targets[i] - samples.Inputs[i];
        var tight = LutBridge.Engines.Decompose.ResidualFit.Solve(DenseReference.Size, ResidualKernel.Trilinear, samples.Inputs, offsets,
            samples.Counts.Select(c => (double)c).ToArray(), null, CancellationToken.None, 1e-6);
        var tightLook = Look.Neutral.WithResidual(new LookResidual(DenseReference.Size, tight, kernel: ResidualKernel.Trilinear));
        var pairs = new PixelPairs(rgb, graded).Strided(50_000);
        var a = LookBaker.Evaluate(quick, pairs.Before);
        var b = LookBaker.Evaluate(tightLook, pairs.Before);
        double worst = 0, sum = 0;
        for (int i = 0; i < a.Length; i++)
        {
            double d = Math.Abs(a[i] - b[i]);
            worst = Math.Max(worst, d);
            sum += d;
        }
        Assert.True(sum / a.Length < 0.1 / 255 && worst < 2.0 / 255, $"mean {sum / a.Length * 255:0.000}, largest {worst * 255:0.000} code values apart");
        Assert.True(PairScore.Of(tightLook, pairs).PsnrDb > 40, "the tight solve itself fits");
    }
}
