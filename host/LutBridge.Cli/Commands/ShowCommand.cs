using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using LutBridge.Looks;
using Spectre.Console;

namespace LutBridge.Cli.Commands;

/// <summary>`lutbridge show IN.look`: the sliders a photographer would see.</summary>
internal static class ShowCommand
{
    public static Command Create()
    {
        var input = new Argument<string>("look") { Description = "Look to show (.look, or a LutBridge .cube that carries one)" };
        var all = new Option<bool>("--all") { Description = "List every slider, not only those moved from neutral" };
        var json = new Option<bool>("--json") { Description = "Print {title, params, residual_size, size_bytes} as JSON" };
        var command = new Command("show",
            "Show a Look's sliders with their units (moved sliders only, unless --all), the residual lattice and the file size.\n" +
            "Examples:\n  lutbridge show film.look\n  lutbridge show film.cube --all");
        command.Arguments.Add(input);
        command.Options.Add(all);
        command.Options.Add(json);
        command.SetAction(pr => CliApp.Guard(() =>
        {
            var path = pr.GetValue(input)!;
            var look = LookFile.Read(path);
            int bytes = LookCodec.Encode(look).Length;
            if (pr.GetValue(json))
            {
                var doc = new
                {
                    Title = look.Title,
                    Params = LookParameters.All.ToDictionary(p => p.Name, p => look[p.Index]),
                    ResidualSize = look.Residual?.Size ?? 0,
                    ResidualAnchored = look.Residual?.Anchor != null,
                    SizeBytes = bytes,
                };
                Console.WriteLine(JsonSerializer.Serialize(doc, LookJson.Options));
                return CliApp.ExitOk;
            }
            var table = new Table().Border(TableBorder.Simple);
            table.Title = new TableTitle(Markup.Escape($"{look.Title ?? Path.GetFileName(path)} — {bytes} bytes"));
            // Names and values never wrap (a wrapped "saturation_highlights" reads as two sliders).
            table.AddColumn(new TableColumn("group").NoWrap());
            table.AddColumn(new TableColumn("slider").NoWrap());
            table.AddColumn(new TableColumn("value").RightAligned().NoWrap());
            table.AddColumn(new TableColumn("neutral").RightAligned().NoWrap());
            table.AddColumn(new TableColumn("range").NoWrap());
            bool showAll = pr.GetValue(all);
            int shown = 0;
            foreach (var p in LookParameters.All)
            {
                double v = look[p.Index];
                bool moved = v != p.Neutral;
                if (!moved && !showAll) continue;
                shown++;
                var value = Markup.Escape(Format(p, v));
                table.AddRow(Markup.Escape(p.Group), Markup.Escape(p.Name), moved ? $"[bold]{value}[/]" : value,
                    Markup.Escape(Format(p, p.Neutral, signed: false)), Markup.Escape(FormatRange(p)));
            }
            var console = CliApp.TableConsole();
            if (shown > 0) console.Write(table);
            else console.WriteLine("all sliders neutral");
            console.WriteLine(look.Residual is { } r
                ? r.Anchor == null
                    ? $"residual: {r.Size}³ {KernelWords(r)} of sRGB offsets added to the sliders (largest {r.Data.Max(Math.Abs):0.0000})"
                    : $"residual: {r.Size}³ {KernelWords(r)} anchored at {AnchorWords(look)} (largest offset {r.Data.Max(Math.Abs):0.0000}); moving a slider adds its change"
                : "residual: none");
            if (look.Shaper is { } s) console.WriteLine($"input shaper: {s.Knots} knots per channel");
            if (look.Stage is { } stage)
                console.WriteLine($"camera stage: log input on {stage.Size}³ nodes ({(stage.SharedCurve ? "one curve" : "a curve per channel")} to scene linear, " +
                    $"up to {stage.Curves.Max():0.##}; 3×3 matrix; {(stage.Shoulder is { } sh ? $"shoulder (white {sh.White:0.##}, gain {sh.Gain:0.###}) then clip" : "clip")}; sRGB); the sliders act on its display colours");
            return CliApp.ExitOk;
        }));
        return command;
    }

    /// <summary>Where an anchored residual's anchor is relative to the sliders shown.</summary>
    private static string KernelWords(LookResidual r) => r.Kernel switch
    {
        ResidualKernel.CubicBSpline => "cubic B-spline lattice",
        ResidualKernel.Tetrahedral => "tetrahedral lattice",
        _ => "trilinear lattice",
    };

    private static string AnchorWords(Look look)
    {
        var anchor = look.Residual!.Anchor!;
        var moved = LookParameters.All.Where(p => p.Index != LookParameters.Strength && p.RoundTrip(anchor[p.Index]) != p.RoundTrip(look[p.Index])).ToList();
        return moved.Count == 0 ? "these sliders" : $"the fitted sliders ({moved.Count} moved since: {string.Join(", ", moved.Take(4).Select(p => p.Name))}{(moved.Count > 4 ? ", …" : "")})";
    }

    /// <summary>"-0.3000 .. 0.3000 L": the unit once, after the upper bound.</summary>
    internal static string FormatRange(LookParameter p)
    {
        var low = Format(p, p.Min, false);
        var unitSuffix = p.Unit is "" or "°" ? "" : " " + p.Unit;
        if (unitSuffix.Length > 0 && low.EndsWith(unitSuffix, StringComparison.Ordinal)) low = low[..^unitSuffix.Length];
        return $"{low} .. {Format(p, p.Max, false)}";
    }

    /// <summary>A slider value with its unit: "+0.250 EV", "12.5°", "+0.0120 L", "-0.150".</summary>
    internal static string Format(LookParameter p, double value, bool signed = true)
    {
        int decimals = Math.Max(0, (int)Math.Ceiling(-Math.Log10(p.Step)));
        var number = value.ToString($"{(signed && p.Unit != "°" ? "+0." : "0.")}{new string('0', decimals)};-0.{new string('0', decimals)}", CultureInfo.InvariantCulture);
        if (decimals == 0) number = value.ToString(signed ? "+0;-0" : "0", CultureInfo.InvariantCulture);
        return p.Unit switch
        {
            "" => number,
            "°" => number + "°",
            _ => $"{number} {p.Unit}",
        };
    }
}
