using LutBridge.Core.Luts;
using LutBridge.Engines.Looks;
using LutBridge.Interop.MessagePack;

namespace LutBridge.Server.Methods;

/// <summary>look.bake on the Look engine; look.decompose and look.describe once their engines land.</summary>
internal static class LookMethods
{
    public static void Register(MethodRegistry registry)
    {
        registry.Add("look.bake", (request, context) =>
        {
            var options = new Options("look.bake", request.Optional(2)).Only("size");
            var size = options.Int("size", Lattice3D.MinSize, Lattice3D.MaxSize) ?? LookBaker.DefaultSize;
            context.Report(0, "decoding");
            var look = LookCodec.Decode(request.Bin(0).Span, "look argument");
            context.Cancellation.ThrowIfCancellationRequested();
            context.Report(0.2, "baking");
            var lattice = LookBaker.Bake(look, size);
            context.Cancellation.ThrowIfCancellationRequested();
            context.Report(0.8, "writing");
            var output = request.Str(1);
            var lut = new Lut(lattice) { Title = look.Title };
            var report = LutFile.Write(output, lut);
            context.Report(1, "done");
            return MessagePackValue.FromMap(
                ("output", output),
                ("format", LutFile.FormatOf(output).ToString().ToLowerInvariant()),
                ("size", report.WrittenSize ?? size));
        });
    }
}
