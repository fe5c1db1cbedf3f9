using System.CommandLine;
using System.Globalization;
using LutBridge.Core;
using LutBridge.Core.Apply;
using LutBridge.Core.Imaging;
using LutBridge.Core.Luts;
using LutBridge.Core.LutFiles;

namespace LutBridge.Cli.Commands;

/// <summary>`lutbridge bench apply`: LUT application throughput for 8-bit, 16-bit and float pixels.</summary>
internal static class BenchApplyCommand
{
    public static Command Create()
    {
        var input = new Option<string?>("--in") { Description = "image whose pixels are tiled up to the frame size (default: a built-in photo-like image)" };
        var lut = new Option<string?>("--lut") { Description = "LUT file (default: a built-in film-like LUT)" };
        var megapixels = new Option<double>("--megapixels") { Description = "frame size in megapixels (default 24)", DefaultValueFactory = _ => 24 };
        var size = new Option<int>("--size") { Description = "lattice size of the built-in LUT (default 33); with --lut, resample that LUT to this size", DefaultValueFactory = _ => 33 };
        var saveLut = new Option<string?>("--save-lut") { Description = "also write the LUT that was measured (e.g. to time another tool on it)" };
        var interp = new Option<string>("--interp") { Description = "tetrahedral (default) or trilinear", DefaultValueFactory = _ => "tetrahedral" };
        var runs = new Option<int>("--runs") { Description = "timed runs per depth after one warm-up; the median counts (default 5)", DefaultValueFactory = _ => 5 };
        var simd = new Option<string>("--simd") { Description = "kernel instruction set: best (default), avx512, avx2 or scalar (to compare paths)", DefaultValueFactory = _ => "best" };
        var threads = new Option<int>("--threads") { Description = "threads to use (default 0 = all cores)", DefaultValueFactory = _ => 0 };
        var json = new Option<bool>("--json") { Description = "print only {\"rgb8_mpix_s\":..,\"rgb16_mpix_s\":..,\"float_mpix_s\":..}" };
        var command = new Command("apply",
            "Throughput of LUT application (Mpix/s, all cores) for 8-bit, 16-bit and float RGB after warm-up.\n" +
            "Example: lutbridge bench apply --megapixels 24 --size 33 --json")
        { input, lut, megapixels, size, interp, runs, simd, threads, json, saveLut };
        command.SetAction(pr => CliApp.Guard(() =>
        {
            double mp = pr.GetValue(megapixels);
            int latticeSize = pr.GetValue(size), n = pr.GetValue(runs);
            if (!(mp > 0 && mp <= 200)) throw new InputException($"--megapixels must be in (0, 200], got {mp}");
            if (latticeSize < Lattice3D.MinSize || latticeSize > Lattice3D.MaxSize) throw new InputException($"--size must be {Lattice3D.MinSize}..{Lattice3D.MaxSize}, got {latticeSize}");
            if (n < 1 || n > 100) throw new InputException($"--runs must be 1..100, got {n}");
            var interpolation = ApplyCommand.ParseInterpolation(pr.GetValue(interp)!);
            var lutFile = pr.GetValue(lut) is { } lutPath ? LutFile.Read(lutPath) : new Lut(ApplyBenchmark.FilmLikeLut(latticeSize));
            if (pr.GetValue(lut) is not null && pr.GetResult(size) is { Implicit: false })
                lutFile = lutFile.ToPlainLattice(latticeSize);
            if (pr.GetValue(saveLut) is { } savePath) LutFile.Write(savePath, lutFile);
            var level = ParseSimd(pr.GetValue(simd)!);
            int threadCount = pr.GetValue(threads);
            if (threadCount < 0 || threadCount > 1024) throw new InputException($"--threads must be 0..1024, got {threadCount}");
            var applier = LutApplier.FromLut(lutFile, interpolation, level: level, maxThreads: threadCount);
            var (width, height) = ApplyBenchmark.FrameSize(mp);
            var frame = pr.GetValue(input) is { } inPath
                ? ApplyBenchmark.Tile(ImageFile.Read(inPath), width, height)
                : ApplyBenchmark.SyntheticPhoto(width, height);

            var results = new List<(string Key, double Mpix)>();
            foreach (var (key, type) in new[] { ("rgb8_mpix_s", SampleType.UInt8), ("rgb16_mpix_s", SampleType.UInt16), ("float_mpix_s", SampleType.Float32) })
            {
                var image = ImageConvert.ToType(frame, type);
                results.Add((key, ApplyBenchmark.MeasureMpixPerSecond(applier, image, n)));
            }
            if (pr.GetValue(json))
            {
                Console.WriteLine("{" + string.Join(",", results.Select(r => string.Create(CultureInfo.InvariantCulture, $"\"{r.Key}\":{r.Mpix:F1}"))) + "}");
            }
            else
            {
                Console.WriteLine($"apply {interpolation.ToString().ToLowerInvariant()}, {applier.Size}³ LUT, {width}×{height} ({width * (double)height / 1e6:F1} MP), " +
                                  $"{(threadCount > 0 ? threadCount : Environment.ProcessorCount)} threads, {level} kernels");
                foreach (var (key, mpix) in results)
                    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {key.Replace("_mpix_s", ""),-6} {mpix,8:F1} Mpix/s"));
            }
            return CliApp.ExitOk;
        }));
        return command;
    }

    /// <summary>"best", "avx512", "avx2" or "scalar"; a level this CPU lacks is an input error.</summary>
    private static SimdLevel ParseSimd(string name)
    {
        SimdLevel level = name.ToLowerInvariant() switch
        {
            "best" => SimdSupport.Best,
            "avx512" => SimdLevel.Avx512,
            "avx2" => SimdLevel.Avx2,
            "scalar" => SimdLevel.Scalar,
            _ => throw new InputException($"--simd must be best, avx512, avx2 or scalar, got '{name}'"),
        };
        if (level > SimdSupport.Best) throw new InputException($"this CPU cannot run {level} kernels (best: {SimdSupport.Best})");
        return level;
    }
}
