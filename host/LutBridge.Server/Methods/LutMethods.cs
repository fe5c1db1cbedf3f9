using LutBridge.Core.Luts;
using LutBridge.Interop.MessagePack;

namespace LutBridge.Server.Methods;

/// <summary>lut.info and lut.convert on the Core LUT readers and writers; lut.apply once the apply engine lands.</summary>
internal static class LutMethods
{
    public static void Register(MethodRegistry registry)
    {
        registry.Add("lut.info", (request, _) => Info(request.Str(0)));
        registry.Add("lut.convert", (request, context) =>
        {
            var options = new Options("lut.convert", request.Optional(2)).Only("size");
            var size = options.Int("size", Lattice3D.MinSize, Lattice3D.MaxSize);
            context.Report(0, "reading");
            var lut = LutFile.Read(request.Str(0));
            context.Cancellation.ThrowIfCancellationRequested();
            context.Report(0.5, "writing");
            var output = request.Str(1);
            var report = LutFile.Write(output, lut, new LutWriteOptions { Size = size });
            context.Report(1, "done");
            return MessagePackValue.FromMap(
                ("output", output),
                ("format", LutFile.FormatOf(output).ToString().ToLowerInvariant()),
                ("size", report.WrittenSize ?? SizeOf(lut)));
        });
    }

    public static int SizeOf(Lut lut) => lut.Lattice?.Size ?? lut.Table1D?.Red.Outputs.Length ?? 0;

    private static MessagePackValue Info(string path)
    {
        var lut = LutFile.Read(path);
        var format = LutFile.FormatOf(path);
        var pairs = new List<(string, MessagePackValue)>
        {
            ("path", path),
            ("format", format.ToString().ToLowerInvariant()),
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
