using LutBridge.Core.Imaging;
using LutBridge.Looks;
using LutBridge.Engines.Prompt;
using LutBridge.Interop.MessagePack;

namespace LutBridge.Server.Methods;

/// <summary>look.prompt: words → Look (the darktable panel's "words" source).</summary>
internal static class PromptMethods
{
    public static void Register(MethodRegistry registry)
    {
        registry.Add("look.prompt", (request, context) =>
        {
            var options = new Options("look.prompt", request.Optional(1)).Only("input");
            var text = request.Str(0);
            context.Report(0, "reading");
            PhotoStats? photo = options.Str("input") is { } path ? PhotoStats.From(ImageFile.Read(path)) : null;
            context.Cancellation.ThrowIfCancellationRequested();
            context.Report(0.5, "composing");
            var result = PromptEngine.Run(text, photo);
            var bytes = LookCodec.Encode(result.Look);
            context.Report(1, "done");
            var r = result.Report;
            return MessagePackValue.FromMap(
                ("look", MessagePackValue.FromBinary(bytes)),
                ("bytes", bytes.Length),
                ("report", MessagePackValue.FromMap(
                    ("seconds", r.Seconds),
                    ("phrases", MessagePackValue.FromArray(r.Phrases.Select(p => MessagePackValue.FromMap(
                        ("text", p.Text), ("meaning", p.Meaning), ("language", p.Language), ("role", p.Role), ("region", p.Region),
                        ("intensity", p.Intensity), ("sliders", Numbers(p.Sliders)))))),
                    ("sliders", Numbers(r.Sliders)),
                    ("warnings", MessagePackValue.FromArray(r.Warnings.Select(w => MessagePackValue.From(w)))))));
        });
    }

    private static MessagePackValue Numbers(IReadOnlyDictionary<string, double> values) =>
        MessagePackValue.FromMap(values.Select(kv => (kv.Key, MessagePackValue.From(kv.Value))));
}
