using System.Text.Json;
using LutBridge.Core;
using LutBridge.Core.Imaging;
using LutBridge.Engines.Library;
using LutBridge.Looks;
using LutBridge.Engines.Match;
using LutBridge.Interop.MessagePack;
using LutBridge.Interop.Protocol;
using LutBridge.Server.Rpc;

namespace LutBridge.Server.Methods;

/// <summary>look.match: reference photo(s) (and optionally the photo to grade, a style library) → a Look.</summary>
internal static class MatchMethods
{
    /// <summary>At most this many reference photos per call.</summary>
    public const int MaxReferences = 16;

    public static void Register(MethodRegistry registry)
    {
        registry.Add("look.match", (request, context) =>
        {
            var options = new Options("look.match", request.Optional(1)).Only("input", MatchOptions.AmountRange.Key, "library", StyleSet.KRange.Key, StyleSet.VariantsRange.Key, "title");
            var refs = request.Args[0].AsArray();
            if (refs.Count == 0 || refs.Count > MaxReferences)
                throw new RpcException(RpcErrorCode.InvalidParams, $"look.match: refs must hold 1..{MaxReferences} photo paths, got {refs.Count}");
            var paths = refs.Select((r, i) => r.Kind == MessagePackValueKind.String ? r.AsString()
                : throw new RpcException(RpcErrorCode.WrongType, $"look.match: refs[{i}] must be a str (a photo path)")).ToList();
            var match = new MatchOptions { Amount = options.Number(MatchOptions.AmountRange) ?? MatchOptions.AmountRange.Default, Title = options.Str("title") ?? "match" };
            context.Report(0, "reading");
            var references = paths.Select(ImageFile.Read).ToList();
            var inputPath = options.Str("input");
            var input = inputPath == null ? null : ImageFile.Read(inputPath);
            context.Cancellation.ThrowIfCancellationRequested();
            context.Report(0.3, "estimating");
            var result = Matcher.Run(references, input, match);
            var report = JsonSerializer.SerializeToNode(result.Report, Json)!.AsObject();
            var libraryDir = options.Str("library");
            var variants = new List<MessagePackValue>();
            if (libraryDir != null)
            {
                context.Report(0.5, "style set");
                var library = LibraryIndex.Load(libraryDir);
                var set = StyleSet.Build(result.Look, library, options.Int(StyleSet.KRange) ?? StyleSet.KRange.Default, options.Int(StyleSet.VariantsRange) ?? StyleSet.VariantsRange.Default, context.Cancellation,
                    input == null ? null : (Thumbnail.ForGuard(input), match.Tuning.MinSsim));
                foreach (var v in set)
                    variants.Add(MessagePackValue.FromMap(
                        ("label", v.Label),
                        ("look", MessagePackValue.FromBinary(LookCodec.Encode(v.Look.With(LookParameters.Strength, result.Look[LookParameters.Strength])))),
                        ("sources", MessagePackValue.FromArray(v.Sources.Select(s => MessagePackValue.From(s)))),
                        ("distance", v.DistanceToReference)));
            }
            context.Report(1, "done");
            var bytes = LookCodec.Encode(result.Look);
            var reportValue = MessagePackJson.FromJsonNode(report);
            if (variants.Count > 0)
                reportValue = MessagePackValue.FromMap(reportValue.AsMap().Append(new(MessagePackValue.From("variants"), MessagePackValue.FromArray(variants))));
            return MessagePackValue.FromMap(
                ("look", MessagePackValue.FromBinary(bytes)),
                ("bytes", bytes.Length),
                ("report", reportValue));
        });
    }

    private static readonly JsonSerializerOptions Json = new() { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };
}
