using LutBridge.Core.Imaging;
using LutBridge.Engines.Distil;
using LutBridge.Testing;

namespace LutBridge.Engines.Tests.Distil;

/// <summary>
/// The synthetic warp's known geometry (what eval distil --diagnose measures registrations against)
/// checked against the warped image itself, then a registration checked against that geometry.
/// </summary>
public class RegistrationTruthTests
{
    [Fact]
    public void WarpTruthSaysWhereEachDotLandsInTheWarpedImage()
    {
        // White dots on black: the warped image shows where each one went (its brightness-weighted
        // centroid), independently of WarpTruth's inversion of the warp.
        const int w = 400, h = 300;
        var rgb = new float[3 * w * h];
        var dots = new List<(int X, int Y)>();
        for (int y = 40; y < h - 40; y += 55)
            for (int x = 40; x < w - 40; x += 60) dots.Add((x, y));
        foreach (var (x, y) in dots)
            for (int dy = -2; dy <= 2; dy++)
                for (int dx = -2; dx <= 2; dx++)
                    for (int c = 0; c < 3; c++) rgb[3 * ((y + dy) * w + x + dx) + c] = 1;
        var warp = SyntheticWarp.Standard with { ObjectFraction = 0 };
        var (warped, ww, wh, truth) = warp.ApplyWithTruth(rgb, w, h);
        int found = 0;
        foreach (var (x, y) in dots)
        {
            var (tx, ty) = truth.Forward(x, y);
            if (tx < 8 || ty < 8 || tx > ww - 9 || ty > wh - 9) continue;
            double sum = 0, sx = 0, sy = 0;
            for (int v = (int)ty - 7; v <= (int)ty + 7; v++)
                for (int u = (int)tx - 7; u <= (int)tx + 7; u++)
                {
                    double g = warped[3 * (v * ww + u)];
                    sum += g; sx += g * u; sy += g * v;
                }
            Assert.True(sum > 5, $"dot ({x}, {y}): nothing near ({tx:0.0}, {ty:0.0})");
            double err = Math.Sqrt(Math.Pow(sx / sum - tx, 2) + Math.Pow(sy / sum - ty, 2));
            Assert.True(err < 0.35, $"dot ({x}, {y}) at ({sx / sum:0.00}, {sy / sum:0.00}), truth says ({tx:0.00}, {ty:0.00})");
            found++;
        }
        Assert.True(found >= 15, $"{found} dots checked");
        // The shift alone moves the centre by 3% of the frame, less the crop's offset.
        var (cx, cy) = truth.Forward(w / 2.0, h / 2.0);
        Assert.True(Math.Abs(cx - (w / 2.0 + 0.03 * w - (w - ww) / 2.0)) < 4.5, $"centre x {cx}");
    }

    [Fact]
    public void RegistrationMatchesAPhotoWithinAPixelAndLeavesTheForeignObjectOut()
    {
        var photo = ImageFile.Read(TestEnvironment.RepoFile("samples", "photos", "skimage_coffee.png"));
        var rgb = Pixels.ToFloats(photo);
        var (warped, ww, wh, truth) = SyntheticWarp.Standard.ApplyWithTruth(rgb, photo.Width, photo.Height);
        var held = new PixelPairs(rgb, rgb).Strided(4096);
        var d = RegistrationDiagnosis.Of(photo, Pixels.ToImage(warped, ww, wh), truth, DistilOptions.Default, held, CancellationToken.None, refit: false);
        Assert.True(d.GlobalErrorMedianPx < 4, $"global model {d.GlobalErrorMedianPx:0.00} px from the truth (elastic 4 px)");
        Assert.True(d.ErrorMedianPx < 1, $"kept matches {d.ErrorMedianPx:0.00} px from the truth at the median");
        Assert.True(d.ObjectFraction < 0.02, $"{d.ObjectFraction:P1} of the kept matches lie on the foreign object");
        Assert.True(d.KeptFraction > 0.15, $"{d.KeptFraction:P0} kept");
    }
}
