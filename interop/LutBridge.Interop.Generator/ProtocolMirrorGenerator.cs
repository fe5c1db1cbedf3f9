using System.IO;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Text;

namespace LutBridge.Interop.Generator;

/// <summary>
/// Generates the C# mirror of protocol.h (limits, error codes, method table, notification
/// shapes) when the project lists the header as an AdditionalFile. A header that cannot be
/// read soundly (a row that does not parse, a params or result shape outside the grammar, a
/// duplicate) fails the build with LB0001 naming the problem; a missing header with LB0002.
/// </summary>
[Generator(LanguageNames.CSharp)]
public sealed class ProtocolMirrorGenerator : IIncrementalGenerator
{
    private static readonly DiagnosticDescriptor Unsound = new(
        "LB0001", "protocol.h cannot be mirrored", "protocol.h: {0}", "LutBridge.Protocol", DiagnosticSeverity.Error, isEnabledByDefault: true);

    private static readonly DiagnosticDescriptor Missing = new(
        "LB0002", "protocol.h is not an AdditionalFile", "protocol.h is not among the AdditionalFiles: the protocol mirror cannot be generated",
        "LutBridge.Protocol", DiagnosticSeverity.Error, isEnabledByDefault: true);

    public void Initialize(IncrementalGeneratorInitializationContext context)
    {
        var headers = context.AdditionalTextsProvider
            .Where(f => Path.GetFileName(f.Path) == "protocol.h")
            .Select((f, cancel) => f.GetText(cancel)?.ToString() ?? "")
            .Collect();
        context.RegisterSourceOutput(headers, (output, texts) =>
        {
            if (texts.Length != 1)
            {
                output.ReportDiagnostic(Diagnostic.Create(Missing, Location.None));
                return;
            }
            var header = ProtocolHeader.Parse(texts[0]);
            foreach (var problem in header.Problems)
                output.ReportDiagnostic(Diagnostic.Create(Unsound, Location.None, problem));
            if (header.Problems.Any()) return;
            output.AddSource("Protocol.g.cs", SourceText.From(MirrorWriter.Write(header), System.Text.Encoding.UTF8));
        });
    }
}
