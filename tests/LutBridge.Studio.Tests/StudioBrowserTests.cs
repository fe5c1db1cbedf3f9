using LutBridge.Core.Imaging;
using LutBridge.Testing;
using Microsoft.Playwright;

namespace LutBridge.Studio.Tests;

/// <summary>
/// The studio in a real browser (Debian's chromium driven by Playwright): open a photo and a LUT,
/// move a slider and see the preview change, download the Look and compare it with the CLI's bake.
/// Screenshots go to build/test-artifacts/. The slider → preview median is printed.
/// </summary>
public class StudioBrowserTests
{
    private const string Chromium = "/usr/bin/chromium";

    private static async Task<(IPlaywright, IBrowser)> LaunchAsync()
    {
        Assert.True(File.Exists(Chromium), "Debian's chromium is required (scripts/install-deps.sh)");
        var playwright = await Playwright.CreateAsync();
        var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = Chromium,
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                    "--disable-component-update", "--disable-sync"],
        });
        return (playwright, browser);
    }

    private static RgbImage Decode(byte[] png, string dir, string name)
    {
        var path = Path.Combine(dir, name);
        File.WriteAllBytes(path, png);
        return ImageFile.Read(path);
    }

    [Fact]
    public async Task Open_a_photo_and_a_LUT_move_a_slider_see_the_photo_change_and_download_what_bake_makes()
    {
        var artifacts = TestEnvironment.RepoFile("build", "test-artifacts");
        Directory.CreateDirectory(artifacts);
        var work = TestEnvironment.NewTempDir("studio-browser");
        await using var server = await StudioServer.StartAsync();
        var (playwright, browser) = await LaunchAsync();
        using var _ = playwright;
        await using var __ = browser;
        var page = await browser.NewPageAsync(new BrowserNewPageOptions { ViewportSize = new ViewportSize { Width = 1400, Height = 900 }, AcceptDownloads = true });

        await page.GotoAsync(server.Url.ToString());
        await page.Locator("#photo").SetInputFilesAsync(TestEnvironment.RepoFile("samples", "photos", "skimage_coffee.png"));
        await page.WaitForFunctionAsync("document.getElementById('before').naturalWidth > 0");
        await page.Locator("#lut").SetInputFilesAsync(TestEnvironment.RepoFile("samples", "luts", "Colour_Correct.cube"));
        await page.WaitForSelectorAsync("#slider-exposure");
        await page.WaitForFunctionAsync("window.studio.renders >= 2");

        // The whole "after" view: split at 0 shows only the graded photo.
        await page.Locator("#split").FillAsync("0");
        var stage = page.Locator("#stage");
        var beforeMove = await stage.ScreenshotAsync();

        // Raise exposure from wherever the decomposed Look has it, 0.1 EV per move.
        int renders = await page.EvaluateAsync<int>("window.studio.renders");
        var start = await page.EvaluateAsync<double>("Number(document.getElementById('slider-exposure').value)");
        Assert.True(start <= 2.0, $"the decomposed exposure {start} leaves no room to brighten");
        for (int i = 1; i <= 8; i++)
        {
            var value = (start + 0.1 * i).ToString(System.Globalization.CultureInfo.InvariantCulture);
            await page.EvaluateAsync($"(() => {{ const s = document.getElementById('slider-exposure'); s.value = {value}; s.dispatchEvent(new Event('input')); }})()");
            await page.WaitForFunctionAsync($"window.studio.renders >= {renders + i}");
        }
        var afterMove = await stage.ScreenshotAsync();
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(artifacts, "studio.png") });

        // The preview brightened: mean green over the view rose (exposure +0.8 EV).
        double Mean(RgbImage img) { var s = img.Samples<byte>(); double t = 0; for (int i = 1; i < s.Length; i += 3) t += s[i]; return t / (s.Length / 3); }
        double before = Mean(Decode(beforeMove, work, "before.png")), after = Mean(Decode(afterMove, work, "after.png"));
        Assert.True(after > before + 10, $"the preview did not brighten: mean green {before:F1} → {after:F1}");

        var timings = await page.EvaluateAsync<double[]>("window.studio.timings");
        Assert.True(timings.Length >= 8);
        var median = timings.Order().ElementAt(timings.Length / 2);
        Console.WriteLine($"studio: slider → updated preview median {median:F0} ms over {timings.Length} moves (target ≤ 150 ms for 2 MP)");
        File.WriteAllText(Path.Combine(artifacts, "studio-timings.txt"), $"slider → preview median {median:F0} ms; all: {string.Join(", ", timings.Select(t => t.ToString("F0")))}\n");

        // Downloads: the .look, and the .cube the page offers, which must equal `lutbridge bake` of that .look.
        async Task<string> Download(string format)
        {
            var download = await page.RunAndWaitForDownloadAsync(() => page.Locator($"#downloads a[data-format='{format}']").ClickAsync());
            var path = Path.Combine(work, "dl." + format);
            await download.SaveAsAsync(path);
            return path;
        }
        var look = await Download("look");
        var cube = await Download("cube");
        var baked = Path.Combine(work, "baked.cube");
        var cli = Path.Combine(AppContext.BaseDirectory, "lutbridge.dll");
        var (code, _, err) = TestEnvironment.Run("dotnet", [cli, "bake", look, "--out", baked]);
        Assert.True(code == 0, err);
        Assert.Equal(File.ReadAllText(baked), File.ReadAllText(cube));
        Assert.Contains("exposure", TestEnvironment.Run("dotnet", [cli, "show", look]).StdOut);
    }
}
