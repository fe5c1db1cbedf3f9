using LutBridge.Core.Imaging;
using LutBridge.Core.LutFiles;
using LutBridge.Engines.Match;
using LutBridge.Testing;

namespace LutBridge.Engines.Tests.Match;

public class LearnedPriorTests
{
    private static ImageStatistics Stats(double median, double chromaP90All) => new(
        LightnessQuantiles: [0.05, 0.1, 0.15, 0.2, 0.3, median, 0.7, 0.8, 0.85, 0.9, 0.95],
        NeutralA: [0.001, 0.002, 0.003, 0.002, 0.001],
        NeutralB: [0.004, 0.003, 0.002, 0.001, 0.0],
        BandWeight: [0.1, 0.2, 0.4, 0.2, 0.1],
        ChromaMedian: [0.02, 0.03, 0.04, 0.03, 0.02],
        ChromaP90: [0.05, 0.07, 0.09, 0.07, 0.05],
        ChromaMedianAll: 0.04,
        ChromaP90All: chromaP90All,
        Samples: 100);

    [Fact]
    public void WithOneVaryingStatisticTheFitIsTheClosedFormRidgeSlope()
    {
        // Only the median lightness varies; the ungraded chroma 90% is the graded one plus a
        // deterministic function of it. Standardised, that one regressor is orthogonal to the
        // intercept, so the ridge solution is closed-form: intercept = mean shift,
        // slope = Σ z·y / (n·(1 + ridge)), z = (x − mean) / population σ.
        var xs = Enumerable.Range(0, 9).Select(i => 0.45 + 0.0125 * i).ToArray();
        double Shift(double x) => 0.02 + 0.3 * (x - 0.5) + 0.01 * Math.Sin(40 * x);
        var pairs = xs.Select(x => (Stats(x, 0.1), Stats(x, 0.1 + Shift(x)))).ToList();
        const double ridge = 0.5;
        var prior = LearnedPrior.Fit(pairs, ridge, "test");

        double n = xs.Length, mean = xs.Average();
        double sd = Math.Sqrt(xs.Average(x => (x - mean) * (x - mean)));
        double intercept = xs.Average(Shift);
        double slope = xs.Sum(x => (x - mean) / sd * Shift(x)) / (n * (1 + ridge));
        foreach (var x in new[] { 0.46, 0.5, 0.53 })
        {
            double expected = 0.1 + intercept + slope * (x - mean) / sd;
            Assert.Equal(expected, prior.Predict(Stats(x, 0.1)).ChromaP90All, 9);
            // A statistic that never moved between graded and ungraded is predicted unchanged.
            Assert.Equal(0.002, prior.Predict(Stats(x, 0.1)).NeutralA[1], 9);
        }
    }

    [Fact]
    public void TheJsonRoundTripsAndAWrongShapeIsRefused()
    {
        var pairs = new[] { 0.45, 0.5, 0.55 }.Select(x => (Stats(x, 0.1), Stats(x, 0.12))).ToList();
        var prior = LearnedPrior.Fit(pairs, 0.1, "round trip");
        var back = LearnedPrior.FromJson(prior.ToJson());
        Assert.Equal(prior.Predict(Stats(0.52, 0.1)).ChromaP90All, back.Predict(Stats(0.52, 0.1)).ChromaP90All, 12);
        Assert.Throws<InvalidDataException>(() => LearnedPrior.FromJson("""{"about":"x","mean":[0],"scale":[1],"weights":[[0,0]]}"""));
        Assert.Throws<InvalidDataException>(() => LearnedPrior.FromJson("{}"));
    }

    [Fact]
    public void TheShippedPriorWasFittedWithoutTheHeldOutSetAndUndoesAnUnseenLook()
    {
        var shipped = LearnedPrior.Shipped;
        Assert.Contains("held out: the LUTs of eval match --offset 1", shipped.About);
        // scripts/match-heldout-photos.sh and match-fresh-photos.sh names: none may have been trained on.
        foreach (var heldOutPhoto in new[] { "ocv_", "mate_", "lomiri_", "fresh_", "fresh2_", "_by_" }) Assert.DoesNotContain(heldOutPhoto, shipped.About);

        // The held-out looks (every 5th LUT from index 1 of the sorted creative folder: eval match --offset 1's)
        // on a photo: on average the prior's estimate of the ungraded tone quantiles is nearer to the real
        // ones than the graded photo's own (a mild look alone may come out farther: the prior expects a grade).
        var luts = Directory.GetFiles(TestEnvironment.SharedFile("luts", "creative")).Order(StringComparer.Ordinal).Where((_, i) => i % 5 == 1).ToArray();
        Assert.Equal(12, luts.Length);
        var photo = ImageFile.Read(TestEnvironment.SharedFile("photos", "kodak_kodim23.png"));
        var rgb = MatchMetrics.ToFloats(photo);
        var ungraded = ImageStatistics.Of(photo);
        double before = 0, after = 0;
        foreach (var lutPath in luts)
        {
            var graded = ImageStatistics.Of(MatchMetrics.FromFloats(MatchMetrics.ApplyLut(LutFile.Read(lutPath), rgb), photo.Width, photo.Height));
            before += Rms(graded.LightnessQuantiles, ungraded.LightnessQuantiles) / luts.Length;
            after += Rms(shipped.Predict(graded).LightnessQuantiles, ungraded.LightnessQuantiles) / luts.Length;
        }
        Assert.True(after < before, $"tone quantiles {before:0.0000} from the truth as graded, {after:0.0000} after the learned prior");
    }

    [Fact]
    public void TheTypicalFilmGradeIsWhatTheTrainingLutsDoToTheSharedPhotos()
    {
        // Recomputed here on the 10 shared photos alone (whole, 256 px), without the FiveK photos, crops
        // and exposures the constant also averages: graded − ungraded statistics over the colour LUTs
        // that are not eval match --offset 1's. Near the shipped constant, and the held-out looks unused.
        var luts = Directory.GetFiles(TestEnvironment.SharedFile("luts", "creative")).Order(StringComparer.Ordinal)
            .Where((_, i) => i % 5 != 1).Select(f => LutFile.Read(f)).ToList();
        Assert.Equal(48, luts.Count);
        var photos = Directory.GetFiles(TestEnvironment.SharedFile("photos")).Where(ImageFile.IsImagePath).ToList();
        Assert.Equal(10, photos.Count);
        var sum = new double[LearnedPrior.Length];
        double chroma = 0;
        int count = 0;
        foreach (var path in photos)
        {
            var small = Thumbnail.Of(ImageFile.Read(path), 256);
            var ungraded = ImageStatistics.Of(MatchMetrics.FromFloats(small.Rgb, small.Width, small.Height));
            foreach (var lut in luts)
            {
                var graded = ImageStatistics.Of(MatchMetrics.FromFloats(MatchMetrics.ApplyLut(lut, small.Rgb), small.Width, small.Height));
                if (graded.ChromaP90All < MatchTuning.Default.MonochromeChroma) continue;
                var (g, u) = (LearnedPrior.Flatten(graded), LearnedPrior.Flatten(ungraded));
                for (int f = 0; f < sum.Length; f++) sum[f] += g[f] - u[f];
                chroma += Math.Log(graded.ChromaP90All / ungraded.ChromaP90All);
                count++;
            }
        }
        var typical = LearnedPrior.Flatten(GradeEstimator.TypicalFilmGrade);
        var report = string.Join(" ", sum.Select(v => (v / count).ToString("0.000")));
        // These photos alone lift the black a little more (0.078 at 0.5 %) and their whites come down
        // (−0.013 at 99.5 %, against +0.017 with the flat FiveK exports and the exposures): within 0.035.
        for (int f = 0; f < ImageStatistics.Probabilities.Length; f++) Assert.True(Math.Abs(sum[f] / count - typical[f]) < 0.035, report);
        for (int f = ImageStatistics.Probabilities.Length; f < ImageStatistics.Probabilities.Length + 2 * ImageStatistics.BandCentres.Length; f++)
            Assert.True(Math.Abs(sum[f] / count - typical[f]) < 0.008, report);
        // Its character: lifted blacks, cool shadows (b < 0 in the darkest band) and warm highlights (b > 0 in the brightest).
        int q = ImageStatistics.Probabilities.Length, bands = ImageStatistics.BandCentres.Length;
        Assert.True(sum[0] / count > 0.04 && sum[q + bands] / count < 0 && sum[q + 2 * bands - 1] / count > 0, report);
        // Chroma depends most on the photos: on these the LUTs leave it about as it was (−0.02), on the flat
        // FiveK exports they add to it, hence the constant's +0.08 (a +2 % saturation at the default weight).
        Assert.InRange(chroma / count, GradeEstimator.TypicalFilmChromaLogRatio - 0.12, GradeEstimator.TypicalFilmChromaLogRatio);
    }

    [Fact]
    public void TheFreshHeldOutPhotosAreNoneOfTheOldSet()
    {
        // Each script's `take SOURCE NAME` lines, read from the scripts themselves: the fresh set must
        // share no source photo with the old one (now tuning data) and name 12 distinct photos.
        static List<(string Source, string Name)> Takes(string script) =>
            File.ReadLines(TestEnvironment.RepoFile("scripts", script))
                .Select(l => System.Text.RegularExpressions.Regex.Match(l, "^take \"([^\"]+)\" (\\S+)$"))
                .Where(m => m.Success).Select(m => (Path.GetFileName(m.Groups[1].Value), m.Groups[2].Value)).ToList();
        var old = Takes("match-heldout-photos.sh");
        var fresh = Takes("match-fresh-photos.sh");
        Assert.Equal(12, old.Count);
        Assert.Equal(12, fresh.Count);
        Assert.Equal(12, fresh.Select(t => t.Name).Distinct().Count());
        Assert.All(fresh, t => Assert.StartsWith("fresh_", t.Name));
        Assert.Empty(fresh.Select(t => t.Source).Intersect(old.Select(t => t.Source)));
    }

    [Fact]
    public void TheSecondFreshSetIsNoneOfTheOthers()
    {
        // `take SOURCE NAME HALF` lines: 22 distinct photos, 11 per half, none the source of a photo in the
        // other two sets (the source's path below the package's folder: plasma's files are all 2560x1600.jpg).
        static List<(string Source, string Name, string Half)> Takes(string script) =>
            File.ReadLines(TestEnvironment.RepoFile("scripts", script))
                .Select(l => System.Text.RegularExpressions.Regex.Match(l, "^take \"\\$[a-z]+/([^\"]+)\" (\\S+)( [ab])?$"))
                .Where(m => m.Success).Select(m => (m.Groups[1].Value, m.Groups[2].Value, m.Groups[3].Value.Trim())).ToList();
        var fresh2 = Takes("match-fresh2-photos.sh");
        var others = Takes("match-heldout-photos.sh").Concat(Takes("match-fresh-photos.sh")).ToList();
        Assert.Equal(24, others.Count);
        Assert.Equal(22, fresh2.Count);
        Assert.Equal(22, fresh2.Select(t => t.Source).Distinct().Count());
        Assert.Equal(22, fresh2.Select(t => t.Name).Distinct().Count());
        Assert.Equal(11, fresh2.Count(t => t.Half == "a"));
        Assert.Equal(11, fresh2.Count(t => t.Half == "b"));
        Assert.All(fresh2, t => Assert.StartsWith("fresh2_", t.Name));
        Assert.Empty(fresh2.Select(t => Path.GetFileName(t.Source)).Where(f => f != "2560x1600.jpg").Intersect(others.Select(t => Path.GetFileName(t.Source))));
    }

    [Theory]
    [InlineData(0.030, 1.0)]   // a cast of 0.03, three times the zone 0.01: the natural prior's neutral greys come back fully
    [InlineData(0.015, 0.5)]   // 1.5 zones: halfway (a step from one zone to two)
    [InlineData(0.008, 0.0)]   // within the zone: the learned prior's estimate stays
    public void APlainGradeShownClearlyBringsTheNaturalPriorBack(double cast, double castWeight)
    {
        // Natural prior: the typical photo; the learned prior "explains away" most of the reference's
        // lifted black and its cast as content. Per end quantile the weight is a step from KeepEndsZone (0.04)
        // to twice it of |reference − natural|, used only where the natural prior sees more grade than the learned one.
        var t = new MatchTuning { Learned = 1, InputPrior = 0, Keep = 1, KeepEndsZone = 0.04, KeepCastZone = 0.01, Typical = 0 };
        double[] natural = [0.10, 0.17, 0.24, 0.31, 0.44, 0.58, 0.72, 0.82, 0.87, 0.92, 0.96];
        double[] reference = [0.22, 0.23, 0.27, 0.33, 0.45, 0.58, 0.71, 0.81, 0.86, 0.91, 0.97];
        double[] learned = [0.21, 0.23, 0.26, 0.32, 0.45, 0.57, 0.71, 0.81, 0.86, 0.91, 0.965];
        ImageStatistics S(double[] q, double b) => new(q, [0, 0, 0, 0, 0], [b, b, b, b, b], [0.1, 0.2, 0.4, 0.2, 0.1],
            [0.02, 0.03, 0.04, 0.03, 0.02], [0.05, 0.07, 0.09, 0.07, 0.05], 0.04, 0.1, 100);
        var prior = GradeEstimator.KeepPlainGrades(S(reference, cast), S(learned, 0.9 * cast), S(natural, 0), t);
        // 0.5 %: |0.22 − 0.10| = 0.12 ≥ 0.08 → weight 1, the natural 0.10.
        Assert.Equal(0.10, prior.LightnessQuantiles[0], 9);
        // 2 %: |0.23 − 0.17| = 0.06 → weight 0.5 → (0.23 + 0.17) / 2 = 0.20.
        Assert.Equal(0.20, prior.LightnessQuantiles[1], 9);
        // 99.5 %: |0.97 − 0.96| = 0.01, within the zone → the learned 0.965; 98 %: the learned prior is farther → learned.
        Assert.Equal(0.965, prior.LightnessQuantiles[10], 9);
        Assert.Equal(0.91, prior.LightnessQuantiles[9], 9);
        // Midtones are never touched, though the learned prior moved them.
        for (int i = 2; i < 9; i++) Assert.Equal(learned[i], prior.LightnessQuantiles[i], 9);
        // The cast: the natural prior's 0 blended with the learned 0.9·cast by the step's weight.
        foreach (var b in prior.NeutralB) Assert.Equal((1 - castWeight) * 0.9 * cast, b, 9);

        // Keep 0 is the learned prior itself.
        var off = GradeEstimator.KeepPlainGrades(S(reference, cast), S(learned, 0.9 * cast), S(natural, 0), t with { Keep = 0 });
        Assert.Equal(learned, off.LightnessQuantiles);
    }

    private static double Rms(double[] a, double[] b) => Math.Sqrt(a.Zip(b, (x, y) => (x - y) * (x - y)).Average());
}
