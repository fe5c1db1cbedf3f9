using System.Numerics;
using LutBridge.Core;
using LutBridge.Core.Color;
using LutBridge.Core.Luts;
using LutBridge.Engines.Decompose;
using LutBridge.Looks;
using LutBridge.Testing;
using LutBridge.Core.LutFiles;

namespace LutBridge.Engines.Tests.Fitting;

public class DecomposerTests
{
    private static Lut Creative(string name) => LutFile.Read(TestEnvironment.SharedFile("luts", "creative", name + ".cube"));

    [Fact]
    public void RecoversTheSlidersOfALutBakedFromAKnownLook()
    {
        var known = Look.Neutral
            .With("black", 0.05).With("white", 0.95).With("curve3", 0.04)
            .With("saturation", 0.25).With("temperature", 0.3)
            .With("orange_hue", 8).With("blue_chroma", -0.3);
        var lut = new Lut(LookBaker.Bake(known, 17));
        var result = Decomposer.Run(lut, new DecomposeOptions { AllowResidual = false }, null, CancellationToken.None);
        var got = result.Look;
        var all = string.Join(", ", got.Changed().Select(c => $"{c.Parameter.Name}={c.Value}"));
        // Tone comes back in the canonical sliders (docs/look.md): black 0.05 and white 0.95 are
        // L ← 0.05 + 0.9·L, which with pivot 0.5 is contrast −0.1 at exposure 0.
        Assert.True(got["contrast"] is >= -0.115 and <= -0.085, all);
        Assert.True(Math.Abs(got["exposure"]) <= 0.05, all);
        Assert.True(got["black"] == 0 && got["white"] == 1, all);
        // The curve3 bump (+0.04 at L = 0.5, the pivot) may be shared with shadows and highlights,
        // which add 0.25·6.75·0.125 = 0.2109 each per unit there.
        double atPivot = got["curve3"] + 0.2109375 * (got["shadows"] + got["highlights"]);
        Assert.True(atPivot is >= 0.03 and <= 0.05, $"offset at L = 0.5: {atPivot} ({all})");
        Assert.True(got["saturation"] is >= 0.18 and <= 0.32, all);
        Assert.True(got["temperature"] is >= 0.24 and <= 0.36, all);
        Assert.True(got["orange_hue"] is >= 6 and <= 10, all);
        Assert.True(got["blue_chroma"] is >= -0.36 and <= -0.24, all);
        // Sliders the LUT does not move stay neutral (or nearly so).
        Assert.True(Math.Abs(got["tint"]) < 0.05, all);
        Assert.True(Math.Abs(got["green_hue"]) < 2, all);
        Assert.True(result.Report.De2000Mean < 0.3, $"mean ΔE00 {result.Report.De2000Mean}");
    }

    [Fact]
    public void RecoversPerChannelCurves()
    {
        // A film-like Look the OKLab sliders cannot express: red black lifted, blue highlights
        // pulled down, green midtones raised.
        var known = Look.Neutral
            .With("curve_red_0", 0.06).With("curve_blue_100", -0.08).With("curve_green_50", 0.04);
        var lut = new Lut(LookBaker.Bake(known, 17));
        var result = Decomposer.Run(lut, new DecomposeOptions { AllowResidual = false }, null, CancellationToken.None);
        var got = result.Look;
        var all = string.Join(", ", got.Changed().Select(c => $"{c.Parameter.Name}={c.Value}"));
        // Output and input curves act alike on greys, so the fit may share a change between them:
        // their sum at a knot is what is identifiable.
        double Knot(string channel, int percent) => got[$"curve_{channel}_{percent}"] + got[$"input_{channel}_{percent}"];
        Assert.True(Math.Abs(Knot("blue", 100) + 0.08) < 0.025, all);
        var black = new LookProcessor(got).Apply(0, 0, 0);
        Assert.True(Math.Abs(black.R - 0.06) < 0.02 && black.G < 0.02 && black.B < 0.02, $"black → {black}: {all}");
        Assert.True(Math.Abs(Knot("green", 50) - 0.04) < 0.02, all);
        Assert.True(result.Report.De2000Mean < 0.3, $"mean ΔE00 {result.Report.De2000Mean}: {all}");
        // Issue 21's criterion: every generating slider within 25% (the red lift once came back as
        // a third curve and two thirds red split tone), and at most one extra slider moved.
        Assert.InRange(Knot("red", 0), 0.045, 0.075);
        Assert.InRange(Knot("blue", 100), -0.1, -0.06);
        Assert.InRange(Knot("green", 50), 0.03, 0.05);
        var extra = got.Changed().Select(c => c.Parameter.Name)
            .Where(n => !new[] { "curve_red_0", "curve_green_50", "curve_blue_100", "input_red_0", "input_green_50", "input_blue_100" }.Contains(n)).ToList();
        Assert.True(extra.Count <= 1, $"extra sliders: {string.Join(", ", extra)}");
    }

    [Fact]
    public void IdentityLutGivesTheNeutralLook()
    {
        var result = Decomposer.Run(new Lut(Lattice3D.Identity(9)), DecomposeOptions.Default, null, CancellationToken.None);
        Assert.Empty(result.Look.Changed());
        Assert.Null(result.Look.Residual);
        Assert.True(result.Report.De2000Max < 0.05, $"max ΔE00 {result.Report.De2000Max}");
    }

    [Theory]
    [InlineData("bw__agfa_apx_100", 450)]
    [InlineData("negative_new__kodak_portra_800", 1500)]
    public void RealFilmLutsMeetTheTargetsWhenTheStoredLookIsBaked(string name, int maxBytes)
    {
        var lut = Creative(name);
        var result = Decomposer.Run(lut, DecomposeOptions.Default, null, CancellationToken.None);
        Assert.True(result.Report.MeetsTarget);
        // Independent check: decode the stored bytes, bake at the LUT's own size and compare node by node.
        var stored = LookCodec.Decode(LookCodec.Encode(result.Look), "test");
        var baked = LookBaker.Bake(stored, lut.Lattice!.Size);
        var original = lut.Lattice.Data.Select(v => Math.Clamp(v, 0f, 1f)).ToArray();
        var stats = DeltaE.Ciede2000SrgbStats(original, baked.Data);
        Assert.True(stats.Mean <= 0.45, $"{name}: mean ΔE00 {stats.Mean}");
        Assert.True(stats.Max <= 2.5, $"{name}: max ΔE00 {stats.Max}");
        Assert.Equal(LookCodec.Encode(result.Look).Length, result.Report.SizeBytes);
        // Size bound measured on this fitter (304 and 1,018 bytes; the raw 13³ LUT text is ~60 KB), with some headroom.
        Assert.True(result.Report.SizeBytes <= maxBytes, $"{name}: {result.Report.SizeBytes} bytes (bound {maxBytes})");
    }

    [Theory]
    [InlineData("colorslide__fuji_provia_100f", true)]
    [InlineData("bw__ilford_pan_f_plus_50", true)]
    public void SlidersOfADecomposedFilmStillEditAsTheySay(string name, bool anchored)
    {
        // The residual is anchored at the sliders (it reproduces the LUT alone; on Pan F Plus 50
        // the additive form won until the sliders followed the canonical order, which left it a
        // few bytes behind). Either way, moving a slider must move the colours the way the slider says.
        var look = Decomposer.Run(Creative(name), DecomposeOptions.Default, null, CancellationToken.None).Look;
        Assert.Equal(anchored, look.Residual!.Anchor != null);
        var before = LookEditDirectionTests.MeanLightnessAndChroma(look);
        var brighter = LookEditDirectionTests.MeanLightnessAndChroma(look.With("exposure", look["exposure"] + 0.5));
        Assert.True(brighter.L > before.L + 0.02, $"{name}: exposure +0.5 moved mean L {before.L} → {brighter.L}");
        var flatter = LookEditDirectionTests.MeanLightnessAndChroma(look.With("saturation", -1));
        Assert.True(flatter.C < before.C * 0.5 + 0.002, $"{name}: saturation −1 left mean chroma {before.C} → {flatter.C}");
    }

    [Fact]
    public void LargeLutsAreSearchedCoarselyButMeetTheTargetsOnEveryNode()
    {
        // A 33³ LUT is searched on every 2nd node; the kept Look must still meet the targets on all 33³ nodes.
        var lut = new Lut(Creative("colorslide__fuji_velvia_100_generic").Resample(33));
        var result = Decomposer.Run(lut, DecomposeOptions.Default, null, CancellationToken.None);
        Assert.True(result.Report.MeetsTarget);
        var baked = LookBaker.Bake(LookCodec.Decode(LookCodec.Encode(result.Look), "test"), 33);
        var original = lut.Lattice!.Data.Select(v => Math.Clamp(v, 0f, 1f)).ToArray();
        var stats = DeltaE.Ciede2000SrgbStats(original, baked.Data);
        Assert.True(stats.Mean <= 0.45 && stats.Max <= 2.5, $"33³ velvia: mean ΔE00 {stats.Mean}, max {stats.Max}");
        Assert.Equal(33 * 33 * 33, stats.Count);
    }

    [Fact]
    public void ALutTooSharpForASplineIsStoredAsItsOwnLatticeAndMeetsTheTargetsBetweenNodes()
    {
        // A 17³ LUT with gamut-clipping creases inside its cells (a steep curve through a mixing
        // matrix, clipped to [0, 1]): no smooth lattice follows it, its own lattice does exactly.
        var lattice = new Lattice3D(17);
        for (int b = 0, i = 0; b < 17; b++)
            for (int g = 0; g < 17; g++)
                for (int r = 0; r < 17; r++, i += 3)
                {
                    double x = Math.Exp(5 * r / 16.0) / 20, y = Math.Exp(5 * g / 16.0) / 20, z = Math.Exp(5 * b / 16.0) / 20;
                    lattice.Data[i] = Srgb.Encode((float)Math.Clamp(1.6 * x - 0.5 * y - 0.1 * z, 0, 1));
                    lattice.Data[i + 1] = Srgb.Encode((float)Math.Clamp(-0.2 * x + 1.3 * y - 0.1 * z, 0, 1));
                    lattice.Data[i + 2] = Srgb.Encode((float)Math.Clamp(-0.1 * x - 0.3 * y + 1.4 * z, 0, 1));
                }
        var lut = new Lut(lattice);
        var result = Decomposer.Run(lut, DecomposeOptions.Default, null, CancellationToken.None);
        Assert.True(result.Report.MeetsTarget);
        var stored = LookCodec.Decode(LookCodec.Encode(result.Look), "test");
        Assert.Equal(ResidualKernel.Tetrahedral, stored.Residual!.Kernel);
        Assert.Equal(17, stored.Residual.Size);
        // Independent check where decompose promises the targets: the LUT's nodes and the centres of
        // its cells, the LUT through Core's tetrahedral sampler against the decoded Look.
        var processor = new LookProcessor(stored);
        var lutOut = new List<float>();
        var lookOut = new List<float>();
        foreach (double offset in new[] { 0.0, 0.5 })
            for (int b = 0; b < 17; b++)
                for (int g = 0; g < 17; g++)
                    for (int r = 0; r < 17; r++)
                    {
                        if (offset > 0 && (r == 16 || g == 16 || b == 16)) continue;
                        var x = new Vector3((float)((r + offset) / 16), (float)((g + offset) / 16), (float)((b + offset) / 16));
                        var t = LatticeSampler.Tetrahedral(lattice, x);
                        lutOut.AddRange([Math.Clamp(t.X, 0f, 1f), Math.Clamp(t.Y, 0f, 1f), Math.Clamp(t.Z, 0f, 1f)]);
                        var o = processor.Apply(x.X, x.Y, x.Z);
                        lookOut.AddRange([(float)o.R, (float)o.G, (float)o.B]);
                    }
        var stats = DeltaE.Ciede2000SrgbStats(lutOut.ToArray(), lookOut.ToArray());
        Assert.True(stats.Mean <= 0.45 && stats.Max <= 2.5, $"nodes and cell centres: mean ΔE00 {stats.Mean}, max {stats.Max}");
    }

    [Fact]
    public void SameLutGivesTheSameBytes()
    {
        var lut = Creative("colorslide__fuji_provia_100f");
        var a = LookCodec.Encode(Decomposer.Run(lut, DecomposeOptions.Default, null, CancellationToken.None).Look);
        var b = LookCodec.Encode(Decomposer.Run(lut, DecomposeOptions.Default, null, CancellationToken.None).Look);
        Assert.Equal(a, b);
    }

    [Fact]
    public void BadTargetsAreRejected()
    {
        var lut = new Lut(Lattice3D.Identity(5));
        // Named by the option's key (the CLI says --mean-de, RPC mean_de), with the range both share.
        var mean = Assert.Throws<OptionException>(() => Decomposer.Run(lut, new DecomposeOptions { MeanDeltaE = 0 }, null, CancellationToken.None));
        Assert.Equal(("mean_de", "must be in 0.01..100, got 0"), (mean.Key, mean.Problem));
        Assert.Equal("max_de", Assert.Throws<OptionException>(() => Decomposer.Run(lut, new DecomposeOptions { MaxDeltaE = double.NaN }, null, CancellationToken.None)).Key);
    }

    [Fact]
    public void CancellationStopsTheFit()
    {
        using var cts = new CancellationTokenSource();
        cts.Cancel();
        Assert.ThrowsAny<OperationCanceledException>(() => Decomposer.Run(Creative("bw__agfa_apx_100"), DecomposeOptions.Default, null, cts.Token));
    }

    [Fact]
    public void ProgressRisesThroughTheResidualSearchAndEndsAtOne()
    {
        var seen = new List<DecomposeProgress>();
        var lut = Creative("colorslide__kodak_kodachrome_64");
        var result = Decomposer.Run(lut, DecomposeOptions.Default, new SyncProgress<DecomposeProgress>(p => { lock (seen) seen.Add(p); }), CancellationToken.None);
        Assert.NotNull(result.Look.Residual); // the residual search ran
        var fractions = seen.Select(p => p.Fraction).ToList();
        Assert.Equal(fractions.Order(), fractions);
        Assert.Equal(fractions.Distinct(), fractions); // strictly rising
        Assert.Equal(0, fractions[0]);
        Assert.Equal(1, fractions[^1]);
        // The search says where it is, size by size, between the sliders and the end.
        var inSearch = seen.Where(p => p.Fraction is > 0.05 and < 1).ToList();
        Assert.True(inSearch.Count >= 4, string.Join(", ", seen.Select(p => $"{p.Fraction:0.00} {p.Stage}")));
        Assert.Contains(inSearch, p => p.Stage.StartsWith("fitting the residual: "));
    }

    [Fact]
    public void CancelStopsTheFitMidSearch()
    {
        // Cancelled from the progress callback once the search is past 0.2 of its planned trials.
        using var cts = new CancellationTokenSource();
        var seen = new List<double>();
        var progress = new SyncProgress<DecomposeProgress>(p =>
        {
            lock (seen) seen.Add(p.Fraction);
            if (p.Fraction > 0.2) cts.Cancel();
        });
        Assert.ThrowsAny<OperationCanceledException>(() => Decomposer.Run(Creative("colorslide__kodak_kodachrome_64"), DecomposeOptions.Default, progress, cts.Token));
        Assert.Contains(seen, f => f > 0.2);
        Assert.DoesNotContain(1.0, seen); // it never finished
    }
}

public class LookEditDirectionTests
{
    /// <summary>Mean OKLab L and chroma of a baked Look (Core's batch OKLab, independent of the evaluator).</summary>
    internal static (double L, double C) MeanLightnessAndChroma(Look look)
    {
        var lattice = LookBaker.Bake(look, 9);
        var lab = ToOklab(lattice.Data);
        double l = 0, c = 0;
        int n = lab.Length / 3;
        for (int i = 0; i < n; i++)
        {
            l += lab[3 * i];
            c += Math.Sqrt(lab[3 * i + 1] * lab[3 * i + 1] + lab[3 * i + 2] * lab[3 * i + 2]);
        }
        return (l / n, c / n);
    }

    private static float[] ToOklab(float[] srgb)
    {
        var lab = new float[srgb.Length];
        for (int i = 0; i < srgb.Length; i += 3)
        {
            var v = Oklab.FromLinearSrgb(Srgb.Decode(new Vector3(srgb[i], srgb[i + 1], srgb[i + 2])));
            (lab[i], lab[i + 1], lab[i + 2]) = (v.X, v.Y, v.Z);
        }
        return lab;
    }

    private static readonly Look Film = Look.Neutral.With("black", 0.06).With("saturation", -0.2).With("curve2", -0.03);

    [Fact]
    public void SaturationUpRaisesMeanChroma()
    {
        var before = MeanLightnessAndChroma(Film);
        var after = MeanLightnessAndChroma(Film.With("saturation", 0.2));
        // Chroma scales by (1 + s): 0.8 → 1.2 is +50% before clipping; at least +25% must survive it.
        Assert.True(after.C > before.C * 1.25, $"chroma {before.C} → {after.C}");
        Assert.True(Math.Abs(after.L - before.L) < 0.01, $"lightness moved {before.L} → {after.L}");
    }

    [Fact]
    public void ExposureUpRaisesMeanLightness()
    {
        var before = MeanLightnessAndChroma(Film);
        var after = MeanLightnessAndChroma(Film.With("exposure", 0.5));
        Assert.True(after.L > before.L + 0.03, $"L {before.L} → {after.L}");
    }

    [Fact]
    public void WarmerTemperatureRaisesMeanOklabB()
    {
        double MeanB(Look look)
        {
            var lattice = LookBaker.Bake(look, 9);
            var lab = ToOklab(lattice.Data);
            double b = 0;
            for (int i = 2; i < lab.Length; i += 3) b += lab[i];
            return b / (lab.Length / 3);
        }
        Assert.True(MeanB(Film.With("temperature", 0.5)) > MeanB(Film) + 0.01);
    }

    [Fact]
    public void UnknownVersionAndCorruptFilesAreRejectedClearly()
    {
        var dir = TestEnvironment.NewTempDir("decompose");
        var bytes = LookCodec.Encode(Film);
        var future = (byte[])bytes.Clone();
        // [magic, version, ...]: the version is the positive fixint right after the 14-byte magic string.
        int v = 1 + 1 + LookCodec.Magic.Length;
        Assert.Equal(LookCodec.SplineVersion, future[v]);
        future[v] = 9;
        var futurePath = Path.Combine(dir, "future.look");
        File.WriteAllBytes(futurePath, future);
        var e = Assert.Throws<InputException>(() => LookFile.Read(futurePath));
        Assert.Contains("unsupported .look format version 9", e.Message);

        var cut = Path.Combine(dir, "cut.look");
        File.WriteAllBytes(cut, bytes[..^3]);
        e = Assert.Throws<InputException>(() => LookFile.Read(cut));
        Assert.Contains("not a valid .look file", e.Message);
    }
}
