using System.Diagnostics;
using LutBridge.Core.Imaging;
using LutBridge.Editors;
using LutBridge.Editors.RawTherapee;
using LutBridge.Testing;
using Microsoft.Playwright;
using static LutBridge.Studio.Tests.StudioPage;

namespace LutBridge.Studio.Tests;

/// <summary>
/// RawTherapee's way in, end to end: `lutbridge rt-edit` started (as RawTherapee's launcher does) on
/// the TIFF rawtherapee-cli renders of a photo, the page driven in chromium (a LUT, then "Done"), the
/// process ending by itself; the HaldCLUT and the photo's sidecar checked, and the real rawtherapee-cli
/// rendering the photo through that sidecar compared with `lutbridge apply` of the HaldCLUT.
/// (The GUI's own button is driven in tests/e2e/rawtherapee-gui-rt-edit.sh.)
/// </summary>
public class StudioRtEditTests
{
    private static void RawTherapeeCli(string settings, params string[] args)
    {
        var (code, stdout, stderr) = TestEnvironment.Run(TestEnvironment.RequireTool("rawtherapee-cli"), args,
            env: new Dictionary<string, string> { ["RT_SETTINGS"] = settings, ["RT_CACHE"] = Path.Combine(settings, "cache") });
        Assert.True(code == 0, $"rawtherapee-cli {string.Join(' ', args)}: {stdout}{stderr}");
    }

    [Fact]
    public async Task Rt_edit_opens_the_handed_over_TIFF_and_done_puts_the_look_into_RawTherapee_as_its_CLI_renders_it()
    {
        var work = TestEnvironment.NewTempDir("studio-rt-edit");
        var settings = Path.Combine(work, "rt-settings");
        var cliSettings = Path.Combine(work, "rt-cli");
        CliOk("install", "rawtherapee", "--settings", settings);

        // The photo with a sidecar RawTherapee wrote (its full default profile), and the TIFF it hands over: STEM.tif beside it.
        var photos = Path.Combine(work, "photos");
        Directory.CreateDirectory(photos);
        var photo = Path.Combine(photos, "IMG_0042.jpg");
        var (rc, _, err) = TestEnvironment.Run(TestEnvironment.RequireTool("convert"), [TestEnvironment.SharedFile("photos", "kodak_kodim23.png"), "-quality", "95", photo]);
        Assert.True(rc == 0, err);
        var profileOut = Path.Combine(work, "profile-out");
        Directory.CreateDirectory(profileOut);
        RawTherapeeCli(cliSettings, "-O", profileOut + "/", "-Y", "-c", photo);
        var sidecar = photo + ".pp3";
        File.Copy(Directory.GetFiles(profileOut, "*.pp3").Single(), sidecar);
        var sidecarBefore = File.ReadAllLines(sidecar);
        var tiff = Path.Combine(photos, "IMG_0042.tif");
        RawTherapeeCli(cliSettings, "-o", tiff, "-t", "-Y", "-c", photo);
        var tiffBytes = File.ReadAllBytes(tiff);
        var photoBytes = File.ReadAllBytes(photo);

        using var rtEdit = Process.Start(new ProcessStartInfo(TestEnvironment.RepoFile("lutbridge"))
        {
            ArgumentList = { "rt-edit", tiff, "--settings", settings, "--no-open" },
            RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false,
        })!;
        var stderr = rtEdit.StandardError.ReadToEndAsync();
        try
        {
            var url = await rtEdit.StandardOutput.ReadLineAsync().WaitAsync(TimeSpan.FromMinutes(10)) ?? throw new Xunit.Sdk.XunitException("rt-edit printed no address: " + await stderr);
            var (playwright, browser) = await LaunchAsync();
            using var _ = playwright;
            await using var __ = browser;
            var page = await NewPageAsync(browser);
            await page.GotoAsync(url);
            await page.Locator("#rtEdit").WaitForAsync(new LocatorWaitForOptions { State = WaitForSelectorState.Visible });
            Assert.Equal(photo, await page.Locator("#rtEditOriginal").InputValueAsync()); // found by the TIFF's name
            Assert.True(await page.Locator("#send [data-to='rawtherapee']").IsHiddenAsync()); // RawTherapee runs: "done" is the way
            await page.WaitForFunctionAsync("document.getElementById('before').naturalWidth === 768");
            await page.Locator("#lut").SetInputFilesAsync(TestEnvironment.RepoFile("samples", "luts", "Colour_Correct.cube"));
            await WaitForLookAsync(page, 0);
            var look = await DownloadAsync(page, "look", work);
            await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(Artifacts, "studio-rt-edit.png") });
            await page.Locator("#rtEditDone").ClickAsync();
            await page.WaitForFunctionAsync("window.studio.rtEdit === 'done'", null, new PageWaitForFunctionOptions { Timeout = 120_000 });
            await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(Artifacts, "studio-rt-edit-done.png") });
            Assert.Contains("Load a profile from file", await page.Locator("#rtEditResult").TextContentAsync());

            // "Done" ends rt-edit.
            await rtEdit.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(60));
            Assert.True(rtEdit.ExitCode == 0, await stderr);

            // The HaldCLUT in RawTherapee's CLUT folder is `lutbridge export rawtherapee` of the same Look.
            var folder = RawTherapeeSettings.InstalledClutFolder(settings)!;
            var clut = Directory.GetFiles(folder, "*.png").Single();
            var exported = Path.Combine(work, "exported");
            CliOk("export", "rawtherapee", "--look", look, "--cluts-dir", exported, "--level", "8", "--name", Path.GetFileNameWithoutExtension(clut));
            Assert.True(ImageFile.Read(clut).Data.AsSpan().SequenceEqual(ImageFile.Read(Directory.GetFiles(exported).Single()).Data));

            // The sidecar: only the Film Simulation lines changed; the photo and the TIFF untouched.
            var sidecarAfter = File.ReadAllLines(sidecar);
            Assert.Equal(sidecarBefore.Length, sidecarAfter.Length);
            var changed = Enumerable.Range(0, sidecarBefore.Length).Where(i => sidecarBefore[i] != sidecarAfter[i]).Select(i => sidecarAfter[i]).ToList();
            Assert.Equal(["Enabled=true", $"ClutFilename={clut}"], changed);
            Assert.Equal("true", KeyFile.Load(sidecar).Get("Film Simulation", "Enabled"));
            Assert.Equal(photoBytes, File.ReadAllBytes(photo));
            Assert.Equal(tiffBytes, File.ReadAllBytes(tiff));
            Assert.True(File.Exists(Path.Combine(folder, Path.GetFileNameWithoutExtension(clut) + ".pp3"))); // the partial profile to load in the GUI

            // rawtherapee-cli renders the photo through its sidecar with the look: what `lutbridge apply` of the
            // HaldCLUT makes of its rendering without it (the sidecar as it was), within mean ΔE00 1.5.
            var before = Path.Combine(work, "before.pp3");
            File.WriteAllLines(before, sidecarBefore);
            var withLook = Path.Combine(work, "rt-with-look.png");
            var without = Path.Combine(work, "rt-without.png");
            RawTherapeeCli(cliSettings, "-o", withLook, "-n", "-b16", "-Y", "-s", "-c", photo);
            RawTherapeeCli(cliSettings, "-o", without, "-n", "-b16", "-Y", "-p", before, "-c", photo);
            var ours = Path.Combine(work, "lutbridge-apply.png");
            CliOk("apply", "--lut", clut, "--in", without, "--out", ours);
            var vsOurs = ImageDifference.Ciede2000(ImageFile.Read(withLook), ImageFile.Read(ours));
            var vsWithout = ImageDifference.Ciede2000(ImageFile.Read(withLook), ImageFile.Read(without));
            Console.WriteLine($"rt-edit: rawtherapee-cli with the sidecar vs lutbridge apply: mean ΔE00 {vsOurs.Mean:F2} (max {vsOurs.Max:F2}); vs without the look: {vsWithout.Mean:F2}");
            Assert.True(vsWithout.Mean >= 3, $"the look barely shows in RawTherapee's rendering (mean ΔE00 {vsWithout.Mean:F2}): is the Film Simulation applied?");
            Assert.True(vsOurs.Mean <= 1.5, $"RawTherapee's rendering differs from lutbridge apply by mean ΔE00 {vsOurs.Mean:F2}");
        }
        finally
        {
            if (!rtEdit.HasExited) rtEdit.Kill(entireProcessTree: true);
        }
    }

    [Fact]
    public async Task Rt_edit_on_a_TIFF_away_from_its_photo_asks_for_the_photo_and_cancel_writes_nothing()
    {
        var work = TestEnvironment.NewTempDir("studio-rt-edit-tmp");
        var settings = Path.Combine(work, "rt-settings");
        CliOk("install", "rawtherapee", "--settings", settings);
        var tiff = Path.Combine(work, "IMG_7.tif"); // as with RawTherapee's default OutputDir=0: the temp folder
        File.Copy(TestEnvironment.SharedFile("photos", "kodak_kodim23.png"), Path.Combine(work, "source.png"));
        ImageFile.Write(tiff, ImageFile.Read(Path.Combine(work, "source.png")));
        var handOver = RawTherapeeHandOver.Find(tiff);
        var rt = new StudioRtEdit(handOver, settings);
        await using var server = await StudioServer.StartAsync(editors: new StudioEditorFolders(Path.Combine(work, "dt"), settings), rtEdit: rt);
        server.Session.OpenPhotoFile(tiff, "IMG_7.tif", null);
        var (playwright, browser) = await LaunchAsync();
        using var _ = playwright;
        await using var __ = browser;
        var page = await NewPageAsync(browser);
        await page.GotoAsync(server.Url.ToString());
        await page.Locator("#rtEditPath").WaitForAsync(new LocatorWaitForOptions { State = WaitForSelectorState.Visible });
        Assert.Contains("Same as input image", await page.Locator("#rtEditWhy").TextContentAsync());
        await page.Locator("#tab-words").ClickAsync();
        await page.Locator("#src-words-text").FillAsync("cool faded film");
        await page.Locator("#make-words").ClickAsync();
        await WaitForLookAsync(page, 0);

        // A path that is not a photo is refused with a line naming it; nothing is written.
        await page.Locator("#rtEditPath").FillAsync(Path.Combine(work, "nothing-here.CR2"));
        await page.Locator("#rtEditDone").ClickAsync();
        await page.WaitForFunctionAsync("document.getElementById('status').classList.contains('error')");
        Assert.Contains("nothing-here.CR2: no such file", await page.Locator("#status").TextContentAsync());
        Assert.False(rt.Finished.IsCompleted);

        await page.Locator("#rtEditCancel").ClickAsync();
        Assert.Equal("cancelled", await rt.Finished.WaitAsync(TimeSpan.FromSeconds(30)));
        Assert.Empty(Directory.GetFiles(RawTherapeeSettings.InstalledClutFolder(settings)!));
    }
}
