using System.CommandLine;
using LutBridge.Core;
using LutBridge.Core.Apply;
using LutBridge.Core.Imaging;
using LutBridge.Core.IO;
using LutBridge.Core.Luts;
using LutBridge.Core.LutFiles;
using LutBridge.Editors;

namespace LutBridge.Cli.Commands;

internal static class ApplyCommand
{
    public static Command Create()
    {
        var lut = new Option<string>("--lut") { Description = "LUT file (.cube, .3dl, HaldCLUT .png, ...) or a LutBridge Look (.look)", Required = true };
        var input = new Option<string>("--in") { Description = "input image (.png, .jpg, .tif); never modified", Required = true };
        var output = new Option<string>("--out") { Description = "output image; format from the extension, sample depth of the input kept where the format allows", Required = true };
        var interp = new Option<string>("--interp") { Description = "tetrahedral (default) or trilinear", DefaultValueFactory = _ => "tetrahedral" };
        var strength = RangeOptions.Number(LutApplier.StrengthRange, "Mix of the LUT's result with the original");
        var beforeAfter = new Option<string?>("--before-after") { Description = "also write the input and the result side by side to this image file" };
        var command = new Command("apply",
            "Apply a 3D LUT or a Look to an image: 8/16-bit and float images keep their depth, all cores, SIMD.\n" +
            "Every output is checked before any work and written all or none; a missing output folder is created " +
            "(and said); an alpha channel is dropped (and said).\n" +
            MetadataHelp + "\n" +
            "Example: lutbridge apply --lut look.cube --in photo.png --out graded.png --strength 0.7")
        { lut, input, output, interp, strength, beforeAfter };
        command.SetAction(pr => CliApp.Guard(() =>
        {
            var interpolation = ParseInterpolation(pr.GetValue(interp)!);
            float s = (float)LutApplier.StrengthRange.Check(pr.GetValue(strength));
            string inPath = pr.GetValue(input)!, lutPath = pr.GetValue(lut)!;
            string outPath = pr.GetValue(output)!;
            if (!ImageFile.IsImagePath(outPath)) throw new InputException($"{outPath}: unknown output image extension (use .png, .jpg, .jpeg, .tif or .tiff)");
            string? comparePath = pr.GetValue(beforeAfter);
            if (comparePath is not null && !ImageFile.IsImagePath(comparePath)) throw new InputException($"{comparePath}: unknown image extension for --before-after");
            // Every output is checked before any work, so a failure never leaves half the outputs behind.
            string[] inputs = [inPath, lutPath];
            OutputFile.Check(outPath, inputs);
            if (comparePath is not null)
            {
                OutputFile.Check(comparePath, inputs);
                if (OutputFile.SameFile(outPath, comparePath) || Path.GetFullPath(outPath) == Path.GetFullPath(comparePath))
                    throw new InputException($"{comparePath}: --before-after is the same file as --out");
            }
            using var progress = CliProgress.Start("apply", 4);
            progress.Step("reading the LUT");
            var applier = LutApplier.FromLut(LookSource.ReadLut(lutPath), interpolation, s);
            progress.Step("reading the image");
            var image = ImageFile.Read(inPath);
            var metadata = ImageFile.ReadMetadata(inPath);
            NoteLostExif(inPath, outPath, metadata);
            if (image.DroppedAlpha)
                Console.Error.WriteLine($"lutbridge: note: {inPath} has transparent pixels; the output has no alpha channel (LutBridge grades colour only)");
            progress.Step("applying");
            var result = new RgbImage(image.Width, image.Height, image.Type);
            applier.Apply(image, result);
            progress.Step("writing");
            var files = new List<(string, Action<Stream>)> { Encoded(outPath, result, metadata) };
            if (comparePath is not null) files.Add(Encoded(comparePath, ImageCompose.SideBySide(image, result)));
            AtomicFile.WriteAll(files);
            return CliApp.ExitOk;
        }));
        return command;
    }

    /// <summary>What happens to colour spaces and metadata (apply and batch say the same in --help).</summary>
    public const string MetadataHelp =
        "Colour: pixels are graded as stored, read as sRGB values (what LUTs are made for); the output keeps the input's " +
        "ICC profile, so it stays in the input's colour space (an Adobe RGB photo stays Adobe RGB, graded as if it were " +
        "sRGB); a file without a profile is sRGB. Metadata: JPEG to JPEG keeps EXIF (orientation, camera, exposure), XMP, " +
        "ICC and IPTC; TIFF to TIFF keeps ICC, XMP, orientation and the camera/description/copyright tags; between JPEG " +
        "and TIFF only ICC and XMP travel (and a note says EXIF was left behind); PNG carries none.";

    /// <summary>Says once when writing <paramref name="output"/> leaves the input's EXIF behind.</summary>
    public static void NoteLostExif(string input, string output, ImageMetadata metadata)
    {
        if (metadata.LostExif(ImageFile.FormatOf(output)))
            Console.Error.WriteLine($"lutbridge: note: {input}'s EXIF (orientation, camera) is not carried into {Path.GetExtension(output)} output; write .jpg to keep it");
    }

    private static (string, Action<Stream>) Encoded(string path, RgbImage image, ImageMetadata? metadata = null)
    {
        var bytes = ImageFile.Encode(path, image, new ImageWriteOptions { Metadata = metadata ?? ImageMetadata.None });
        return (path, s => s.Write(bytes));
    }

    public static Interpolation ParseInterpolation(string text) => text.ToLowerInvariant() switch
    {
        "tetrahedral" or "tetra" => Interpolation.Tetrahedral,
        "trilinear" => Interpolation.Trilinear,
        _ => throw new InputException($"--interp must be tetrahedral or trilinear, got '{text}'"),
    };
}
