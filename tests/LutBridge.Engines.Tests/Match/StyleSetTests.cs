using LutBridge.Core.Luts;
using LutBridge.Core.LutFiles;
using LutBridge.Engines.Library;
using LutBridge.Looks;
using LutBridge.Engines.Match;
using LutBridge.Testing;

namespace LutBridge.Engines.Tests.Match;

public class StyleSetTests
{
    [Fact]
    public void TheNearestStylesSteadyTheLookAndVariantsDiffer()
    {
        var dir = TestEnvironment.NewTempDir("styleset");
        var warm = Look.Neutral.With("temperature", 0.4).With("black", 0.04);
        var warmer = Look.Neutral.With("temperature", 0.6).With("black", 0.06);
        var cold = Look.Neutral.With("temperature", -0.6).With("saturation", -0.3);
        LookFile.Write(Path.Combine(dir, "warm.look"), warm.WithTitle("warm"));
        LookFile.Write(Path.Combine(dir, "warmer.look"), warmer.WithTitle("warmer"));
        LutFile.Write(Path.Combine(dir, "cold.cube"), new Lut(LookBaker.Bake(cold, 17)) { Title = "cold" });
        var index = LibraryBuilder.Add(dir, false, null, CancellationToken.None).Index;

        var estimate = Look.Neutral.With("temperature", 0.5).With("black", 0.05);
        var set = StyleSet.Build(estimate, index, k: 2, variants: 3, CancellationToken.None);
        Assert.Equal(3, set.Count);
        Assert.Equal(["warm.look", "warmer.look"], set[0].Sources.Order().ToArray());
        // The aggregate of the estimate and two warm styles warms a mid grey as they do: OKLab b of
        // the output (Core's OKLab) between the warm Look's and the warmer one's, within fitting slack.
        double B(Look look)
        {
            var (r, g, b) = new LookProcessor(look).Apply(0.5, 0.5, 0.5);
            return Core.Color.Oklab.FromSrgb(new System.Numerics.Vector3((float)r, (float)g, (float)b)).Z;
        }
        Assert.InRange(B(set[0].Look), B(warm) - 0.005, B(warmer) + 0.005);
        // The cold style, farthest from the aggregate, is offered first among the variants, and it is cooler.
        Assert.Equal(["cold.cube"], set[1].Sources);
        Assert.True(B(set[1].Look) < B(set[0].Look) - 0.01);
    }

    [Fact]
    public void WithThePhotoEveryLookOfTheSetKeepsItsStructure()
    {
        // A library of harsh tone grades (faded black, dimmed white, crushed midtones): blended with
        // the estimate they would flatten the photo. With the photo given, each Look of the set is
        // shrunk until its luma SSIM to the photo (measured here at full size) reaches the floor.
        var dir = TestEnvironment.NewTempDir("styleset-guard");
        var harsh = Look.Neutral.With("black", 0.3).With("white", 0.7).With("curve3", -0.2).With("curve2", -0.15);
        var harsher = harsh.With("black", 0.35).With("curve4", -0.2);
        LookFile.Write(Path.Combine(dir, "harsh.look"), harsh.WithTitle("harsh"));
        LookFile.Write(Path.Combine(dir, "harsher.look"), harsher.WithTitle("harsher"));
        var index = LibraryBuilder.Add(dir, false, null, CancellationToken.None).Index;
        var image = LutBridge.Core.Imaging.ImageFile.Read(TestEnvironment.RepoFile("samples", "photos", "skimage_chelsea.png"));
        var photo = MatchMetrics.ToFloats(image);
        double Ssim(Look look) => MatchMetrics.LumaSsim(MatchMetrics.ApplyLook(look, photo), photo, image.Width, image.Height);

        var unguarded = StyleSet.Build(harsh, index, k: 2, variants: 2, CancellationToken.None);
        Assert.True(Ssim(unguarded[0].Look) < 0.9, $"the unguarded set is not harsh: SSIM {Ssim(unguarded[0].Look):0.000}");
        var guarded = StyleSet.Build(harsh, index, k: 2, variants: 2, CancellationToken.None, (Thumbnail.ForGuard(image), 0.96));
        Assert.Equal(2, guarded.Count);
        foreach (var variant in guarded)
        {
            Assert.InRange(Ssim(variant.Look), 0.96, 1);
            // Shrunk, not dropped: the grade still moves the photo's colours.
            double moved = MatchMetrics.MeanDeltaE(MatchMetrics.ApplyLook(variant.Look, photo), photo);
            Assert.True(moved > 1, $"{variant.Label}: mean ΔE00 {moved:0.00}");
        }
    }
}
