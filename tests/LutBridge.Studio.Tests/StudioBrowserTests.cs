using System.IO.Compression;
using LutBridge.Core.Apply;
using LutBridge.Core.Imaging;
using LutBridge.Editors.Darktable;
using LutBridge.Editors.RawTherapee;
using LutBridge.Looks;
using LutBridge.Testing;
using Microsoft.Playwright;
using static LutBridge.Studio.Tests.StudioPage;

namespace LutBridge.Studio.Tests;

/// <summary>
/// The studio in a real browser (Debian's chromium driven by Playwright): open a 2 MP photo and a
/// LUT, move a slider and see the preview change, in WebGL and through the server; downloads
/// compared with the CLI. Screenshots go to build/test-artifacts/. The slider → preview medians
/// are printed (tests/bench/studio.sh runs this in Release).
/// </summary>
public class StudioBrowserTests
{
    [Fact]
    public async Task Open_a_2MP_photo_and_a_LUT_move_a_slider_see_the_photo_change_and_download_what_the_CLI_makes()
    {
        var work = TestEnvironment.NewTempDir("studio-browser");
        var photo = MakeJpeg(work, 1728, 1152, "photo-2mp.jpg"); // 1.99 MP: the issue's preview size
        await using var server = await StudioServer.StartAsync();
        var (playwright, browser) = await LaunchAsync();
        using var _ = playwright;
        await using var __ = browser;

        var medians = new Dictionary<string, double>();
        IPage page = null!;
        foreach (var mode in new[] { "server", "webgl" }) // the WebGL page stays open for the downloads
        {
            page = await NewPageAsync(browser);
            await page.GotoAsync(server.Url + (mode == "server" ? "&preview=server" : ""));
            Assert.Equal(mode, await page.EvaluateAsync<string>("window.studio.mode"));
            await page.Locator("#photo").SetInputFilesAsync(photo);
            await page.WaitForFunctionAsync("document.getElementById('before').naturalWidth > 0");
            Assert.Equal(1728, await page.EvaluateAsync<int>("document.getElementById('before').naturalWidth"));
            await page.Locator("#lut").SetInputFilesAsync(TestEnvironment.RepoFile("samples", "luts", "Colour_Correct.cube"));
            await WaitForLookAsync(page, 0);

            // The whole "after" view: split at 0 shows only the graded photo.
            await page.Locator("#split").FillAsync("0");
            var stage = page.Locator("#stage");
            var beforeMove = await stage.ScreenshotAsync();
            // Raise exposure from wherever the decomposed Look has it, 0.1 EV per move.
            var start = await page.EvaluateAsync<double>("Number(document.getElementById('slider-exposure').value)");
            Assert.True(start <= 2.0, $"the decomposed exposure {start} leaves no room to brighten");
            await page.EvaluateAsync("window.studio.timings = []");
            for (int i = 1; i <= 10; i++)
                await MoveAsync(page, "exposure", start + 0.1 * i, await page.EvaluateAsync<int>("window.studio.renders"));
            var afterMove = await stage.ScreenshotAsync();
            await page.Locator("#split").FillAsync("50");
            await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(Artifacts, $"studio-{mode}.png") });

            // The preview brightened: mean green over the view rose (exposure +1 EV).
            double before = MeanGreen(Decode(beforeMove, work, "before.png")), after = MeanGreen(Decode(afterMove, work, "after.png"));
            Assert.True(after > before + 10, $"{mode}: the preview did not brighten: mean green {before:F1} → {after:F1}");
            var timings = await page.EvaluateAsync<double[]>("window.studio.timings");
            Assert.Equal(10, timings.Length);
            medians[mode] = Median(timings);
            Console.WriteLine($"studio: {mode} steps: " + await page.EvaluateAsync<string>("JSON.stringify(window.studio.steps.slice(-5))"));
            File.AppendAllText(Path.Combine(Artifacts, "studio-timings.txt"),
                $"{DateTime.UtcNow:u} {mode}: slider → preview median {medians[mode]:F0} ms; all: {string.Join(", ", timings.Select(t => t.ToString("F0")))}\n");
            if (mode == "server") await page.CloseAsync();
        }
        Console.WriteLine($"studio: slider → updated 1728×1152 (2.0 MP) preview, median of 10 moves: WebGL {medians["webgl"]:F0} ms, " +
                          $"server JPEG {medians["server"]:F0} ms ({medians["server"] / medians["webgl"]:F1}× faster; target ≤ 150 ms)");

        // Once the slider rests the page draws from the 33³ bake: the GPU's lookup (trilinear, half floats) must show
        // what the server's own apply (tetrahedral, LutApplier) makes of the same preview.
        await page.WaitForFunctionAsync("window.studio.lastSize === 33 && !window.studio.busy");
        var canvas = Convert.FromBase64String((await page.EvaluateAsync<string>("document.getElementById('afterGl').toDataURL('image/png')"))["data:image/png;base64,".Length..]);
        var webgl = Decode(canvas, work, "webgl.png");
        var original = server.Session.Preview!;
        var applied = new RgbImage(original.Width, original.Height, SampleType.UInt8);
        new LutApplier(LookBaker.Bake(server.Session.Look!, StudioSession.PreviewLattice)).Apply(original, applied);
        double gpuVsServer = MeanAbsDifference(webgl, applied), gradeSize = MeanAbsDifference(original, applied);
        Assert.True(gradeSize > 10, $"the Look barely changes the photo ({gradeSize:F1}): nothing to compare");
        Assert.True(gpuVsServer < 1.0, $"the WebGL preview differs from the server's apply by {gpuVsServer:F2} levels on average (the grade moves {gradeSize:F1})");

        // Downloads: the .look, and the .cube, which must equal `lutbridge bake` of that .look.
        var look = await DownloadAsync(page, "look", work);
        var cube = await DownloadAsync(page, "cube", work);
        var baked = Path.Combine(work, "baked.cube");
        CliOk("bake", look, "--out", baked);
        Assert.Equal(File.ReadAllText(baked), File.ReadAllText(cube));
        Assert.Contains("exposure", StudioPage.Cli("show", look).Out);

        // darktable: a zip of the .cube (again what bake makes) and a lut3d style that names it.
        using (var zip = ZipFile.OpenRead(await DownloadAsync(page, "dtstyle", work)))
        {
            var styleEntry = zip.Entries.Single(e => e.Name.EndsWith(".dtstyle", StringComparison.Ordinal));
            var cubeEntry = zip.Entries.Single(e => e.Name.EndsWith(".cube", StringComparison.Ordinal));
            using var cubeText = new StreamReader(cubeEntry.Open());
            Assert.Equal(File.ReadAllText(baked), cubeText.ReadToEnd());
            using var styleText = new StreamReader(styleEntry.Open());
            var style = DtStyle.Parse(styleText.ReadToEnd());
            var item = Assert.Single(style.Items);
            Assert.Equal("lut3d", item.Operation);
            Assert.Equal(cubeEntry.Name, Lut3dParams.Decode(item.OpParams).FilePath);
        }

        // RawTherapee: a .pp3 naming LutBridge/STEM.png, and that HaldCLUT as `lutbridge export rawtherapee` writes it.
        using (var zip = ZipFile.OpenRead(await DownloadAsync(page, "pp3", work)))
        {
            var pp3 = zip.Entries.Single(e => e.Name.EndsWith(".pp3", StringComparison.Ordinal));
            using var pp3Text = new StreamReader(pp3.Open());
            var profile = KeyFile.Parse(pp3Text.ReadToEnd(), pp3.Name);
            Assert.Equal("true", profile.Get("Film Simulation", "Enabled"));
            var clutName = profile.Get("Film Simulation", "ClutFilename")!;
            Assert.StartsWith("LutBridge/", clutName);
            var clut = zip.GetEntry(clutName) ?? throw new Xunit.Sdk.XunitException($"the zip lacks {clutName}");
            var exported = Path.Combine(work, "cluts");
            CliOk("export", "rawtherapee", "--look", look, "--cluts-dir", exported, "--level", "8", "--name", Path.GetFileNameWithoutExtension(clutName));
            using var clutBytes = new MemoryStream();
            clut.Open().CopyTo(clutBytes);
            var ours = Decode(clutBytes.ToArray(), work, "ours.png");
            var theirs = ImageFile.Read(Path.Combine(exported, Path.GetFileName(clutName)));
            Assert.Equal((512, 512), (ours.Width, ours.Height)); // level 8: 64³
            Assert.True(ours.Data.AsSpan().SequenceEqual(theirs.Data), "the HaldCLUT differs from export rawtherapee's");
        }
    }
}
