using LutBridge.Core.Color;
using LutBridge.Engines.Decompose;
using LutBridge.Engines.Library;
using LutBridge.Looks;

namespace LutBridge.Engines.Match;

/// <summary>One Look of a style set: a label, the Look, and which library items made it.</summary>
public sealed record StyleVariant(string Label, Look Look, IReadOnlyList<string> Sources, double DistanceToReference);

/// <summary>
/// Style sets from a library: the reference's estimated grade is placed among the library's
/// items by colour-style descriptor; its k nearest items and the estimate are averaged (in
/// OKLab, colour by colour, weighted by nearness) into a steadier Look, and distinct variants
/// (the estimate blended with single neighbours, chosen farthest-first) are offered beside it.
/// Each is fitted to the averaged colours by the decomposer's slider fit.
/// </summary>
public static class StyleSet
{
    /// <summary>Points per axis of the sRGB grid the averaged colours are taken on.</summary>
    public const int Grid = 7;

    /// <summary>How many nearest library styles steady the Look.</summary>
    public static readonly Core.IntRange KRange = new("k", 1, 100, 3);

    /// <summary>How many Looks the set offers (the steadied one and distinct variants).</summary>
    public static readonly Core.IntRange VariantsRange = new("variants", 1, 16, 4);

    /// <param name="guard">
    /// With the photo to grade: each Look is shrunk toward neutral until its luma SSIM to the photo
    /// is at least MinSsim (<see cref="Matcher.KeepStructure(Look, Thumbnail, double)"/>), as the estimate itself was; a
    /// neighbour's steep curve must not break the photo's structure either.
    /// </param>
    public static IReadOnlyList<StyleVariant> Build(Look estimate, LibraryIndex library, int k, int variants, CancellationToken ct, (Thumbnail Input, double MinSsim)? guard = null)
    {
        KRange.Check(k);
        VariantsRange.Check(variants);
        var query = StyleDescriptor.Of(estimate);
        var candidates = library.Looks().ToList();
        if (candidates.Count == 0) throw new Core.InputException($"{LibraryIndex.PathIn(library.Directory)}: the library has no items with a Look");
        var ranked = candidates
            .Select(c => (c.Item, c.Look, Distance: StyleDescriptor.Distance(c.Item.Descriptor, query)))
            .OrderBy(c => c.Distance).ThenBy(c => c.Item.File, StringComparer.Ordinal).ToList();
        var nearest = ranked.Take(Math.Max(1, k)).ToList();
        var result = new List<StyleVariant>();
        // The steadier Look: the estimate and its k nearest styles, weighted by nearness.
        var members = new List<(Look Look, double Weight)> { (estimate, 1.0) };
        double scale = Math.Max(1e-3, nearest.Average(n => n.Distance));
        foreach (var n in nearest) members.Add((n.Look, Math.Exp(-n.Distance / scale)));
        Look Guarded(Look look) => guard is { } g ? Matcher.KeepStructure(look, g.Input, g.MinSsim).Look : look;
        var aggregate = Guarded(Fit(members, $"set of {nearest.Count + 1}", ct));
        result.Add(new StyleVariant("aggregate", aggregate, nearest.Select(n => n.Item.File).ToList(), StyleDescriptor.Distance(StyleDescriptor.Of(aggregate), query)));
        // Variants: the estimate blended half-and-half with one neighbour each, the most distinct first.
        var pool = ranked.Take(Math.Max(k, 2 * variants)).ToList();
        var chosen = new List<float[]> { StyleDescriptor.Of(aggregate) };
        while (result.Count < variants && pool.Count > 0)
        {
            var pick = pool.OrderByDescending(p => chosen.Min(c => StyleDescriptor.Distance(Half(query, p.Item.Descriptor), c))).First();
            pool.Remove(pick);
            var look = Guarded(Fit([(estimate, 1), (pick.Look, 1)], pick.Item.Title ?? pick.Item.File, ct));
            chosen.Add(StyleDescriptor.Of(look));
            result.Add(new StyleVariant(pick.Item.Title ?? Path.GetFileNameWithoutExtension(pick.Item.File), look, [pick.Item.File], StyleDescriptor.Distance(chosen[^1], query)));
        }
        return result;
    }

    private static float[] Half(float[] a, float[] b) => a.Zip(b, (x, y) => 0.5f * (x + y)).ToArray();

    /// <summary>Sliders fitted to the weighted OKLab mean of several Looks' outputs on an sRGB grid.</summary>
    internal static Look Fit(IReadOnlyList<(Look Look, double Weight)> members, string title, CancellationToken ct)
    {
        int n = Grid * Grid * Grid;
        var inputs = new float[3 * n];
        int i = 0;
        for (int b = 0; b < Grid; b++)
            for (int g = 0; g < Grid; g++)
                for (int r = 0; r < Grid; r++)
                {
                    inputs[i++] = r / (float)(Grid - 1); inputs[i++] = g / (float)(Grid - 1); inputs[i++] = b / (float)(Grid - 1);
                }
        var sum = new double[3 * n];
        double total = members.Sum(m => m.Weight);
        var lab = new float[3 * n];
        foreach (var (look, weight) in members)
        {
            var output = LookBaker.Evaluate(look, inputs);
            for (int j = 0; j < output.Length; j++) output[j] = Math.Clamp(output[j], 0f, 1f);
            Oklab.FromSrgb(output, lab);
            for (int j = 0; j < sum.Length; j++) sum[j] += weight / total * lab[j];
        }
        var meanLab = sum.Select(v => (float)v).ToArray();
        var targets = new float[3 * n];
        Oklab.ToSrgb(meanLab, targets);
        for (int j = 0; j < targets.Length; j++) targets[j] = Math.Clamp(targets[j], 0f, 1f);
        var values = ParametricFit.Fit(new SampleSet(inputs, targets), ct);
        return LookCodec.RoundTrip(new Look(values, title: title));
    }
}
