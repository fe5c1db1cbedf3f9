using System.Text.Json;
using LutBridge.Core;
using LutBridge.Core.Imaging;
using LutBridge.Engines.Distil;
using LutBridge.Looks;
using LutBridge.Interop.MessagePack;
using LutBridge.Interop.Protocol;
using LutBridge.Server.Rpc;

namespace LutBridge.Server.Methods;

/// <summary>
/// look.distil: a before/after image pair → a Look; look.distil_edit: an editor's own edit → a Look
/// (the editors are reached through <paramref name="openEdit"/>, which the CLI's serve passes in:
/// the server itself knows no editor). Both with progress and cancellation.
/// </summary>
internal static class DistilMethods
{
    private static readonly JsonSerializerOptions Json = new() { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };

    public static void Register(MethodRegistry registry, Func<string, string?, EditRender>? openEdit)
    {
        registry.Add("look.distil_edit", (request, context) =>
        {
            var options = new Options("look.distil_edit", request.Optional(1)).Only("editor", "check_photo", EditDistiller.MarginRange.Key, "title", "sliders_only");
            if (openEdit == null)
                throw new RpcException(RpcErrorCode.NotImplemented, "look.distil_edit: this host was started without the editors (start it with lutbridge serve)");
            var editPath = request.Path(0);
            var checkPath = options.Str("check_photo") is { } c ? Absolute(request, c) : null;
            var distil = new DistilOptions
            {
                MeanDeltaEMargin = options.Number(EditDistiller.MarginRange) ?? EditDistiller.MarginRange.Default,
                Title = options.Str("title") ?? Path.GetFileNameWithoutExtension(editPath),
                AllowResidual = !(options.Bool("sliders_only") ?? false),
            };
            context.Report(0, "reading");
            var render = openEdit(editPath, options.Str("editor"));
            (RgbImage, string)? check = checkPath == null ? null : (ImageFile.Read(checkPath), checkPath);
            var progress = new SyncProgress<DistilProgress>(p => context.Report(0.02 + 0.98 * p.Fraction, p.Stage));
            var result = EditDistiller.Run(render, check, distil, progress, context.Cancellation);
            var bytes = LookCodec.Encode(result.Look);
            return MessagePackValue.FromMap(
                ("look", MessagePackValue.FromBinary(bytes)),
                ("bytes", bytes.Length),
                ("report", FromJson(JsonSerializer.SerializeToElement(result.Report, Json))));
        });

        registry.Add("look.distil", (request, context) =>
        {
            var options = new Options("look.distil", request.Optional(2)).Only("align", DistilOptions.MarginRange.Key, "title", "sliders_only");
            var beforePath = request.Path(0);
            var afterPath = request.Path(1);
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
                MeanDeltaEMargin = options.Number(DistilOptions.MarginRange) ?? DistilOptions.MarginRange.Default,
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

    /// <summary>A path given in options, resolved as the client meant it (see <see cref="RpcRequest.Path"/>).</summary>
    private static string Absolute(RpcRequest request, string path)
    {
        if (Path.IsPathRooted(path)) return path;
        var cwd = request.WorkingDirectory?.Invoke()
                  ?? throw new InputException($"{path}: a relative path, and the host cannot see the client's working folder; send an absolute path");
        return Path.GetFullPath(Path.Combine(cwd, path));
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
