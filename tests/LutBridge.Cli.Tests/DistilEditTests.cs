using System.Buffers.Binary;
using System.Text.Json;
using LutBridge.Core.Color;
using LutBridge.Core.Imaging;
using LutBridge.Editors.Darktable;
using LutBridge.Engines.Distil;
using LutBridge.Looks;
using LutBridge.Testing;

namespace LutBridge.Cli.Tests;

/// <summary>
/// `distil --edit`: an editor's own edit → a Look, checked against the editor's own render of a
/// photo the fit never saw (kodim23, not bundled with the engine). The edits are real darktable
/// modules (velvia, colour correction) and RawTherapee settings; the independent renders come from
/// darktable-cli applying the user's sidecar itself and rawtherapee-cli applying the user's profile.
/// </summary>
public class DistilEditTests
{
    private static readonly string Dir = TestEnvironment.NewTempDir("distiledit");
    private static string HeldOut => TestEnvironment.SharedFile("photos", "kodak_kodim23.png");

    private static string Floats(params float[] values)
    {
        var bytes = new byte[4 * values.Length];
        for (int i = 0; i < values.Length; i++) BinaryPrimitives.WriteSingleLittleEndian(bytes.AsSpan(4 * i), values[i]);
        return Convert.ToHexStringLower(bytes);
    }

    // darktable 4.2 params: velvia v2 {strength, bias}; colorcorrection v1 {hi a, hi b, lo a, lo b, saturation}.
    private static (string Op, int Version, string Params) Velvia(float strength, float bias) => ("velvia", 2, Floats(strength, bias));
    private static (string Op, int Version, string Params) ColourCorrection(float ha, float hb, float la, float lb, float sat) =>
        ("colorcorrection", 1, Floats(ha, hb, la, lb, sat));

    private static string Style(string path, params (string Op, int Version, string Params)[] items)
    {
        var plugins = string.Join("", items.Select((it, i) =>
            $"<plugin><num>{i}</num><module>{it.Version}</module><operation>{it.Op}</operation><op_params>{it.Params}</op_params>" +
            "<enabled>1</enabled><blendop_params></blendop_params><blendop_version>11</blendop_version><multi_priority>0</multi_priority><multi_name></multi_name></plugin>"));
        File.WriteAllText(path, $"<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<darktable_style version=\"1.0\"><info><name>my look</name><description></description></info><style>{plugins}</style></darktable_style>\n");
        return path;
    }

    private static string Sidecar(string path, int historyEnd, params (string Op, int Version, string Params)[] items)
    {
        var lis = string.Join("\n", items.Select((it, i) =>
            $"<rdf:li darktable:num=\"{i}\" darktable:operation=\"{it.Op}\" darktable:enabled=\"1\" darktable:modversion=\"{it.Version}\" darktable:params=\"{it.Params}\" " +
            "darktable:multi_name=\"\" darktable:multi_priority=\"0\" darktable:blendop_version=\"11\" darktable:blendop_params=\"\"/>"));
        File.WriteAllText(path, $"""
            <?xml version="1.0" encoding="UTF-8"?>
            <x:xmpmeta xmlns:x="adobe:ns:meta/" x:xmptk="XMP Core 4.4.0-Exiv2">
             <rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
              <rdf:Description rdf:about="" xmlns:darktable="http://darktable.sf.net/" darktable:xmp_version="5" darktable:history_end="{historyEnd}">
               <darktable:history><rdf:Seq>
            {lis}
               </rdf:Seq></darktable:history>
              </rdf:Description>
             </rdf:RDF>
            </x:xmpmeta>
            """);
        return path;
    }

    /// <summary>Mean ΔE00 between the Look applied to <paramref name="photo"/> and the editor's render of it.</summary>
    private static (double Mean, double P99) LookAgainst(Look look, string photo, string rendered)
    {
        var mapped = LookBaker.Evaluate(look, Pixels.ToFloats(ImageFile.Read(photo)));
        for (int i = 0; i < mapped.Length; i++) mapped[i] = Math.Clamp(mapped[i], 0f, 1f);
        var stats = DeltaE.Ciede2000SrgbStats(mapped, Pixels.ToFloats(ImageFile.Read(rendered)));
        return (stats.Mean, stats.P99);
    }

    private static EditDistilResult Distil(string edit, string? editor = null) =>
        EditDistiller.Run(EditSources.Open(edit, editor), (ImageFile.Read(HeldOut), HeldOut), DistilOptions.Default with { MeanDeltaEMargin = EditDistiller.DefaultMargin }, null, CancellationToken.None);

    [Fact]
    public void ADarktableStyleBecomesALookThatMatchesDarktableOnAHeldOutPhoto()
    {
        TestEnvironment.RequireTool(DarktableCliRun.Executable);
        var style = Style(Path.Combine(Dir, "film.dtstyle"), Velvia(60, 1), ColourCorrection(0.15f, 0.25f, -0.15f, -0.25f, 1.1f));
        var result = Distil(style);
        var e = result.Edit;
        Assert.Equal("darktable", e.Editor);
        Assert.Empty(e.LeftOut);
        // The edit is large (darktable moved the held-out photo by several ΔE00) and the Look follows it closely.
        Assert.True(e.EditDe2000Mean > 2.5, $"edit {e.EditDe2000Mean}");
        Assert.True(e.CheckDe2000Mean < 0.6, $"check {e.CheckDe2000Mean} (p99 {e.CheckDe2000P99})");
        Assert.True(e.NotColourMappingDe2000Mean < 0.8, $"velvia and colour correction act pixel by pixel: {e.NotColourMappingDe2000Mean}");
        Assert.True(result.Report.SizeBytes < 8192, $"{result.Report.SizeBytes} B");
        Assert.True(result.Look.Changed().Any(m => m.Parameter.Name is "saturation" or "vibrance" && m.Value > 0), "velvia saturates");
    }

    [Fact]
    public void ADarktableSidecarsHistoryUpToItsEndMatchesDarktableCliApplyingTheSidecarItself()
    {
        var cli = TestEnvironment.RequireTool(DarktableCliRun.Executable);
        // history_end 3: the first colour correction is replaced by the third entry, the fourth (a strong velvia) is past the end.
        var xmp = Sidecar(Path.Combine(Dir, "photo.png.xmp"), 3,
            ColourCorrection(0.3f, 0.3f, -0.1f, -0.1f, 1), Velvia(60, 1), ColourCorrection(0.15f, 0.25f, -0.15f, -0.25f, 1.1f), Velvia(100, 0));
        var result = Distil(xmp);

        var work = TestEnvironment.NewTempDir("dtxmp");
        var rendered = Path.Combine(work, "kodim23.png");
        var (code, _, err) = TestEnvironment.Run(cli, [HeldOut, xmp, rendered, "--core", "--configdir", Path.Combine(work, "config"),
            "--cachedir", Path.Combine(work, "cache"), "--conf", "plugins/imageio/format/png/bpp=16", "--conf", "write_sidecar_files=never"]);
        Assert.True(code == 0 && File.Exists(rendered), err);
        var (mean, p99) = LookAgainst(result.Look, HeldOut, rendered);
        Assert.True(DeltaE.Ciede2000SrgbStats(Pixels.ToFloats(ImageFile.Read(HeldOut)), Pixels.ToFloats(ImageFile.Read(rendered))).Mean > 2.5, "the sidecar's edit is visible");
        Assert.True(mean < 0.6, $"Look vs darktable-cli's own render: mean ΔE00 {mean:0.000}, p99 {p99:0.00}");
        Directory.Delete(work, true);
    }

    [Fact]
    public void ARawTherapeeProfileBecomesALookThatMatchesRawTherapeeCliOnAHeldOutPhoto()
    {
        TestEnvironment.RequireTool("rawtherapee-cli");
        // Exposure, a tone curve, saturation, white balance and per-channel curves. (Not [Exposure] Contrast: RawTherapee
        // pivots it on the image's mean brightness, so it is no fixed colour mapping; distil reports that part as such.)
        const string colour = "[Version]\nAppVersion=5.9\nVersion=349\n\n[Exposure]\nCompensation=0.3\nCurveMode=Standard\n" +
                              "Curve=1;0;0;0.25;0.18;0.75;0.85;1;1;\nSaturation=25\n\n[White Balance]\nEnabled=true\nSetting=Custom\n" +
                              "Temperature=5600\nGreen=1.02\n\n[RGB Curves]\nEnabled=true\nLumaMode=false\nrCurve=1;0;0;0.5;0.55;1;1;\ngCurve=0;\n" +
                              "bCurve=1;0;0.03;0.5;0.47;1;0.97;\n\n";
        var pp3 = Path.Combine(Dir, "portrait.pp3");
        File.WriteAllText(pp3, colour + "[Crop]\nEnabled=true\nX=40\nY=40\nW=200\nH=150\n");
        var result = Distil(pp3);
        Assert.Equal("rawtherapee", result.Edit.Editor);
        Assert.Contains(result.Edit.LeftOut, l => l.StartsWith("[Crop]", StringComparison.Ordinal));

        // rawtherapee-cli renders the held-out photo with the user's colour settings (without the crop, which changes the size).
        var work = TestEnvironment.NewTempDir("rtpp3");
        var uncropped = Path.Combine(work, "colour.pp3");
        File.WriteAllText(uncropped, colour);
        var rendered = Path.Combine(work, "kodim23.png");
        using (var rt = new LutBridge.Editors.RawTherapee.RawTherapeeCli())
            rt.Convert(HeldOut, rendered, [uncropped], new LutBridge.Editors.RawTherapee.RtOutput("png", Bits: 16));
        var (mean, p99) = LookAgainst(result.Look, HeldOut, rendered);
        Assert.True(result.Edit.EditDe2000Mean > 2.5, $"edit {result.Edit.EditDe2000Mean}");
        Assert.True(mean < 0.6, $"Look vs rawtherapee-cli's render: mean ΔE00 {mean:0.000}, p99 {p99:0.00}");
        Directory.Delete(work, true);
    }

    [Fact]
    public void AnEditDarktableCannotApplyIsToldNotDistilledIntoANeutralLook()
    {
        TestEnvironment.RequireTool(DarktableCliRun.Executable);
        // darktable-cli exports the image unchanged, exit 0, when lut3d cannot find its LUT.
        var style = Path.Combine(Dir, "lostlut.dtstyle");
        File.WriteAllText(style, new DtStyle("lost lut", "", [DtStyleItem.Lut3d(new Lut3dParams("no-such-lut.cube"))]).ToXml());
        var e = Assert.Throws<LutBridge.Core.InputException>(() => Distil(style));
        Assert.Contains(style, e.Message);
        Assert.Contains("unchanged", e.Message);
    }

    [Fact]
    public void GeometryAndTheCameraStageAreLeftOutAndListed()
    {
        var xmp = Sidecar(Path.Combine(Dir, "raw.nef.xmp"), 4,
            ("rawprepare", 2, "00000000"), ("temperature", 3, Floats(2.1f, 1, 1.5f, 0)), ("crop", 1, Floats(0.1f, 0.1f, 0.9f, 0.9f)), Velvia(40, 1));
        var edit = DarktableEdit.Open(xmp);
        Assert.Equal(["velvia"], edit.Modules);
        Assert.Equal(["rawprepare (camera raw stage)", "temperature (camera raw stage)", "crop (moves pixels)"], edit.LeftOut);
        Assert.Contains("<operation>velvia</operation>", edit.StyleXml("x"));
        Assert.DoesNotContain("crop", edit.StyleXml("x"));
    }

    private static (int Code, string Out, string Err) Cli(IDictionary<string, string>? env, params string[] args)
    {
        var dll = Path.Combine(AppContext.BaseDirectory, "lutbridge.dll");
        var (code, stdout, stderr) = TestEnvironment.Run("dotnet", [dll, .. args], timeoutMs: 300_000, env: env);
        Assert.DoesNotContain("   at ", stderr);
        return (code, stdout, stderr);
    }

    [Theory]
    [InlineData("bad.dtstyle", "this is not xml", "not a darktable style or XMP sidecar")]
    [InlineData("other.xmp", "<?xml version=\"1.0\"?><x:xmpmeta xmlns:x=\"adobe:ns:meta/\"/>", "not a darktable style (<darktable_style>) or XMP sidecar")]
    [InlineData("bad.pp3", "[Exposure]\nContrast=10\n", "not a RawTherapee profile")]
    [InlineData("only-version.pp3", "[Version]\nVersion=349\n[Crop]\nEnabled=true\n", "nothing to distil")]
    [InlineData("edit.txt", "whatever", "cannot tell the editor")]
    public void ABadEditIsOneLineNamingTheFileAndExitTwo(string name, string content, string expected)
    {
        var path = Path.Combine(Dir, name);
        File.WriteAllText(path, content);
        var (code, _, err) = Cli(null, "distil", "--edit", path, "--out", Path.Combine(Dir, "never.look"));
        Assert.Equal(2, code);
        Assert.Contains(path, err);
        Assert.Contains(expected, err);
        Assert.Single(err.Trim().Split('\n'));
        Assert.False(File.Exists(Path.Combine(Dir, "never.look")));
    }

    [Theory]
    [InlineData("film.dtstyle", "darktable-cli")]
    [InlineData("film.pp3", "rawtherapee-cli")]
    public void AMissingEditorToolIsNamedWithHowToInstallIt(string name, string tool)
    {
        var path = Path.Combine(Dir, "tool-" + name);
        if (name.EndsWith(".pp3")) File.WriteAllText(path, "[Version]\nVersion=349\n[Exposure]\nContrast=10\n");
        else Style(path, Velvia(60, 1));
        var empty = TestEnvironment.NewTempDir("nopath");
        var (code, _, err) = Cli(new Dictionary<string, string> { ["PATH"] = empty }, "distil", "--edit", path, "--out", Path.Combine(Dir, "never.look"));
        Assert.Equal(2, code);
        Assert.Contains(tool, err);
        Assert.Contains("install", err);
        Assert.Single(err.Trim().Split('\n'));
    }

    [Fact]
    public void TheJsonReportCarriesTheEditCheck()
    {
        TestEnvironment.RequireTool("rawtherapee-cli");
        var pp3 = Path.Combine(Dir, "json.pp3");
        File.WriteAllText(pp3, "[Version]\nVersion=349\n[Exposure]\nSaturation=-40\n");
        var look = Path.Combine(Dir, "json.look");
        var (code, stdout, err) = Cli(null, "distil", "--edit", pp3, "--out", look, "--json", "-", "--sliders-only");
        Assert.True(code == 0, err);
        var r = JsonDocument.Parse(stdout).RootElement;
        var edit = r.GetProperty("edit");
        Assert.Equal("rawtherapee", edit.GetProperty("editor").GetString());
        Assert.Equal(4913, edit.GetProperty("chart_colours").GetInt32());
        // Saturation −40: the held-out photo loses colour, and sliders alone follow it.
        Assert.True(edit.GetProperty("edit_de2000_mean").GetDouble() > 2, edit.ToString());
        Assert.True(edit.GetProperty("check_de2000_mean").GetDouble() < 1.5, edit.ToString());
        Assert.True(r.GetProperty("params").GetProperty("saturation").GetDouble() < -0.1, r.GetProperty("params").ToString());
        Assert.Equal(new FileInfo(look).Length, r.GetProperty("size_bytes").GetInt32());
    }
}
