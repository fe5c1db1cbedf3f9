using System.Globalization;
using LutBridge.Core.Imaging;
using LutBridge.Looks;
using LutBridge.Testing;
using Microsoft.Playwright;

namespace LutBridge.Studio.Tests;

/// <summary>What the browser tests share: Debian's chromium under Playwright, test photos, the CLI beside the tests.</summary>
internal static class StudioPage
{
    public const string Chromium = "/usr/bin/chromium";

    public static string Artifacts
    {
        get
        {
            var dir = TestEnvironment.RepoFile("build", "test-artifacts");
            Directory.CreateDirectory(dir);
            return dir;
        }
    }

    public static async Task<(IPlaywright, IBrowser)> LaunchAsync()
    {
        Assert.True(File.Exists(Chromium), "Debian's chromium is required (scripts/install-deps.sh)");
        var playwright = await Playwright.CreateAsync();
        var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = Chromium,
            Headless = true,
            // No GPU here: WebGL runs on chromium's software rasteriser (SwiftShader), the slowest case.
            Args = ["--no-sandbox", "--disable-gpu", "--enable-unsafe-swiftshader", "--disable-quic", "--no-first-run",
                    "--disable-background-networking", "--disable-component-update", "--disable-sync"],
        });
        return (playwright, browser);
    }

    public static Task<IPage> NewPageAsync(IBrowser browser) =>
        browser.NewPageAsync(new BrowserNewPageOptions { ViewportSize = new ViewportSize { Width = 1400, Height = 900 }, AcceptDownloads = true });

    /// <summary>A real photo (Kodak kodim13, 768×512) scaled by ImageMagick to width × height, with film-like grain so the JPEG has a camera's size.</summary>
    public static string MakeJpeg(string dir, int width, int height, string name)
    {
        var path = Path.Combine(dir, name);
        var (code, _, err) = TestEnvironment.Run(TestEnvironment.RequireTool("convert"),
            [TestEnvironment.SharedFile("photos", "kodak_kodim13.png"), "-resize", $"{width}x{height}!",
             "-attenuate", "0.4", "+noise", "Gaussian", "-quality", "92", path]);
        Assert.True(code == 0, err);
        return path;
    }

    public static RgbImage Decode(byte[] bytes, string dir, string name)
    {
        var path = Path.Combine(dir, name);
        File.WriteAllBytes(path, bytes);
        return ImageFile.Read(path);
    }

    public static double MeanGreen(RgbImage img)
    {
        var s = img.Samples<byte>();
        double t = 0;
        for (int i = 1; i < s.Length; i += 3) t += s[i];
        return t / (s.Length / 3);
    }

    public static double MeanAbsDifference(RgbImage a, RgbImage b)
    {
        Assert.Equal((a.Width, a.Height), (b.Width, b.Height));
        var x = a.Samples<byte>();
        var y = b.Samples<byte>();
        double t = 0;
        for (int i = 0; i < x.Length; i++) t += Math.Abs(x[i] - y[i]);
        return t / x.Length;
    }

    public static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToArray();
        return sorted[sorted.Length / 2];
    }

    /// <summary>The CLI as users run it (./lutbridge: build/cli, rebuilt when stale; its OpenCV natives load from there).</summary>
    public static (int Code, string Out, string Err) Cli(params string[] args)
    {
        var (code, stdout, stderr) = TestEnvironment.Run(TestEnvironment.RepoFile("lutbridge"), args, timeoutMs: 900_000);
        return (code, stdout, stderr);
    }

    public static void CliOk(params string[] args)
    {
        var (code, _, err) = Cli(args);
        Assert.True(code == 0, $"lutbridge {string.Join(' ', args)}: {err}");
    }

    /// <summary>Two Looks equal in every slider and residual, titles aside (the CLI titles a Look after its --out file).</summary>
    public static void SameLook(Look expected, Look actual) =>
        Assert.Equal(Convert.ToHexString(LookCodec.Encode(expected.WithTitle(null))), Convert.ToHexString(LookCodec.Encode(actual.WithTitle(null))));

    public static async Task<string> DownloadAsync(IPage page, string format, string dir)
    {
        var download = await page.RunAndWaitForDownloadAsync(() => page.Locator($"#downloads a[data-format='{format}']").ClickAsync(),
            new PageRunAndWaitForDownloadOptions { Timeout = 120_000 }); // a busy 2-core machine bakes slowly
        var path = Path.Combine(dir, download.SuggestedFilename);
        await download.SaveAsAsync(path);
        return path;
    }

    /// <summary>Moves a slider the way a drag does (an input event per step) and waits for each preview.</summary>
    public static async Task MoveAsync(IPage page, string slider, double value, int rendersBefore)
    {
        var v = value.ToString(CultureInfo.InvariantCulture);
        await page.EvaluateAsync($"(() => {{ const s = document.getElementById('slider-{slider}'); s.value = {v}; s.dispatchEvent(new Event('input')); }})()");
        await page.WaitForFunctionAsync($"window.studio.renders > {rendersBefore}");
    }

    /// <summary>Waits until the page says a Look was made (or fails with the page's error).</summary>
    public static async Task WaitForLookAsync(IPage page, int jobsBefore)
    {
        await page.WaitForFunctionAsync($"window.studio.jobs > {jobsBefore} && document.getElementById('job').hidden", null,
            new PageWaitForFunctionOptions { Timeout = 120_000 });
        var status = await page.Locator("#status").TextContentAsync();
        Assert.True(status!.StartsWith("Look", StringComparison.Ordinal), $"the page says: {status}");
    }
}
