using System.Text.Json;
using LutBridge.Core;
using LutBridge.Core.Imaging;
using LutBridge.Engines.Distil;
using LutBridge.Looks;
using LutBridge.Interop.MessagePack;

namespace LutBridge.Server.Methods;

/// <summary>look.distil: a before/after image pair → a Look, with progress and cancellation.</summary>
internal static class DistilMethods
{
    private static readonly JsonSerializerOptions Json = new() { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };

    public static void Register(MethodRegistry registry)
    {
        registry.Add("look.distil", (request, context) =>
        {
            var options = new Options("look.distil", request.Optional(2)).Only("align", "margin", "title", "sliders_only");
            var beforePath = request.Str(0);
            var afterPath = request.Str(1);
            var align = options.Str("align") switch
            {
                null or "auto" => AlignmentMode.Auto,
                "none" => AlignmentMode.None,
                "register" => AlignmentMode.Register,
                var other => throw new InputException($"look.distil: align must be auto, none or register, got '{other}'"),
            };
            var distil = new DistilOptions
            {
                Alignment = align,
                MeanDeltaEMargin = options.Number("margin", 0.01, 10) ?? DistilOptions.Default.MeanDeltaEMargin,
                Title = options.Str("title") ?? Path.GetFileNameWithoutExtension(afterPath),
                AllowResidual = !(options.Bool("sliders_only") ?? false),
            };
            context.Report(0, "reading");
            var before = ImageFile.Read(beforePath);
            var after = ImageFile.Read(afterPath);
            context.Cancellation.ThrowIfCancellationRequested();
            var progress = new SyncProgress<DistilProgress>(p => context.Report(0.05 + 0.95 * p.Fraction, p.Stage));
            var result = Distiller.Run(before, after, distil, progress, context.Cancellation);
            var bytes = LookCodec.Encode(result.Look);
            var report = JsonSerializer.SerializeToElement(result.Report, Json);
            return MessagePackValue.FromMap(
                ("look", MessagePackValue.FromBinary(bytes)),
                ("bytes", bytes.Length),
                ("report", FromJson(report)));
        });
    }

    /// <summary>A JSON value as msgpack (numbers: integers stay integers).</summary>
    internal static MessagePackValue FromJson(JsonElement e) => e.ValueKind switch
    {
        JsonValueKind.Object => MessagePackValue.FromMap(e.EnumerateObject().Select(p => (p.Name, FromJson(p.Value)))),
        JsonValueKind.Array => MessagePackValue.FromArray(e.EnumerateArray().Select(FromJson)),
        JsonValueKind.String => e.GetString(),
        JsonValueKind.Number => e.TryGetInt64(out var i) ? i : e.GetDouble(),
        JsonValueKind.True => true,
        JsonValueKind.False => false,
        _ => MessagePackValue.Nil,
    };
}
