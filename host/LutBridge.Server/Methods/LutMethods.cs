using LutBridge.Core;
using LutBridge.Core.Apply;
using LutBridge.Core.Imaging;
using LutBridge.Core.Luts;
using LutBridge.Interop.MessagePack;
using LutBridge.Core.LutFiles;
using LutBridge.Looks;

namespace LutBridge.Server.Methods;

/// <summary>
/// lut.info, lut.convert and lut.apply on the Core LUT readers/writers, image codecs and apply kernels.
/// A .look given as the LUT is baked (<see cref="LookFile.ReadAsLut"/>): Looks go wherever LUTs go.
/// </summary>
internal static class LutMethods
{
    public static void Register(MethodRegistry registry)
    {
        registry.Add("lut.info", (request, _) => Info(request.Path(0)));
        registry.Add("lut.apply", (request, context) => Apply(request.Path(0), request.Path(1), request.Path(2),
            new Options("lut.apply", request.Optional(3)).Only("interpolation", LutApplier.StrengthRange.Key), context));
        registry.Add("lut.convert", (request, context) =>
        {
            var options = new Options("lut.convert", request.Optional(2)).Only(Lattice3D.SizeRange.Key);
            var size = options.Int(Lattice3D.SizeRange);
            context.Report(0, "reading");
            var lut = LookFile.ReadAsLut(request.Path(0));
            context.Cancellation.ThrowIfCancellationRequested();
            context.Report(0.5, "writing");
            var output = request.Path(1);
            var report = LutFile.Write(output, lut, new LutWriteOptions { Size = size });
            context.Report(1, "done");
            return MessagePackValue.FromMap(
                ("output", output),
                ("format", LutFile.FormatOf(output).ToString().ToLowerInvariant()),
                ("size", report.WrittenSize ?? SizeOf(lut)));
        });
    }

    private static MessagePackValue Apply(string lutPath, string input, string output, Options options, Jobs.JobContext context)
    {
        var interpolation = (options.Str("interpolation") ?? "tetrahedral") switch
        {
            "tetrahedral" => Interpolation.Tetrahedral,
            "trilinear" => Interpolation.Trilinear,
            var other => throw new InputException($"lut.apply: interpolation must be tetrahedral or trilinear, got '{other}'"),
        };
        var strength = (float)(options.Number(LutApplier.StrengthRange) ?? LutApplier.StrengthRange.Default);
        if (!ImageFile.IsImagePath(output))
            throw new InputException($"{output}: unknown output image extension (use .png, .jpg, .jpeg, .tif or .tiff)");
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        context.Report(0, "reading");
        var applier = LutApplier.FromLut(LookFile.ReadAsLut(lutPath), interpolation, strength);
        var image = ImageFile.Read(input);
        context.Cancellation.ThrowIfCancellationRequested();
        context.Report(0.4, "applying");
        applier.Apply(image);
        context.Cancellation.ThrowIfCancellationRequested();
        context.Report(0.7, "writing");
        ImageFile.Write(output, image);
        context.Report(1, "done");
        return MessagePackValue.FromMap(
            ("output", output),
            ("width", image.Width),
            ("height", image.Height),
            ("ms", System.Diagnostics.Stopwatch.GetElapsedTime(started).TotalMilliseconds));
    }

    public static int SizeOf(Lut lut) => lut.Lattice?.Size ?? lut.Table1D?.Red.Outputs.Length ?? 0;

    private static MessagePackValue Info(string path)
    {
        var lut = LookFile.ReadAsLut(path);
        var format = LookFile.IsLookPath(path) ? "look" : LutFile.FormatOf(path).ToString().ToLowerInvariant();
        var pairs = new List<(string, MessagePackValue)>
        {
            ("path", path),
            ("format", format),
            ("size", SizeOf(lut)),
            ("domain_min", Vector(lut.DomainMin)),
            ("domain_max", Vector(lut.DomainMax)),
        };
        if (!string.IsNullOrEmpty(lut.Title)) pairs.Insert(3, ("title", lut.Title));
        return MessagePackValue.FromMap(pairs);
    }

    private static MessagePackValue Vector(System.Numerics.Vector3 v) =>
        MessagePackValue.FromArray((MessagePackValue)(double)v.X, (double)v.Y, (double)v.Z);
}
