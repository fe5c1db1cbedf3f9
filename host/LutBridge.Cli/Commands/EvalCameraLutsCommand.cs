using System.CommandLine;
using System.Numerics;
using LutBridge.Core;
using LutBridge.Core.Color;
using LutBridge.Core.Luts;
using LutBridge.Core.LutFiles;

namespace LutBridge.Cli.Commands;

/// <summary>
/// `lutbridge eval camera-luts FILMS OUT`: writes camera-log test LUTs made from published
/// encodings (ACEScct, Apple Log, S-Log3, ARRI LogC3), each camera gamut to Rec. 709 by matrix,
/// display clipping (hard, or a soft shoulder then clipping) and a film LUT from FILMS, into
/// OUT/tuning-33, OUT/heldout-33 and OUT/heldout-65 (the held-out sets use other films).
/// The files are generated, never committed.
/// </summary>
[SubcommandOf("eval")]
internal static class EvalCameraLutsCommand
{
    /// <summary>Film LUTs (from ../shared/data/luts/creative) the decompose fitter may be tuned on.</summary>
    public static readonly string[] TuningFilms = ["colorslide__kodak_kodachrome_64", "negative_new__fuji_400h", "print__kodak_2383_constlclip"];

    /// <summary>Films kept out of tuning: the held-out sets are made with these only.</summary>
    public static readonly string[] HeldOutFilms = ["colorslide__fuji_velvia_100_generic", "negative_new__kodak_portra_800", "instant_pro__polaroid_690_warm_+"];

    public static Command Create()
    {
        var films = new Argument<string>("films") { Description = "Folder holding the film LUTs (../shared/data/luts/creative)" };
        var output = new Argument<string>("out") { Description = "Folder to write tuning-33/, heldout-33/ and heldout-65/ into" };
        var command = new Command("camera-luts",
            "Write camera-log test LUTs: a published input encoding (the log curves ACEScct, Apple Log, S-Log3, ARRI LogC3; " +
            "scene-linear ACES2065-1; ProPhoto RGB) decoded to scene linear, the camera gamut to Rec. 709 by matrix, display " +
            "clipping (hard, or a soft shoulder then clip), sRGB, then a film LUT. 18 at 33³ with the tuning films, 18 at 33³ " +
            "and 4 at 65³ with held-out films.\n" +
            "Example:\n  lutbridge eval camera-luts ../shared/data/luts/creative out/camera\n" +
            "  lutbridge eval decompose out/camera/tuning-33 out/camera/heldout-33 out/camera/heldout-65 --no-gmic");
        command.Arguments.Add(films);
        command.Arguments.Add(output);
        command.SetAction(pr => CliApp.Guard(() =>
        {
            var filmDir = pr.GetValue(films)!;
            var outDir = pr.GetValue(output)!;
            Lut Film(string name)
            {
                var path = Path.Combine(filmDir, name + ".cube");
                if (!File.Exists(path)) throw new InputException($"{path}: film LUT not found (the camera set is made from ../shared/data/luts/creative)");
                return LutFile.Read(path);
            }
            int written = 0;
            void Set(string folder, string[] filmNames, int size, int perFilmEncodings)
            {
                var dir = Path.Combine(outDir, folder);
                Directory.CreateDirectory(dir);
                for (int f = 0; f < filmNames.Length; f++)
                {
                    var film = Film(filmNames[f]);
                    for (int e = 0; e < CameraLog.All.Count && e < perFilmEncodings * (f + 1); e++)
                    {
                        if (perFilmEncodings < CameraLog.All.Count && e < perFilmEncodings * f) continue;
                        var log = CameraLog.All[e];
                        bool shoulder = (e + f) % 2 == 1;
                        var name = $"{log.Name}__{(shoulder ? "shoulder" : "clip")}__{filmNames[f]}";
                        var lut = new Lut(Build(log, shoulder, film, size)) { Title = name };
                        LutFile.Write(Path.Combine(dir, name + ".cube"), lut);
                        written++;
                    }
                }
            }
            Set("tuning-33", TuningFilms, 33, CameraLog.All.Count);
            Set("heldout-33", HeldOutFilms, 33, CameraLog.All.Count);
            Set("heldout-65", HeldOutFilms[..2], 65, 2);
            Console.WriteLine($"{outDir}: {written} camera-log LUTs (tuning-33, heldout-33, heldout-65)");
            return CliApp.ExitOk;
        }));
        return command;
    }

    /// <summary>
    /// The lattice of one camera-log LUT: code values → scene linear (the encoding's own curve) →
    /// linear Rec. 709 (gamut matrix) → display: clipped to [0, 1], or first through the extended
    /// Reinhard shoulder x(1 + x/16²)/(1 + x) scaled so that 0.18 stays 0.18 → sRGB → film LUT.
    /// Negative values (outside Rec. 709 after the matrix) clip to 0 before the shoulder: the
    /// shoulder has a pole at −1 and sent values below it to bright white, a discontinuity no
    /// real display transform has.
    /// </summary>
    internal static Lattice3D Build(CameraLog log, bool shoulder, Lut film, int size)
    {
        var matrix = log.ToLinearSrgb();
        var lattice = new Lattice3D(size);
        double grey = 0.18 * (1 + 0.18 / 256) / (1 + 0.18);
        double Display(double x)
        {
            x = Math.Max(x, 0);
            if (shoulder) x = x * (1 + x / 256) / (1 + x) * 0.18 / grey;
            return Math.Clamp(x, 0, 1);
        }
        Parallel.For(0, size, b =>
        {
            for (int g = 0; g < size; g++)
                for (int r = 0; r < size; r++)
                {
                    double lr = log.Decode(r / (size - 1.0)), lg = log.Decode(g / (size - 1.0)), lb = log.Decode(b / (size - 1.0));
                    var (x, y, z) = matrix.Transform(lr, lg, lb);
                    var display = new Vector3(Srgb.Encode((float)Display(x)), Srgb.Encode((float)Display(y)), Srgb.Encode((float)Display(z)));
                    var o = film.Evaluate(display);
                    int i = 3 * (r + size * (g + size * b));
                    lattice.Data[i] = Math.Clamp(o.X, 0f, 1f);
                    lattice.Data[i + 1] = Math.Clamp(o.Y, 0f, 1f);
                    lattice.Data[i + 2] = Math.Clamp(o.Z, 0f, 1f);
                }
        });
        return lattice;
    }
}
