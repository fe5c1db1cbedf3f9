using System.Numerics;
using LutBridge.Core.Color;
using LutBridge.Core.Luts;
using LutBridge.Core.LutFiles;
using LutBridge.Engines.Decompose;
using LutBridge.Looks;
using LutBridge.Testing;

namespace LutBridge.Engines.Tests.Fitting;

/// <summary>
/// Decompose's camera stage: a camera-log LUT (published log curve, gamut matrix, display
/// clipping, then a real film LUT) comes back as the stage plus a small film part, measured
/// against the LUT's own tetrahedral interpolation; a film LUT gets no stage.
/// </summary>
public class CameraStageFitTests
{
    private static Lut Creative(string name) => LutFile.Read(TestEnvironment.SharedFile("luts", "creative", name + ".cube"));

    /// <summary>A camera-log LUT as `eval camera-luts` makes one (written out here from the published formulas).</summary>
    private static Lut CameraLut(CameraLog log, bool shoulder, Lut film, int size)
    {
        var matrix = log.ToLinearSrgb();
        var lattice = new Lattice3D(size);
        double grey = 0.18 * (1 + 0.18 / 256) / (1 + 0.18);
        float Display(double x)
        {
            x = Math.Max(x, 0);
            if (shoulder) x = x * (1 + x / 256) / (1 + x) * 0.18 / grey;
            return Srgb.Encode((float)Math.Clamp(x, 0, 1));
        }
        int i = 0;
        for (int b = 0; b < size; b++)
            for (int g = 0; g < size; g++)
                for (int r = 0; r < size; r++)
                {
                    var (x, y, z) = matrix.Transform(log.Decode(r / (size - 1.0)), log.Decode(g / (size - 1.0)), log.Decode(b / (size - 1.0)));
                    var o = film.Evaluate(new Vector3(Display(x), Display(y), Display(z)));
                    lattice.Data[i++] = Math.Clamp(o.X, 0f, 1f);
                    lattice.Data[i++] = Math.Clamp(o.Y, 0f, 1f);
                    lattice.Data[i++] = Math.Clamp(o.Z, 0f, 1f);
                }
        return new Lut(lattice);
    }

    [Fact]
    public void ACameraLogLutComesBackAsItsStageAndASmallFilmPart()
    {
        var lut = CameraLut(CameraLog.LogC3, shoulder: true, Creative("colorslide__kodak_kodachrome_64"), 33);
        var result = Decomposer.Run(lut, DecomposeOptions.Default, null, CancellationToken.None);
        var stage = result.Look.Stage;
        Assert.NotNull(stage);
        Assert.Equal(33, stage.Size);
        Assert.NotNull(stage.Shoulder);
        var stored = AssertStoredLookMeetsTheTargets(result.Look, lut);
        Assert.InRange(stored.Residual?.Size ?? 0, 0, 13);
    }

    /// <summary>
    /// The Look as stored, measured again independently of the fit's report on the LUT's nodes and
    /// between them, within the targets; and small (the LUT's own lattice stored 15–25 KB, docs/look.md).
    /// </summary>
    private static Look AssertStoredLookMeetsTheTargets(Look look, Lut lut)
    {
        var bytes = LookCodec.Encode(look);
        var stored = LookCodec.Decode(bytes, "test");
        var (lattice, combined) = Decomposer.Measure(stored, lut);
        Assert.InRange(lattice.Mean, 0, 0.45);
        Assert.InRange(combined.Mean, 0, 0.45);
        Assert.InRange(combined.Max, 0, 2.5);
        Assert.InRange(bytes.Length, 0, 4096);
        return stored;
    }

    /// <summary>
    /// At 65³ the staged search judges its winner on every other node, and a winner can then miss on
    /// the LUT's own sets by a hair; the stage must not be given up for that (this LUT was stored as its
    /// own 65³ lattice, 79 KB, until the search was retried with tighter targets).
    /// </summary>
    [Fact]
    public void AStagedWinnerThatMissesOnTheLutsOwnSetsIsSearchedAgainNotDropped()
    {
        var lut = CameraLut(CameraLog.AcesCct, shoulder: false, Creative("colorslide__fuji_velvia_100_generic"), 65);
        var result = Decomposer.Run(lut, DecomposeOptions.Default, null, CancellationToken.None);
        Assert.NotNull(result.Look.Stage);
        AssertStoredLookMeetsTheTargets(result.Look, lut);
    }

    [Fact]
    public void AFilmLutGetsNoStage()
    {
        var film = Creative("colorslide__fuji_velvia_100_generic");
        // At its own 13³ the stage is never tried; resampled to 33³ no camera transform explains it better than the identity.
        Assert.Null(CameraStageFit.Detect(film, null));
        var resampled = new Lut(film.Resample(33, Interpolation.Tetrahedral));
        Assert.Null(CameraStageFit.Detect(resampled, null));
    }

    [Fact]
    public void TheRightEncodingAndDisplayAreDetected()
    {
        var film = Creative("print__kodak_2383_constlclip");
        // On scene-linear input in [0, 1] the shoulder is a gentle curve that the residual spline takes up,
        // so clip and shoulder explain such a LUT alike: there only the encoding is asked for.
        foreach (var (log, shoulder, displayKnown) in new[]
                 {
                     (CameraLog.AppleLog, true, true), (CameraLog.AppleLog, false, true), (CameraLog.SLog3, false, true),
                     (CameraLog.ProPhoto, false, true), (CameraLog.AcesAp0Linear, false, true), (CameraLog.AcesAp0Linear, true, false),
                 })
        {
            var stage = CameraStageFit.Detect(CameraLut(log, shoulder, film, 33), null);
            Assert.NotNull(stage);
            if (displayKnown) Assert.Equal(shoulder, stage.Shoulder != null);
            Assert.Equal((float)log.Decode(0.5), stage.Linear(0, 16), 5);
            Assert.Equal((float)log.Decode(0.25), stage.Linear(0, 8), 5);
        }
    }
}
