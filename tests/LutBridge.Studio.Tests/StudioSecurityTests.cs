using System.Net;
using System.Net.Http.Headers;
using LutBridge.Testing;

namespace LutBridge.Studio.Tests;

/// <summary>The studio refuses what does not come from its own page with its token, over real HTTP.</summary>
public class StudioSecurityTests : IAsyncLifetime
{
    private StudioServer _server = null!;
    private readonly HttpClient _http = new(new HttpClientHandler { UseCookies = false }); // each request proves itself
    private string Token => _server.Url.Query["?token=".Length..];
    private string Base => $"http://127.0.0.1:{_server.Port}";

    public async Task InitializeAsync() => _server = await StudioServer.StartAsync(0, maxUploadBytes: 1 << 20);

    public async Task DisposeAsync()
    {
        _http.Dispose();
        await _server.DisposeAsync();
    }

    private HttpRequestMessage Request(HttpMethod method, string path, bool token = true)
    {
        var r = new HttpRequestMessage(method, Base + path);
        if (token) r.Headers.Add("X-LutBridge-Token", Token);
        return r;
    }

    [Fact]
    public async Task Only_the_token_opens_the_page_and_the_api()
    {
        Assert.Equal(HttpStatusCode.OK, (await _http.GetAsync(_server.Url)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await _http.GetAsync(Base + "/")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await _http.GetAsync(Base + "/api/parameters?token=" + new string('0', 48))).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await _http.SendAsync(Request(HttpMethod.Get, "/api/parameters"))).StatusCode);
    }

    [Fact]
    public async Task A_foreign_Host_or_Origin_is_refused_even_with_the_token()
    {
        var rebinding = Request(HttpMethod.Get, "/api/state");
        rebinding.Headers.Host = $"attacker.example:{_server.Port}";
        Assert.Equal(HttpStatusCode.Forbidden, (await _http.SendAsync(rebinding)).StatusCode);
        var crossOrigin = Request(HttpMethod.Post, "/api/render");
        crossOrigin.Headers.Add("Origin", "http://attacker.example");
        crossOrigin.Content = new StringContent("{}");
        Assert.Equal(HttpStatusCode.Forbidden, (await _http.SendAsync(crossOrigin)).StatusCode);
        var sameOrigin = Request(HttpMethod.Get, "/api/state");
        sameOrigin.Headers.Add("Origin", Base);
        Assert.Equal(HttpStatusCode.OK, (await _http.SendAsync(sameOrigin)).StatusCode);
    }

    [Fact]
    public async Task An_oversize_source_upload_is_refused_with_413()
    {
        var r = Request(HttpMethod.Post, "/api/source?kind=pair");
        r.Content = new MultipartFormDataContent { { new ByteArrayContent(new byte[(1 << 20) + 1]), "before", "big.png" } };
        // The server refuses on the declared length and closes; a client still sending the body
        // may then see a broken pipe instead of the answer (the fresh-clone CI did). Asking
        // "100-continue" first makes the client wait for that answer before sending anything.
        r.Headers.ExpectContinue = true;
        using var patient = new HttpClient(new SocketsHttpHandler { UseCookies = false, Expect100ContinueTimeout = TimeSpan.FromSeconds(30) });
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, (await patient.SendAsync(r)).StatusCode);
    }

    [Fact]
    public async Task A_source_takes_only_its_own_fields_and_known_kinds()
    {
        var r = Request(HttpMethod.Post, "/api/source?kind=words");
        r.Content = new MultipartFormDataContent { { new ByteArrayContent([1, 2, 3]), "lut", "x.cube" } };
        var refused = await _http.SendAsync(r);
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Contains("takes no 'lut' file", await refused.Content.ReadAsStringAsync());
        var unknown = Request(HttpMethod.Post, "/api/source?kind=../../etc");
        unknown.Content = new MultipartFormDataContent { { new StringContent("x"), "text" } };
        Assert.Equal(HttpStatusCode.BadRequest, (await _http.SendAsync(unknown)).StatusCode);
    }

    [Fact]
    public async Task An_oversize_upload_is_refused_with_413()
    {
        var r = Request(HttpMethod.Post, "/api/photo?name=big.png");
        r.Content = new ByteArrayContent(new byte[(1 << 20) + 1]);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, (await _http.SendAsync(r)).StatusCode);
    }

    [Fact]
    public async Task Upload_names_never_reach_the_file_system_and_downloads_take_only_known_formats()
    {
        var outside = Path.Combine(Path.GetTempPath(), "evil-studio.png");
        File.Delete(outside);
        var r = Request(HttpMethod.Post, "/api/photo?name=" + Uri.EscapeDataString("../../../../tmp/evil-studio.png"));
        r.Content = new ByteArrayContent(File.ReadAllBytes(TestEnvironment.RepoFile("samples", "photos", "skimage_chelsea.png")));
        Assert.Equal(HttpStatusCode.OK, (await _http.SendAsync(r)).StatusCode);
        Assert.False(File.Exists(outside));

        var exe = Request(HttpMethod.Post, "/api/source?kind=lut");
        exe.Content = new MultipartFormDataContent { { new StringContent("#!/bin/sh\n"), "lut", "../../run.sh" } };
        var refused = await _http.SendAsync(exe);
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Contains("run.sh: not a lut file", await refused.Content.ReadAsStringAsync());
        Assert.Empty(Directory.GetFiles(_server.Session.Dir, "*.sh"));

        var lut = Request(HttpMethod.Post, "/api/source?kind=lut");
        lut.Content = new MultipartFormDataContent { { new ByteArrayContent(File.ReadAllBytes(TestEnvironment.RepoFile("samples", "luts", "Colour_Correct.cube"))), "lut", "cc.cube" } };
        var made = await _http.SendAsync(lut);
        Assert.Equal(HttpStatusCode.OK, made.StatusCode);
        Assert.Contains("\"done\":true", await made.Content.ReadAsStringAsync());
        var traversal = await _http.SendAsync(Request(HttpMethod.Get, "/api/download?format=" + Uri.EscapeDataString("../../etc/passwd")));
        Assert.Equal(HttpStatusCode.BadRequest, traversal.StatusCode);
        var cube = await _http.SendAsync(Request(HttpMethod.Get, "/api/download?format=cube"));
        Assert.Equal(HttpStatusCode.OK, cube.StatusCode);
        Assert.Equal("attachment", cube.Content.Headers.ContentDisposition?.DispositionType);
    }
}
