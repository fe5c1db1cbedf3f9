using System.Globalization;
using LutBridge.Looks;

namespace LutBridge.Engines.Decompose;

/// <summary>One moved slider in words.</summary>
public sealed record LookOperation(string Name, string Group, double Value, string Unit, string Text);

/// <summary>Explains a Look in words: one sentence per slider moved from neutral, plus the residual.</summary>
public static class LookDescription
{
    public static (string Text, IReadOnlyList<LookOperation> Operations) Describe(Look look)
    {
        var ops = new List<LookOperation>();
        if (look.Stage is { } stage)
            ops.Add(new LookOperation("camera_stage", "camera", stage.Size, "nodes",
                $"camera stage on {stage.Size}³ nodes: log input to display colours (curve, gamut matrix, {(stage.Shoulder == null ? "clip" : "shoulder and clip")}) before the sliders, which act on the display image"));
        foreach (var (p, v) in look.Changed())
        {
            var amount = v.ToString(p.Unit == "°" ? "0.0" : "+0.####;-0.####", CultureInfo.InvariantCulture);
            var unit = p.Unit.Length == 0 ? "" : p.Unit == "°" ? "°" : " " + p.Unit;
            ops.Add(new LookOperation(p.Name, p.Group, v, p.Unit, $"{p.Name} {amount}{unit} (neutral {p.Neutral.ToString(CultureInfo.InvariantCulture)}): {p.Description}"));
        }
        if (look.Residual is { } r)
            ops.Add(new LookOperation("residual", "residual", r.Size, "nodes", r.Anchor == null
                ? $"residual {r.Size}³ lattice of small sRGB offsets for what the sliders do not express"
                : $"residual {r.Size}³ lattice that reproduces the source LUT at the fitted sliders; moving a slider adds its change"));
        var text = ops.Count == 0
            ? "Neutral: this Look leaves colours unchanged."
            : $"{look.Title ?? "Look"}: " + string.Join("; ", ops.Select(o => o.Text.Split(':')[0])) + ".";
        return (text, ops);
    }
}
