using LutBridge.Core;
using LutBridge.Core.Luts;
using LutBridge.Engines.Decompose;
using LutBridge.Looks;
using LutBridge.Interop.MessagePack;
using LutBridge.Core.LutFiles;

namespace LutBridge.Server.Methods;

/// <summary>look.decompose (LUT file → Look), look.bake (Look → LUT file) and look.describe (Look → words).</summary>
internal static class LookMethods
{
    public static void Register(MethodRegistry registry)
    {
        registry.Add("look.decompose", (request, context) =>
        {
            var options = new Options("look.decompose", request.Optional(1)).Only(DecomposeOptions.MaxDeltaERange.Key, DecomposeOptions.MeanDeltaERange.Key, "title");
            var fit = new DecomposeOptions
            {
                MaxDeltaE = options.Number(DecomposeOptions.MaxDeltaERange) ?? DecomposeOptions.MaxDeltaERange.Default,
                MeanDeltaE = options.Number(DecomposeOptions.MeanDeltaERange) ?? DecomposeOptions.MeanDeltaERange.Default,
                Title = options.Str("title"),
            };
            var path = request.Path(0);
            context.Report(0, "reading");
            var lut = LutFile.Read(path);
            var progress = new SyncProgress<DecomposeProgress>(p => context.Report(0.05 + 0.95 * p.Fraction, p.Stage));
            var result = Decomposer.Run(lut, fit with { Title = fit.Title ?? lut.Title ?? Path.GetFileNameWithoutExtension(path), Source = path }, progress, context.Cancellation);
            var bytes = LookCodec.Encode(result.Look);
            var r = result.Report;
            return MessagePackValue.FromMap(
                ("look", MessagePackValue.FromBinary(bytes)),
                ("bytes", bytes.Length),
                ("mean_de2000", r.De2000Mean),
                ("max_de2000", r.De2000Max),
                ("summary", LookDescription.Describe(result.Look).Text));
        });

        registry.Add("look.describe", (request, context) =>
        {
            var look = LookCodec.Decode(request.Bin(0).Span, "look argument");
            var (text, operations) = LookDescription.Describe(look);
            return MessagePackValue.FromMap(
                ("text", text),
                ("operations", MessagePackValue.FromArray(operations.Select(o => MessagePackValue.FromMap(
                    ("name", o.Name), ("group", o.Group), ("value", o.Value), ("unit", o.Unit), ("text", o.Text))))));
        });

        registry.Add("look.bake", (request, context) =>
        {
            var options = new Options("look.bake", request.Optional(2)).Only(LookBaker.SizeRange.Key);
            var size = options.Int(LookBaker.SizeRange) ?? LookBaker.SizeRange.Default;
            context.Report(0, "decoding");
            var look = LookCodec.Decode(request.Bin(0).Span, "look argument");
            context.Cancellation.ThrowIfCancellationRequested();
            context.Report(0.2, "baking");
            var output = request.Path(1);
            var report = LookFile.WriteBaked(output, look, size); // a .cube carries the Look, as the CLI's
            context.Report(1, "done");
            return MessagePackValue.FromMap(
                ("output", output),
                ("format", LutFile.FormatOf(output).ToString().ToLowerInvariant()),
                ("size", report.WrittenSize ?? size));
        });
    }
}
