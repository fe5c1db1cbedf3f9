using System.Globalization;
using System.Numerics;
using System.Text.RegularExpressions;
using LutBridge.Core;
using LutBridge.Core.Color;
using LutBridge.Looks;

namespace LutBridge.Engines.Prompt;

/// <summary>Where a check is measured.</summary>
public enum EvalTarget { Ramp, Photos }

/// <summary>
/// One expected direction, e.g. "shadows.hue in 170..240": a region of the input (tonal by
/// CIELAB L*, or a CIELAB hue range), a metric of output against input, and a test.
/// </summary>
public sealed record PromptCheck(string Text, EvalTarget[] Targets, string Region, string Metric, string Op, double A, double B);

public sealed record PromptCase(int Line, string Prompt, IReadOnlyList<PromptCheck> Checks);

public sealed record CheckResult(string Check, string Target, double Value, bool Passed);

public sealed record PromptCaseResult(string Prompt, IReadOnlyList<CheckResult> Checks, double Seconds, string? Error, IReadOnlyList<string> Warnings);

/// <summary>
/// `lutbridge eval prompt`: prompts with expected directions, measured in CIELAB on a grey ramp
/// and on photos (the format is described at the top of the prompt files in
/// tests/LutBridge.Engines.Tests/Prompt). Every (check, target) pair counts as one directional check.
/// </summary>
public static class PromptEval
{
    /// <summary>A move counts (+ or −) when it is larger than this, in CIELAB units (L*, a*, b*, C*, degrees for dh).</summary>
    public const double MoveThreshold = 0.5;
    /// <summary>"~" (unchanged): the move is smaller than this.</summary>
    public const double SameTolerance = 1.5;
    /// <summary>Chromatic pixels (for hue regions and dh): input C* above this.</summary>
    public const double ChromaticC = 10;

    private static readonly Regex CheckPattern = new(
        @"^(?:(?<target>ramp|photos):)?(?<region>all|shadows|mids|highlights|h\d+-\d+)\.(?<metric>L|a|b|C|Cout|hue|dh|contrast|dE)\s*(?:(?<op>[+~-])|(?<cmp>[<>])\s*(?<x>-?\d+(?:\.\d+)?)|in\s+(?<lo>\d+(?:\.\d+)?)\.\.(?<hi>\d+(?:\.\d+)?))$",
        RegexOptions.CultureInvariant);

    public static List<PromptCase> Parse(string path, IEnumerable<string> lines)
    {
        var cases = new List<PromptCase>();
        int n = 0;
        foreach (var raw in lines)
        {
            n++;
            var line = raw.Trim();
            if (line.Length == 0 || line[0] == '#') continue;
            int bar = line.LastIndexOf('|');
            if (bar <= 0) throw InputException.At(path, n, "expected 'PROMPT | CHECK; CHECK…'");
            var prompt = line[..bar].Trim();
            var checks = line[(bar + 1)..].Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
                .Select(c => ParseCheck(path, n, c)).ToList();
            if (prompt.Length == 0 || checks.Count == 0) throw InputException.At(path, n, "a prompt and at least one check are needed");
            cases.Add(new PromptCase(n, prompt, checks));
        }
        if (cases.Count == 0) throw new InputException($"{path}: no prompts in the file");
        return cases;
    }

    private static PromptCheck ParseCheck(string path, int line, string text)
    {
        var m = CheckPattern.Match(text);
        if (!m.Success) throw InputException.At(path, line, $"cannot read the check '{text}' (e.g. 'all.b +', 'shadows.hue in 170..240', 'highlights.L ~', 'ramp:all.Cout <2')");
        string region = m.Groups["region"].Value, metric = m.Groups["metric"].Value;
        EvalTarget[] targets = m.Groups["target"].Success
            ? [m.Groups["target"].Value == "ramp" ? EvalTarget.Ramp : EvalTarget.Photos]
            : region.StartsWith('h') || metric is "C" or "Cout" or "dh" ? [EvalTarget.Photos] : [EvalTarget.Ramp, EvalTarget.Photos];
        if (region.StartsWith('h') && targets.Contains(EvalTarget.Ramp)) throw InputException.At(path, line, $"'{text}': the grey ramp has no hues");
        string op; double a = 0, b = 0;
        if (m.Groups["op"].Success) op = m.Groups["op"].Value;
        else if (m.Groups["cmp"].Success) { op = m.Groups["cmp"].Value; a = double.Parse(m.Groups["x"].Value, CultureInfo.InvariantCulture); }
        else { op = "in"; a = double.Parse(m.Groups["lo"].Value, CultureInfo.InvariantCulture); b = double.Parse(m.Groups["hi"].Value, CultureInfo.InvariantCulture); }
        if (op == "in" && metric != "hue" && metric != "dh") throw InputException.At(path, line, $"'{text}': 'in A..B' is for hues");
        return new PromptCheck(text, targets, region, metric, op, a, b);
    }

    /// <summary>Input colours to measure on: sRGB triples (interleaved) and their CIELAB values.</summary>
    public sealed class Sample
    {
        public float[] Rgb { get; }
        public Vector3[] Lab { get; }

        public Sample(float[] rgb)
        {
            Rgb = rgb;
            Lab = ToLab(rgb);
        }
    }

    /// <summary>256 greys from black to white.</summary>
    public static Sample GreyRamp()
    {
        var rgb = new float[256 * 3];
        for (int i = 0; i < 256; i++) rgb[3 * i] = rgb[3 * i + 1] = rgb[3 * i + 2] = i / 255f;
        return new Sample(rgb);
    }

    /// <summary>Pixels of several images (each subsampled to about <paramref name="perImage"/> pixels, so each counts alike).</summary>
    public static Sample Photos(IEnumerable<float[]> images, int perImage = 16384)
    {
        var all = new List<float>();
        foreach (var rgb in images)
        {
            int pixels = rgb.Length / 3, stride = Math.Max(1, pixels / perImage);
            for (int p = 0; p < pixels; p += stride) { all.Add(rgb[3 * p]); all.Add(rgb[3 * p + 1]); all.Add(rgb[3 * p + 2]); }
        }
        return new Sample([.. all]);
    }

    public static List<PromptCaseResult> Run(IReadOnlyList<PromptCase> cases, Sample ramp, Sample photos)
    {
        var results = new List<PromptCaseResult>();
        foreach (var c in cases)
        {
            PromptResult result;
            try { result = PromptEngine.Run(c.Prompt); }
            catch (InputException e)
            {
                var failed = c.Checks.SelectMany(k => k.Targets.Select(t => new CheckResult(k.Text, Name(t), double.NaN, false))).ToList();
                results.Add(new PromptCaseResult(c.Prompt, failed, 0, e.Message, []));
                continue;
            }
            var outRamp = ToLab(LookBaker.Evaluate(result.Look, ramp.Rgb));
            var outPhotos = ToLab(LookBaker.Evaluate(result.Look, photos.Rgb));
            var checks = new List<CheckResult>();
            foreach (var k in c.Checks)
                foreach (var t in k.Targets)
                {
                    var (input, output) = t == EvalTarget.Ramp ? (ramp.Lab, outRamp) : (photos.Lab, outPhotos);
                    double v = Measure(k, input, output);
                    checks.Add(new CheckResult(k.Text, Name(t), Math.Round(v, 3), Passes(k, v)));
                }
            results.Add(new PromptCaseResult(c.Prompt, checks, result.Report.Seconds, null, result.Report.Warnings));
        }
        return results;
    }

    private static string Name(EvalTarget t) => t == EvalTarget.Ramp ? "ramp" : "photos";

    public static bool Passes(PromptCheck k, double v) => !double.IsNaN(v) && k.Op switch
    {
        "+" => v > MoveThreshold,
        "-" => v < -MoveThreshold,
        "~" => Math.Abs(v) < SameTolerance,
        "<" => v < k.A,
        ">" => v > k.A,
        "in" => k.A <= k.B ? v >= k.A && v <= k.B : v >= k.A || v <= k.B,
        _ => false,
    };

    /// <summary>The metric of a check over the pixels of its region (NaN when the region is empty or a hue is undefined).</summary>
    public static double Measure(PromptCheck k, Vector3[] input, Vector3[] output)
    {
        var idx = Enumerable.Range(0, input.Length).Where(i => InRegion(k.Region, input[i])).ToArray();
        if (idx.Length == 0) return double.NaN;
        static double C(Vector3 v) => Math.Sqrt(v.Y * v.Y + v.Z * v.Z);
        static double H(Vector3 v) => LookDesign.HueOf(v.Y, v.Z);
        switch (k.Metric)
        {
            case "L": return idx.Average(i => output[i].X - input[i].X);
            case "a": return idx.Average(i => output[i].Y - input[i].Y);
            case "b": return idx.Average(i => output[i].Z - input[i].Z);
            case "C": return idx.Average(i => C(output[i]) - C(input[i]));
            case "Cout": return idx.Average(i => C(output[i]));
            case "hue":
                double da = idx.Average(i => output[i].Y - input[i].Y), db = idx.Average(i => output[i].Z - input[i].Z);
                return Math.Sqrt(da * da + db * db) < MoveThreshold ? double.NaN : LookDesign.HueOf(da, db);
            case "dh":
                var chromatic = idx.Where(i => C(input[i]) > ChromaticC && C(output[i]) > ChromaticC / 2).ToArray();
                return chromatic.Length == 0 ? double.NaN : chromatic.Average(i => PromptEffect.HueDifference(H(output[i]), H(input[i])));
            case "contrast": return StdDev(idx.Select(i => (double)output[i].X)) - StdDev(idx.Select(i => (double)input[i].X));
            case "dE": return idx.Average(i => DeltaE.Ciede2000(input[i], output[i]));
            default: throw new ArgumentException($"unknown metric {k.Metric}");
        }
    }

    private static bool InRegion(string region, Vector3 lab)
    {
        switch (region)
        {
            case "all": return true;
            case "shadows": return lab.X < 33;
            case "mids": return lab.X >= 33 && lab.X <= 66;
            case "highlights": return lab.X > 66;
        }
        var parts = region[1..].Split('-');
        double lo = double.Parse(parts[0], CultureInfo.InvariantCulture), hi = double.Parse(parts[1], CultureInfo.InvariantCulture);
        double c = Math.Sqrt(lab.Y * lab.Y + lab.Z * lab.Z), h = LookDesign.HueOf(lab.Y, lab.Z);
        return c > ChromaticC && (lo <= hi ? h >= lo && h <= hi : h >= lo || h <= hi);
    }

    private static double StdDev(IEnumerable<double> values)
    {
        var v = values.ToArray();
        double mean = v.Average();
        return Math.Sqrt(v.Average(x => (x - mean) * (x - mean)));
    }

    private static Vector3[] ToLab(float[] rgb)
    {
        var lab = new Vector3[rgb.Length / 3];
        for (int i = 0; i < lab.Length; i++) lab[i] = Cielab.FromSrgb(new Vector3(rgb[3 * i], rgb[3 * i + 1], rgb[3 * i + 2]));
        return lab;
    }

    /// <summary>Totals: directional checks passed and run, prompts whose every check passed.</summary>
    public static (int Passed, int Checks, int PromptsAllPassed) Totals(IEnumerable<PromptCaseResult> results)
    {
        var list = results.ToList();
        return (list.Sum(r => r.Checks.Count(c => c.Passed)), list.Sum(r => r.Checks.Count), list.Count(r => r.Checks.All(c => c.Passed)));
    }
}
