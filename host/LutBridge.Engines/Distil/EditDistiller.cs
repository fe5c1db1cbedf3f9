using System.Diagnostics;
using LutBridge.Core;
using LutBridge.Core.Color;
using LutBridge.Core.Imaging;
using LutBridge.Looks;

namespace LutBridge.Engines.Distil;

/// <summary>
/// An editor's own edit, ready to render: which editor, the edit's name, what of the edit was left
/// out (geometry, camera-stage modules: they are not a colour mapping and would move the chart), and
/// the renderer itself, which returns each image as the editor exports it with the edit applied.
/// The editors live outside the engines (LutBridge.Editors); the caller builds this from them.
/// </summary>
public sealed record EditRender(
    string Editor,
    string EditName,
    IReadOnlyList<string> LeftOut,
    Func<IReadOnlyList<RgbImage>, CancellationToken, IReadOnlyList<RgbImage>> Render);

/// <summary>How well the Look reproduces the editor on a photo the fit never saw, and how much of the edit is not a colour mapping.</summary>
public sealed record EditReport(
    string Editor,
    string Edit,
    IReadOnlyList<string> LeftOut,
    int ChartColours,
    int FitPixels,
    string CheckPhoto,
    double EditDe2000Mean,
    double CheckDe2000Mean,
    double CheckDe2000P99,
    double CheckPsnrDb,
    double NotColourMappingDe2000Mean,
    double RenderSeconds);

public sealed record EditDistilResult(Look Look, DistilReport Report, EditReport Edit);

/// <summary>
/// An editor's edit → a Look: the editor renders a neutral chart (<see cref="EditChart"/>: the
/// whole colour cube as flat patches), a colour-rich photo and a check photo with the edit
/// applied; the chart's patches and the photo's pixels (both pixel-aligned with their renders)
/// are fitted by <see cref="Distiller"/>'s own fitter. The check photo is held out: the Look
/// applied to it is compared with the editor's render of it (<see cref="EditReport.CheckDe2000Mean"/>),
/// and a dense 33³ lattice fitted to the check photo's own render shows what no colour mapping
/// reproduces (sharpening, local contrast, vignetting: <see cref="EditReport.NotColourMappingDe2000Mean"/>).
/// </summary>
public static class EditDistiller
{
    /// <summary>
    /// The margin over the dense reference an edit's Look is fitted to (pairs: 0.3). The renders are clean,
    /// so a tighter fit pays: on the bundled check photo (chelsea, the photo this was tuned on) a darktable
    /// velvia + colour-correction style reaches mean ΔE00 0.17 at 0.15 (4.4 KB) against 0.38 at 0.3 (1.7 KB).
    /// </summary>
    public const double DefaultMargin = 0.15;

    /// <summary>The margin option for an edit: the pairs' range, this default.</summary>
    /// <summary>
    /// Samples the slider fit sees: an edit's chart and photo samples are exact, and its sliders-only
    /// Look is often the whole answer, so they keep the 800 that pairs used before 2026-12-06 (with 400 a
    /// RawTherapee saturation −45 / exposure +0.2 profile's sliders-only Look went from under 1.2 to
    /// 1.275 mean ΔE00 against rawtherapee-cli's render of a held-out photo).
    /// </summary>
    public const int SliderSamples = 800;

    public static readonly Core.NumberRange MarginRange = DistilOptions.MarginRange with { Default = DefaultMargin };

    /// <summary>Below this mean ΔE00 on the chart the editor changed nothing (or could not apply the edit).</summary>
    public const double UnchangedDe = 0.05;

    /// <summary>The bundled photos: one fitted on (coffee, CC0), one held out for the check (chelsea, CC0).</summary>
    public static RgbImage BundledFitPhoto() => Bundled("edit-fit-coffee.png");
    public static RgbImage BundledCheckPhoto() => Bundled("edit-check-chelsea.png");

    private static RgbImage Bundled(string name)
    {
        using var stream = typeof(EditDistiller).Assembly.GetManifestResourceStream($"LutBridge.Engines.Distil.{name}")
            ?? throw new InvalidOperationException($"bundled photo {name} is missing from the build");
        using var bytes = new MemoryStream();
        stream.CopyTo(bytes);
        return ImageFile.Decode(bytes.ToArray(), name);
    }

    /// <param name="checkPhoto">The held-out photo and its name (null: the bundled one).</param>
    public static EditDistilResult Run(EditRender edit, (RgbImage Image, string Name)? checkPhoto, DistilOptions options,
        IProgress<DistilProgress>? progress, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(edit);
        options.Validate();
        var clock = Stopwatch.StartNew();
        var chart = EditChart.Build();
        var fit = BundledFitPhoto();
        var (check, checkName) = checkPhoto ?? (BundledCheckPhoto(), "bundled chelsea");
        progress?.Report(new DistilProgress(0, $"rendering the chart and photos through {edit.Editor}"));
        var inputs = new[] { chart.Image, fit, check };
        var rendered = edit.Render(inputs, ct);
        double renderSeconds = clock.Elapsed.TotalSeconds;
        ct.ThrowIfCancellationRequested();
        if (rendered.Count != inputs.Length) throw new InvalidOperationException($"{edit.Editor} rendered {rendered.Count} of {inputs.Length} images");
        for (int i = 0; i < inputs.Length; i++)
            if (rendered[i].Width != inputs[i].Width || rendered[i].Height != inputs[i].Height)
                throw new InputException($"{edit.EditName}: {edit.Editor} changed the image size ({inputs[i].Width}×{inputs[i].Height} → " +
                    $"{rendered[i].Width}×{rendered[i].Height}): the edit crops, rotates or resizes in a way LutBridge could not leave out; remove that module and try again");

        var chartPairs = EditChart.Pairs(rendered[0]);
        var chartChange = DeltaE.Ciede2000SrgbStats(chartPairs.Before, chartPairs.After);
        if (chartChange.Mean < UnchangedDe)
            throw new InputException($"{edit.EditName}: {edit.Editor} rendered the colour chart unchanged (mean ΔE00 {chartChange.Mean:0.000}): " +
                "the edit changes no colours, or the editor could not apply it (a module it does not know, a LUT file it cannot find)");
        var fitPairs = new PixelPairs(Pixels.ToFloats(fit), Pixels.ToFloats(rendered[1]));
        var pairs = Concat(chartPairs, fitPairs);
        var matched = new Correspondences(pairs, Correspondences.Aligned, 1);
        var fitProgress = progress == null ? null : new SyncProgress<DistilProgress>(p => { if (p.Fraction < 1) progress.Report(p with { Fraction = 0.3 + 0.65 * p.Fraction }); });
        var result = Distiller.Fit(matched, options with { Alignment = AlignmentMode.None, SmoothReachFloor = false, SliderSamples = SliderSamples }, fitProgress, ct);

        progress?.Report(new DistilProgress(0.97, "checking on the held-out photo"));
        var checkPairs = new PixelPairs(Pixels.ToFloats(check), Pixels.ToFloats(rendered[2]));
        var mapped = LookBaker.Evaluate(result.Look, checkPairs.Before);
        var score = PairScore.Of(mapped, checkPairs.After);
        var checkStats = DeltaE.Ciede2000SrgbStats(mapped, checkPairs.After);
        // What no colour mapping reproduces: a dense 33³ lattice fitted to the check photo's own pixels
        // still misses it (sharpening, local contrast, vignetting; plus the lattice's own interpolation error).
        var ownDense = DenseReference.Fit(ColourSamples.From(checkPairs), ct);
        var notColour = PairScore.Of(ownDense, checkPairs);
        var editSize = DeltaE.Ciede2000SrgbStats(checkPairs.Before, checkPairs.After);
        progress?.Report(new DistilProgress(1, "done"));
        var report = new EditReport(edit.Editor, edit.EditName, edit.LeftOut,
            EditChart.Levels * EditChart.Levels * EditChart.Levels, fitPairs.Count, checkName,
            editSize.Mean, score.De2000Mean, checkStats.P99, score.PsnrDb, notColour.De2000Mean, renderSeconds);
        return new EditDistilResult(result.Look, result.Report with { Seconds = clock.Elapsed.TotalSeconds, Edit = report }, report);
    }

    private static PixelPairs Concat(PixelPairs a, PixelPairs b) =>
        new([.. a.Before, .. b.Before], [.. a.After, .. b.After]);
}
