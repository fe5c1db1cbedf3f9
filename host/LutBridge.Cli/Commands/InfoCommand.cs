using System.CommandLine;
using System.Numerics;
using System.Text.Json;
using LutBridge.Core.Color;
using LutBridge.Core.Luts;
using LutBridge.Core.LutFiles;

namespace LutBridge.Cli.Commands;

/// <summary>`lutbridge info LUT`: what a LUT file holds and how far it moves colours.</summary>
internal static class InfoCommand
{
    /// <summary>Grid used to measure LUTs that have no plain lattice of their own (1D, shaper, domain).</summary>
    private const int ProbeSize = 33;

    public static Command Create()
    {
        var lutArg = new Argument<string>("lut") { Description = "LUT file (.cube .3dl .png .csp .spi1d .spi3d .spimtx)" };
        var json = new Option<bool>("--json") { Description = "Print one JSON object instead of text" };
        var command = new Command("info",
            "Describe a LUT: format, size, domain, title, shaper, output range, and its distance from the identity " +
            "as CIEDE2000 (mean, 99th percentile, max) between each lattice node's input and output, both read as sRGB.\n" +
            "Example:\n  lutbridge info look.cube --json");
        command.Arguments.Add(lutArg);
        command.Options.Add(json);
        command.SetAction(pr => CliApp.Guard(() =>
        {
            var path = pr.GetValue(lutArg)!;
            var lut = Editors.LookSource.ReadLut(path);
            var info = Describe(path, lut);
            if (pr.GetValue(json))
                Console.WriteLine(JsonSerializer.Serialize(info, JsonOptions));
            else
                PrintText(info);
            return CliApp.ExitOk;
        }));
        return command;
    }

    private static readonly JsonSerializerOptions JsonOptions = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        WriteIndented = false,
    };

    internal sealed record ShaperInfo(int Size, float[] DomainMin, float[] DomainMax, bool Uniform);

    internal sealed record DeltaEInfo(double Mean, double P99, double Max, int Samples, string Over);

    internal sealed record LutInfo(
        string Path, string Format, string? Title, string Kind, int Size,
        float[] DomainMin, float[] DomainMax, ShaperInfo? Shaper,
        float OutputMin, float OutputMax, IReadOnlyList<string> Comments, DeltaEInfo DeltaE00);

    internal static LutInfo Describe(string path, Lut lut)
    {
        var (min, max) = lut.OutputRange();
        ShaperInfo? shaper = lut.Shaper is { } s
            ? new ShaperInfo(s.MaxSize, ToArray(s.DomainMin), ToArray(s.DomainMax), s.IsUniformGrid)
            : null;
        return new LutInfo(
            path,
            LutFile.FormatOf(path).ToString().ToLowerInvariant(),
            lut.Title,
            lut.Is3D ? "3d" : "1d",
            lut.Lattice?.Size ?? lut.Table1D!.MaxSize,
            ToArray(lut.DomainMin), ToArray(lut.DomainMax),
            shaper, min, max, lut.Comments,
            DistanceFromIdentity(lut));
    }

    /// <summary>
    /// ΔE00 between input and output at every node of the LUT's own lattice when it is a plain
    /// unit-cube lattice, else at the nodes of a 33³ grid over 0..1 evaluated through the LUT.
    /// </summary>
    private static DeltaEInfo DistanceFromIdentity(Lut lut)
    {
        bool own = lut.IsPlainLattice;
        int n = own ? lut.Lattice!.Size : ProbeSize;
        var inputs = new float[n * n * n * 3];
        var outputs = own ? lut.Lattice!.Data : new float[inputs.Length];
        for (int b = 0, i = 0; b < n; b++)
            for (int g = 0; g < n; g++)
                for (int r = 0; r < n; r++, i += 3)
                {
                    var p = new Vector3(r, g, b) / (n - 1);
                    inputs[i] = p.X;
                    inputs[i + 1] = p.Y;
                    inputs[i + 2] = p.Z;
                    if (!own)
                    {
                        var v = lut.Evaluate(p);
                        outputs[i] = v.X;
                        outputs[i + 1] = v.Y;
                        outputs[i + 2] = v.Z;
                    }
                }
        var stats = DeltaE.Ciede2000SrgbStats(inputs, outputs);
        return new DeltaEInfo(stats.Mean, stats.P99, stats.Max, stats.Count, own ? "lattice nodes" : $"{n}³ grid over 0..1");
    }

    private static void PrintText(LutInfo info)
    {
        Console.WriteLine($"file:       {info.Path}");
        Console.WriteLine($"format:     {info.Format}");
        Console.WriteLine($"title:      {info.Title ?? "(none)"}");
        Console.WriteLine(info.Kind == "3d" ? $"lattice:    {info.Size}³" : $"1D table:   {info.Size} entries per channel");
        Console.WriteLine($"domain:     {Triple(info.DomainMin)} .. {Triple(info.DomainMax)}");
        Console.WriteLine(info.Shaper is { } s
            ? $"shaper:     {s.Size} entries{(s.Uniform ? "" : " (explicit inputs)")}, {Triple(s.DomainMin)} .. {Triple(s.DomainMax)}"
            : "shaper:     none");
        Console.WriteLine($"outputs:    {info.OutputMin:G7} .. {info.OutputMax:G7}");
        Console.WriteLine($"comments:   {info.Comments.Count}");
        var d = info.DeltaE00;
        Console.WriteLine($"ΔE00 from identity over {d.Over} ({d.Samples}): mean {d.Mean:F3}, p99 {d.P99:F3}, max {d.Max:F3}");
    }

    private static string Triple(float[] v) => $"({v[0]:G7}, {v[1]:G7}, {v[2]:G7})";

    private static float[] ToArray(Vector3 v) => [v.X, v.Y, v.Z];
}
