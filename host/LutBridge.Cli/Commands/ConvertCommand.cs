using System.CommandLine;
using LutBridge.Core;
using LutBridge.Core.IO;
using LutBridge.Core.Luts;
using LutBridge.Core.Luts.Formats;
using LutBridge.Core.LutFiles;
using LutBridge.Core.Imaging.LutImages;

namespace LutBridge.Cli.Commands;

/// <summary>`lutbridge convert IN OUT`: any readable LUT format to .cube, .3dl or HaldCLUT .png.</summary>
internal static class ConvertCommand
{
    public static Command Create()
    {
        var input = new Argument<string>("in") { Description = "Input LUT: .cube .3dl .png (HaldCLUT or GPUImage lookup) .csp .spi1d .spi3d .spimtx" };
        var output = new Argument<string>("out") { Description = "Output LUT; the extension picks the format: .cube, .3dl or .png (HaldCLUT)" };
        var size = RangeOptions.OptionalInt(Lattice3D.SizeRange,
            "Resample to an N³ lattice. For .png the HaldCLUT level is chosen from N: " +
            "exact when N = L² (e.g. 64, 144, 225), else a level up to 8 whose nodes include N's (13 → 25, 17 → 49), else the next larger (33 → 36)");
        var title = new Option<string?>("--title") { Description = "Title to store in the output (.cube TITLE, .3dl comment)" };
        var bits = new Option<int?>("--bits") { Description = "Integer depth: .3dl outputs 10, 12 or 16 (default 16); .png 8 or 16 (default 16)" };
        var interp = new Option<string>("--interp")
        {
            Description = "Interpolation used when resampling",
            DefaultValueFactory = _ => "tetrahedral",
        };
        interp.AcceptOnlyFromAmong("tetrahedral", "trilinear");
        var layout = new Option<string>("--png-layout")
        {
            Description = "How to read a .png input: auto (512×512 is told apart by content), hald or gpuimage",
            DefaultValueFactory = _ => "auto",
        };
        layout.AcceptOnlyFromAmong("auto", "hald", "gpuimage");

        var force = new Option<bool>("--force") { Description = "allow OUT to be the input file itself (it is rewritten in the output format: comments, DOMAIN lines and precision may change)" };
        var command = new Command("convert",
            "Convert a LUT between formats, resampling when asked (--size) or when the target needs it. " +
            "What the target cannot hold (values outside 0..1 in .3dl/.png, shapers, domains) is reported on stderr. " +
            "The input is never rewritten unless --force; a LutBridge .look is accepted as input (baked at 65³ unless --size).\n" +
            "Examples:\n  lutbridge convert look.cube look.3dl\n  lutbridge convert look.cube look.png --size 64 --bits 8\n" +
            "  lutbridge convert lookup.png look.cube --size 33 --title \"My look\"");
        command.Arguments.Add(input);
        command.Arguments.Add(output);
        command.Options.Add(size);
        command.Options.Add(title);
        command.Options.Add(bits);
        command.Options.Add(interp);
        command.Options.Add(layout);
        command.Options.Add(force);
        command.SetAction(pr => CliApp.Guard(() =>
        {
            var inPath = pr.GetValue(input)!;
            var outPath = pr.GetValue(output)!;
            var format = LutFile.FormatOf(outPath);
            if (format is not (LutFormat.Cube or LutFormat.ThreeDl or LutFormat.Png))
                throw new InputException($"{outPath}: cannot write this format (use .cube, .3dl or .png)");
            int? n = pr.GetValue(size) is int s ? Lattice3D.SizeRange.Check(s) : null;
            int? depth = pr.GetValue(bits);
            if (depth is int d)
            {
                if (format == LutFormat.ThreeDl && d is not (10 or 12 or 16))
                    throw new InputException($"--bits {d}: .3dl outputs are 10, 12 or 16 bit");
                if (format == LutFormat.Png && d is not (8 or 16))
                    throw new InputException($"--bits {d}: HaldCLUT PNGs are 8 or 16 bit");
                if (format == LutFormat.Cube)
                    throw new InputException("--bits applies to .3dl and .png outputs only (.cube stores floats)");
            }
            var pngLayout = pr.GetValue(layout) switch
            {
                "hald" => PngLutLayout.HaldClut,
                "gpuimage" => PngLutLayout.GpuImage,
                _ => PngLutLayout.Auto,
            };
            OutputFile.Check(outPath, [inPath], pr.GetValue(force));
            var lut = Editors.LookSource.IsLookFile(inPath) ? Editors.LookSource.ReadLut(inPath) : LutFile.Read(inPath, pngLayout);
            var options = new LutWriteOptions
            {
                Size = n,
                Title = pr.GetValue(title),
                ThreeDlOutputBits = format == LutFormat.ThreeDl ? depth ?? 16 : 16,
                HaldBits = format == LutFormat.Png ? depth ?? 16 : 16,
                Interpolation = pr.GetValue(interp) == "trilinear" ? Interpolation.Trilinear : Interpolation.Tetrahedral,
            };
            var report = LutFile.Write(outPath, lut, options);
            foreach (var note in report.Notes)
                Console.Error.WriteLine($"lutbridge: note: {note}");
            var shape = report.WrittenSize is int w ? $"{w}³ lattice" : $"1D, {lut.Table1D?.MaxSize} entries";
            Console.WriteLine($"wrote {outPath} ({shape})");
            return CliApp.ExitOk;
        }));
        return command;
    }
}
