using System.CommandLine;
using System.Globalization;
using LutBridge.Core;
using LutBridge.Core.Color;
using LutBridge.Core.IO;
using LutBridge.Core.Imaging;
using LutBridge.Core.Luts;
using LutBridge.Core.LutFiles;
using LutBridge.Engines.Match;
using LutBridge.Looks;

namespace LutBridge.Cli.Commands;

/// <summary>
/// `lutbridge eval match-prior PHOTOS… --luts LUTS --out PRIOR.json`: fits the learned prior of
/// `match` (<see cref="LearnedPrior"/>) on ungraded photos × known looks, leaving out the LUTs that
/// `eval match --offset 1` uses (the held-out looks), and prints its leave-one-photo-out error
/// against the fixed natural prior.
/// </summary>
[SubcommandOf("eval")]
internal static class EvalMatchPriorCommand
{
    /// <summary>Long side the photos are reduced to: the statistics need no more, and 60 looks × crops stay quick.</summary>
    private const int Side = 256;

    public static Command Create()
    {
        var photos = new Argument<string[]>("photos") { Description = "Ungraded photos, or folders of them (.png .jpg .tif); never the held-out photos", Arity = ArgumentArity.OneOrMore };
        var luts = new Option<string>("--luts") { Description = "Folder of LUTs that play the known looks", Required = true };
        var holdOut = new Option<int>("--hold-out-offset") { Description = "Leave out the LUTs that `eval match --offset N` (12 cases) uses; -1 keeps all", DefaultValueFactory = _ => 1 };
        var ridge = new Option<string>("--ridge") { Description = "Ridge(s) on the standardised statistics (per pair), comma-separated: the one with the least leave-one-photo-out error is fitted", DefaultValueFactory = _ => "0.01,0.05,0.2" };
        var randomLooks = new Option<int>("--looks") { Description = "Random slider Looks (faded black, casts, saturation, contrast, split toning) per content, besides the LUTs: grades users make", DefaultValueFactory = _ => 8 };
        var output = new Option<string?>("--out") { Description = "Where to write the prior (JSON); the shipped one is host/LutBridge.Engines/Match/Data/learned-prior.json" };
        var command = new Command("match-prior",
            "Fit match's learned prior: what a graded photo looked like before its grade. Each photo (reduced to 256 px, " +
            "plus its four quadrants, its centre and two exposures as more content) is graded by every LUT not held out, " +
            "by random slider Looks and by none; a ridge regression maps the graded statistics to the shift that undoes the grade. Prints the " +
            "leave-one-photo-out error of the learned and the natural prior.\n" +
            "Example:\n  lutbridge eval match-prior ../shared/data/photos ../shared/data/pairs/*__input.png --luts ../shared/data/luts/creative --out prior.json");
        command.Arguments.Add(photos);
        foreach (var o in new Option[] { luts, holdOut, ridge, randomLooks, output }) command.Options.Add(o);
        command.SetAction(pr => CliApp.Guard(() =>
        {
            var photoFiles = pr.GetValue(photos)!.SelectMany<string, string>(p => Directory.Exists(p)
                    ? Directory.GetFiles(p).Where(ImageFile.IsImagePath).Order(StringComparer.Ordinal)
                    : File.Exists(p) ? [p] : throw new InputException($"{p}: no such file or folder"))
                .ToArray();
            var lutDir = pr.GetValue(luts)!;
            var lutFiles = Directory.Exists(lutDir) ? Directory.GetFiles(lutDir).Where(f => LutFile.FormatOf(f) != LutFormat.Unknown).Order(StringComparer.Ordinal).ToArray()
                : throw new InputException($"{lutDir}: no such folder");
            if (photoFiles.Length < 2) throw new InputException("match-prior needs at least two photos");
            var ridges = pr.GetValue(ridge)!.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
                .Select(t => double.TryParse(t, NumberStyles.Float, CultureInfo.InvariantCulture, out var v) && v >= 0 ? v : throw new OptionException("ridge", $"'{t}' is not a non-negative number"))
                .ToArray();
            if (ridges.Length == 0) throw new OptionException("ridge", "needs at least one value");
            // The same choice as eval match: 12 cases, stride = LUTs / 12, case i of offset o takes LUT o + stride·i.
            int stride = Math.Max(1, lutFiles.Length / 12), held = pr.GetValue(holdOut);
            var kept = lutFiles.Where((_, i) => held < 0 || i % stride != held % stride).ToArray();
            var looks = kept.Select(f => LutFile.Read(f)).ToList();
            Console.Error.WriteLine($"match-prior: {photoFiles.Length} photos × ({looks.Count} LUTs + none), {lutFiles.Length - kept.Length} LUTs held out");
            var pairs = new List<(int Photo, ImageStatistics Graded, ImageStatistics Ungraded)>();
            int sliderLooks = Math.Max(0, pr.GetValue(randomLooks));
            var random = new Random(15);
            // What the colour LUTs do on average (graded − ungraded statistics): the typical film grade.
            var filmShifts = new List<double[]>();
            var filmChroma = new List<double>();
            for (int p = 0; p < photoFiles.Length; p++)
            {
                Console.Error.WriteLine($"[{p + 1}/{photoFiles.Length}] {Path.GetFileName(photoFiles[p])}");
                foreach (var content in Contents(ImageFile.Read(photoFiles[p])))
                {
                    var ungraded = StatisticsOf(content);
                    pairs.Add((p, ungraded, ungraded));
                    foreach (var lut in looks)
                    {
                        var graded = StatisticsOf(MatchMetrics.ApplyLut(lut, content));
                        pairs.Add((p, graded, ungraded));
                        if (graded.ChromaP90All < MatchTuning.Default.MonochromeChroma) continue; // black-and-white looks have a rule of their own
                        filmShifts.Add(LearnedPrior.Flatten(graded).Zip(LearnedPrior.Flatten(ungraded), (g, u) => g - u).ToArray());
                        filmChroma.Add(Math.Log(graded.ChromaP90All / Math.Max(1e-4, ungraded.ChromaP90All)));
                    }
                    for (int k = 0; k < sliderLooks; k++) pairs.Add((p, StatisticsOf(MatchMetrics.ApplyLook(RandomLook(random), content)), ungraded));
                }
            }
            // Leave one photo out: fit on the others, measure how far each prior is from the truth.
            double naturalErr = pairs.Sum(x => Distance(GradeEstimator.NaturalPrior, x.Ungraded));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"natural prior: RMS distance to the ungraded statistics (tone quantiles, casts, chroma) {Math.Sqrt(naturalErr / pairs.Count):0.0000} ({pairs.Count} pairs)"));
            double r = ridges[0], best = double.PositiveInfinity;
            foreach (var candidate in ridges)
            {
                double learnedErr = 0;
                for (int p = 0; p < photoFiles.Length; p++)
                {
                    var fit = LearnedPrior.Fit(pairs.Where(x => x.Photo != p).Select(x => (x.Graded, x.Ungraded)).ToList(), candidate, "");
                    foreach (var x in pairs.Where(x => x.Photo == p)) learnedErr += Distance(fit.Predict(x.Graded), x.Ungraded);
                }
                double rms = Math.Sqrt(learnedErr / pairs.Count);
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"learned, ridge {candidate}: leave-one-photo-out RMS distance {rms:0.0000}"));
                if (rms < best) (best, r) = (rms, candidate);
            }
            var about = $"eval match-prior, ridge {r.ToString(CultureInfo.InvariantCulture)}, {sliderLooks} random slider Looks per content: {photoFiles.Length} photos ({string.Join(", ", photoFiles.Select(Path.GetFileNameWithoutExtension))}) × {looks.Count} LUTs of {Path.GetFileName(Path.GetFullPath(lutDir).TrimEnd('/'))} and none; held out: the LUTs of eval match --offset {held}";
            var typical = Enumerable.Range(0, LearnedPrior.Length).Select(f => filmShifts.Average(x => x[f])).ToArray();
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"typical film grade (mean graded − ungraded over {filmShifts.Count} colour-LUT gradings; GradeEstimator.TypicalFilmGrade): [{string.Join(", ", typical.Select(v => v.ToString("0.0000", CultureInfo.InvariantCulture)))}]"));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"typical film grade: mean ln(chroma 90% graded / ungraded) {filmChroma.Average():0.0000}"));
            var prior = LearnedPrior.Fit(pairs.Select(x => (x.Graded, x.Ungraded)).ToList(), r, about);
            if (pr.GetValue(output) is { } path) AtomicFile.WriteAllText(path, prior.ToJson() + "\n");
            return CliApp.ExitOk;
        }));
        return command;
    }

    /// <summary>A grade of the kind people make with sliders: each move present with some chance, at a plausible size.</summary>
    private static Look RandomLook(Random random)
    {
        double U(double lo, double hi) => lo + (hi - lo) * random.NextDouble();
        bool Maybe(double p) => random.NextDouble() < p;
        var look = Look.Neutral;
        if (Maybe(0.5)) look = look.With("black", U(0, 0.15));
        if (Maybe(0.3)) look = look.With("white", U(0.85, 1));
        if (Maybe(0.4)) look = look.With("contrast", U(-0.3, 0.4));
        if (Maybe(0.6)) look = look.With("temperature", U(-0.6, 0.6));
        if (Maybe(0.4)) look = look.With("tint", U(-0.3, 0.3));
        if (Maybe(0.6)) look = look.With("saturation", U(-0.7, 0.4));
        if (Maybe(0.3)) look = look.With("split_shadow_hue", U(0, 360)).With("split_shadow_amount", U(0, 0.3));
        if (Maybe(0.3)) look = look.With("split_highlight_hue", U(0, 360)).With("split_highlight_amount", U(0, 0.3));
        return look;
    }

    /// <summary>Mean squared difference over the statistics the grade is read from (quantiles, casts, overall chroma).</summary>
    private static double Distance(ImageStatistics a, ImageStatistics b)
    {
        double s = 0; int n = 0;
        void Add(double[] x, double[] y) { for (int i = 0; i < x.Length; i++) { s += (x[i] - y[i]) * (x[i] - y[i]); n++; } }
        Add(a.LightnessQuantiles, b.LightnessQuantiles);
        Add(a.NeutralA, b.NeutralA);
        Add(a.NeutralB, b.NeutralB);
        Add([a.ChromaP90All], [b.ChromaP90All]);
        return s / n;
    }

    private static ImageStatistics StatisticsOf(float[] rgb)
    {
        var lab = new float[rgb.Length];
        Oklab.FromSrgb(rgb, lab);
        return ImageStatistics.Of(lab);
    }

    /// <summary>
    /// One photo as several contents: the whole (box-reduced to <see cref="Side"/>), its four
    /// quadrants, its centre half, and the whole at −½ and +½ stop (linear light): what other
    /// framings and exposures of such a scene would show.
    /// </summary>
    private static IEnumerable<float[]> Contents(RgbImage image)
    {
        var (rgb, w, h) = Reduce(MatchMetrics.ToFloats(image), image.Width, image.Height, Side);
        yield return rgb;
        foreach (var (x0, y0) in new[] { (0, 0), (w / 2, 0), (0, h / 2), (w / 2, h / 2), (w / 4, h / 4) })
            yield return Crop(rgb, w, x0, y0, w / 2, h / 2);
        foreach (var stops in new[] { -0.5, 0.5 })
        {
            float gain = (float)Math.Pow(2, stops);
            yield return rgb.Select(v => Srgb.Encode(Math.Clamp(Srgb.Decode(v) * gain, 0f, 1f))).ToArray();
        }
    }

    private static (float[] Rgb, int Width, int Height) Reduce(float[] rgb, int width, int height, int side)
    {
        int step = Math.Max(1, (int)Math.Ceiling(Math.Max(width, height) / (double)side));
        int w = width / step, h = height / step;
        var small = new float[w * h * 3];
        for (int y = 0; y < h; y++)
            for (int x = 0; x < w; x++)
                for (int c = 0; c < 3; c++)
                {
                    double s = 0;
                    for (int dy = 0; dy < step; dy++)
                        for (int dx = 0; dx < step; dx++) s += rgb[(((y * step + dy) * width) + x * step + dx) * 3 + c];
                    small[(y * w + x) * 3 + c] = (float)(s / (step * step));
                }
        return (small, w, h);
    }

    private static float[] Crop(float[] rgb, int width, int x0, int y0, int w, int h)
    {
        var crop = new float[w * h * 3];
        for (int y = 0; y < h; y++) Array.Copy(rgb, ((y0 + y) * width + x0) * 3, crop, y * w * 3, w * 3);
        return crop;
    }
}
