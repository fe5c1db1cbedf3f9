using System.CommandLine;
using LutBridge.Core;
using LutBridge.Core.Apply;
using LutBridge.Core.Imaging;
using LutBridge.Core.Luts;
using LutBridge.Core.LutFiles;

namespace LutBridge.Cli.Commands;

internal static class ApplyCommand
{
    public static Command Create()
    {
        var lut = new Option<string>("--lut") { Description = "LUT file (.cube, .3dl, HaldCLUT .png, ...)", Required = true };
        var input = new Option<string>("--in") { Description = "input image (.png, .jpg, .tif)", Required = true };
        var output = new Option<string>("--out") { Description = "output image; format from the extension, sample depth of the input kept where the format allows", Required = true };
        var interp = new Option<string>("--interp") { Description = "tetrahedral (default) or trilinear", DefaultValueFactory = _ => "tetrahedral" };
        var strength = new Option<float>("--strength") { Description = "0..1: mix of the LUT's result with the original (default 1)", DefaultValueFactory = _ => 1f };
        var beforeAfter = new Option<string?>("--before-after") { Description = "also write the input and the result side by side to this image file" };
        var command = new Command("apply",
            "Apply a 3D LUT to an image: 8/16-bit and float images keep their depth, all cores, SIMD.\n" +
            "Example: lutbridge apply --lut look.cube --in photo.png --out graded.png --strength 0.7")
        { lut, input, output, interp, strength, beforeAfter };
        command.SetAction(pr => CliApp.Guard(() =>
        {
            var interpolation = ParseInterpolation(pr.GetValue(interp)!);
            float s = pr.GetValue(strength);
            if (!(s >= 0f && s <= 1f)) throw new InputException($"--strength must be between 0 and 1, got {s}");
            string outPath = pr.GetValue(output)!;
            if (!ImageFile.IsImagePath(outPath)) throw new InputException($"{outPath}: unknown output image extension (use .png, .jpg, .jpeg, .tif or .tiff)");
            var applier = LutApplier.FromLut(LutFile.Read(pr.GetValue(lut)!), interpolation, s);
            string? comparePath = pr.GetValue(beforeAfter);
            if (comparePath is not null && !ImageFile.IsImagePath(comparePath)) throw new InputException($"{comparePath}: unknown image extension for --before-after");
            var image = ImageFile.Read(pr.GetValue(input)!);
            var result = new RgbImage(image.Width, image.Height, image.Type);
            applier.Apply(image, result);
            ImageFile.Write(outPath, result);
            if (comparePath is not null) ImageFile.Write(comparePath, ImageCompose.SideBySide(image, result));
            return CliApp.ExitOk;
        }));
        return command;
    }

    public static Interpolation ParseInterpolation(string text) => text.ToLowerInvariant() switch
    {
        "tetrahedral" or "tetra" => Interpolation.Tetrahedral,
        "trilinear" => Interpolation.Trilinear,
        _ => throw new InputException($"--interp must be tetrahedral or trilinear, got '{text}'"),
    };
}
