using System.Net;
using System.Text.Json;
using LutBridge.Core.Imaging;
using LutBridge.Editors.RawTherapee;
using LutBridge.Looks;
using LutBridge.Testing;
using static LutBridge.Studio.Tests.StudioPage;

namespace LutBridge.Studio.Tests;

/// <summary>"Send to darktable" and "send to RawTherapee" into folders `lutbridge install` set up, checked with the editors' own tools.</summary>
public class StudioSendToTests
{
    private static async Task<(StudioServer Server, HttpClient Http)> StartAsync(StudioEditorFolders folders, string? photo = null)
    {
        var server = await StudioServer.StartAsync(editors: folders);
        if (photo is not null) server.Session.OpenPhotoFile(photo, Path.GetFileName(photo), photo);
        var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{server.Port}") };
        http.DefaultRequestHeaders.Add("X-LutBridge-Token", server.Url.Query["?token=".Length..]);
        var words = new MultipartFormDataContent { { new StringContent("warm golden hour, lifted blacks"), "text" } };
        var made = await http.PostAsync("/api/source?kind=words", words);
        Assert.Contains("\"done\":true", await made.Content.ReadAsStringAsync());
        return (server, http);
    }

    private static async Task<string[]> SendAsync(HttpClient http, string to)
    {
        var response = await http.PostAsync($"/api/send?to={to}", null);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, body);
        return JsonDocument.Parse(body).RootElement.GetProperty("lines").EnumerateArray().Select(l => l.GetString()!).ToArray();
    }

    [Fact]
    public async Task Send_to_darktable_puts_the_cube_beside_a_style_that_darktable_imports()
    {
        var work = TestEnvironment.NewTempDir("studio-send-dt");
        var config = Path.Combine(work, "darktable");
        CliOk("install", "darktable", "--configdir", config);
        var (server, http) = await StartAsync(new StudioEditorFolders(config, Path.Combine(work, "rt")));
        await using var _ = server;
        using var __ = http;
        var lines = await SendAsync(http, "darktable");
        Assert.True(lines.Any(l => l.StartsWith("imported into darktable", StringComparison.Ordinal)), string.Join("\n", lines));

        // The .cube is what bake makes of the Look, and darktable's own database now lists the style, naming that file.
        var cube = Directory.GetFiles(Path.Combine(config, "lutbridge", "luts"), "*.cube").Single();
        var look = Path.Combine(work, "look.look");
        LookFile.Write(look, server.Session.Look!);
        var baked = Path.Combine(work, "baked.cube");
        CliOk("bake", look, "--out", baked);
        Assert.Equal(File.ReadAllText(baked), File.ReadAllText(cube));
        var (code, names, err) = TestEnvironment.Run(TestEnvironment.RequireTool("sqlite3"), [Path.Combine(config, "data.db"), "select name from styles;"]);
        Assert.True(code == 0, err);
        Assert.Contains(StudioEditors.StylePrefix + server.Session.Look!.Title, names);
    }

    [Fact]
    public async Task Send_to_RawTherapee_writes_the_HaldCLUT_and_sets_only_the_Film_Simulation_of_the_photos_sidecar()
    {
        var work = TestEnvironment.NewTempDir("studio-send-rt");
        var settings = Path.Combine(work, "rt");
        CliOk("install", "rawtherapee", "--settings", settings);
        var photo = Path.Combine(work, "photo.png");
        File.Copy(TestEnvironment.SharedFile("photos", "kodak_kodim23.png"), photo);
        var photoBytes = File.ReadAllBytes(photo);
        File.WriteAllText(photo + ".pp3", "[Version]\nAppVersion=5.9\nVersion=349\n\n[Exposure]\nCompensation=0.5\n");
        var (server, http) = await StartAsync(new StudioEditorFolders(Path.Combine(work, "dt"), settings), photo);
        await using var _ = server;
        using var __ = http;
        var lines = await SendAsync(http, "rawtherapee");
        Assert.True(lines.Any(l => l.StartsWith("sidecar updated", StringComparison.Ordinal)), string.Join("\n", lines));

        var sidecar = KeyFile.Load(photo + ".pp3");
        Assert.Equal("0.5", sidecar.Get("Exposure", "Compensation")); // the user's own setting stays
        Assert.Equal("true", sidecar.Get("Film Simulation", "Enabled"));
        var clut = sidecar.Get("Film Simulation", "ClutFilename")!;
        Assert.Equal(RawTherapeeSettings.InstalledClutFolder(settings), Path.GetDirectoryName(clut));
        Assert.Equal(photoBytes, File.ReadAllBytes(photo)); // the photo itself is never written

        // The CLUT is what `lutbridge export rawtherapee` makes of the same Look at the same level.
        var look = Path.Combine(work, "look.look");
        LookFile.Write(look, server.Session.Look!);
        var exported = Path.Combine(work, "exported");
        CliOk("export", "rawtherapee", "--look", look, "--cluts-dir", exported, "--level", "8", "--name", Path.GetFileNameWithoutExtension(clut));
        Assert.True(ImageFile.Read(clut).Data.AsSpan().SequenceEqual(ImageFile.Read(Directory.GetFiles(exported).Single()).Data));
    }

    [Fact]
    public async Task Send_to_an_editor_not_set_up_says_which_install_to_run()
    {
        var work = TestEnvironment.NewTempDir("studio-send-none");
        var (server, http) = await StartAsync(new StudioEditorFolders(Path.Combine(work, "dt"), Path.Combine(work, "rt")));
        await using var _ = server;
        using var __ = http;
        foreach (var editor in new[] { "darktable", "rawtherapee" })
        {
            var response = await http.PostAsync($"/api/send?to={editor}", null);
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            Assert.Contains($"lutbridge install {editor}", await response.Content.ReadAsStringAsync());
        }
    }
}
