using System.Globalization;
using System.Reflection;
using System.Text.Json;
using System.Threading.Channels;
using LutBridge.Core;
using LutBridge.Studio.Sources;
using LutBridge.Looks;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace LutBridge.Studio;

/// <summary>
/// `lutbridge studio`: Kestrel on 127.0.0.1 only, a random port unless asked, a fresh token in the
/// URL; the page (wwwroot/, embedded) and a small JSON API over one <see cref="StudioSession"/>.
/// </summary>
public sealed class StudioServer : IAsyncDisposable
{
    /// <summary>Default largest upload (a 60 MP 16-bit TIFF is about 360 MB; JPEGs and LUTs are far smaller).</summary>
    public const long DefaultMaxUploadBytes = 400L << 20;

    private long _maxUploadBytes;

    private readonly WebApplication _app;
    private readonly StudioSession _session;

    private StudioSecurity? _security; // known once Kestrel has picked the port

    public Uri Url { get; private set; } = null!;
    public int Port { get; private set; }

    private readonly StudioEditorFolders _editors;

    private readonly StudioRtEdit? _rtEdit;

    private StudioServer(WebApplication app, StudioSession session, StudioEditorFolders editors, StudioRtEdit? rtEdit)
    {
        _app = app;
        _session = session;
        _editors = editors;
        _rtEdit = rtEdit;
    }

    public StudioSession Session => _session;

    /// <summary>Starts the studio; <paramref name="rtEdit"/> when RawTherapee started it (`lutbridge rt-edit`).</summary>
    public static async Task<StudioServer> StartAsync(int port = 0, long maxUploadBytes = DefaultMaxUploadBytes, StudioEditorFolders? editors = null,
        StudioRtEdit? rtEdit = null)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k =>
        {
            k.Listen(System.Net.IPAddress.Loopback, port);
            k.Limits.MaxRequestBodySize = maxUploadBytes;
        });
        var app = builder.Build();
        var server = new StudioServer(app, new StudioSession(), editors ?? StudioEditorFolders.Default(), rtEdit) { _maxUploadBytes = maxUploadBytes };
        server.Map();
        await app.StartAsync();
        var address = app.Urls.Select(u => new Uri(u)).First();
        var token = StudioSecurity.NewToken();
        server.Port = address.Port;
        server.Url = new Uri($"http://127.0.0.1:{address.Port}/?token={token}");
        server._security = new StudioSecurity(token, address.Port);
        return server;
    }

    /// <summary>Runs until <paramref name="cancel"/> fires (Ctrl+C in the CLI).</summary>
    public async Task WaitAsync(CancellationToken cancel)
    {
        try { await Task.Delay(Timeout.Infinite, cancel); } catch (OperationCanceledException) { }
    }

    private void Map()
    {
        var routes = new Dictionary<(string Method, string Path), Func<HttpContext, Task>>
        {
            [("GET", "/")] = ctx => Asset(ctx, "index.html", _security),
            [("GET", "/studio.js")] = ctx => Asset(ctx, "studio.js", null),
            [("GET", "/studio.css")] = ctx => Asset(ctx, "studio.css", null),
            [("GET", "/api/parameters")] = ctx => Json(ctx, LookParameters.All.Select(p => new
            {
                name = p.Name, group = p.Group, min = p.Min, max = p.Max, neutral = p.Neutral, step = p.Step, unit = p.Unit, description = p.Description,
            })),
            [("GET", "/api/state")] = ctx => Json(ctx, State()),
            [("POST", "/api/photo")] = async ctx =>
            {
                var clock = System.Diagnostics.Stopwatch.StartNew();
                var body = await Body(ctx);
                var received = clock.Elapsed.TotalMilliseconds;
                var (w, h) = _session.OpenPhoto(FileName(ctx), body);
                await Json(ctx, new { width = w, height = h, name = _session.PhotoName, ms = new { receive = Math.Round(received), open = Math.Round(clock.Elapsed.TotalMilliseconds - received) } });
            },
            [("POST", "/api/source")] = SourceAsync,
            [("POST", "/api/lut")] = async ctx =>
            {
                await ReadValues(ctx);
                var size = int.TryParse(ctx.Request.Query["size"], CultureInfo.InvariantCulture, out var n) ? n : StudioSession.PreviewLattice;
                var (lattice, ms) = _session.PreviewLut(size);
                ctx.Response.ContentType = "application/octet-stream";
                ctx.Response.Headers["X-Lut-Size"] = lattice.Size.ToString(CultureInfo.InvariantCulture);
                ctx.Response.Headers["X-Bake-Ms"] = ms.ToString("F1", CultureInfo.InvariantCulture);
                // Little-endian float32 RGB, red fastest: what WebGL's texImage3D takes as is.
                await ctx.Response.Body.WriteAsync(System.Runtime.InteropServices.MemoryMarshal.AsBytes(lattice.Data.AsSpan()).ToArray(), ctx.RequestAborted);
            },
            [("POST", "/api/render")] = async ctx =>
            {
                await ReadValues(ctx);
                await Jpeg(ctx, _session.Render(graded: true));
            },
            [("GET", "/api/original")] = ctx => Jpeg(ctx, _session.Render(graded: false)),
            [("GET", "/api/original.rgb")] = async ctx =>
            {
                // The preview's own 8-bit samples for the page's WebGL texture (a JPEG would add its own error to every slider view).
                var preview = _session.Preview ?? throw new InputException("open a photo first");
                ctx.Response.ContentType = "application/octet-stream";
                ctx.Response.Headers["X-Width"] = preview.Width.ToString(CultureInfo.InvariantCulture);
                ctx.Response.Headers["X-Height"] = preview.Height.ToString(CultureInfo.InvariantCulture);
                await ctx.Response.Body.WriteAsync(preview.Data, ctx.RequestAborted);
            },
            [("GET", "/api/download")] = async ctx =>
            {
                var look = _session.Look ?? throw new InputException("open a source first (a LUT or Look, a pair, references or words)");
                var (bytes, name, type) = StudioDownloads.Make(look, ctx.Request.Query["format"].ToString(), _session.Dir);
                ctx.Response.ContentType = type;
                ctx.Response.Headers.ContentDisposition = $"attachment; filename=\"{name}\"";
                await ctx.Response.Body.WriteAsync(bytes, ctx.RequestAborted);
            },
            [("POST", "/api/send")] = async ctx =>
            {
                var look = _session.Look ?? throw new InputException("open a source first (a LUT or Look, a pair, references or words)");
                var lines = ctx.Request.Query["to"].ToString() switch
                {
                    "darktable" => StudioEditors.SendToDarktable(look, _editors.DarktableConfigDir, ctx.RequestAborted),
                    "rawtherapee" => StudioEditors.SendToRawTherapee(look, _editors.RawTherapeeSettingsDir, _session.PhotoPath),
                    var other => throw new InputException($"send to darktable or rawtherapee, not '{other}'"),
                };
                await Json(ctx, new { lines });
            },
            [("POST", "/api/rt-edit/done")] = async ctx =>
            {
                var rt = _rtEdit ?? throw new InputException("this studio was not started by RawTherapee (lutbridge rt-edit)");
                var look = _session.Look ?? throw new InputException("make a Look first (a LUT or Look, a pair, references or words)");
                var original = rt.ChooseOriginal(ctx.Request.Query["original"].FirstOrDefault());
                var lines = StudioEditors.FinishRtEdit(look, rt.SettingsDir, original);
                ctx.Response.OnCompleted(() => { rt.Finish("done"); return Task.CompletedTask; });
                await Json(ctx, new { lines });
            },
            [("POST", "/api/rt-edit/cancel")] = async ctx =>
            {
                var rt = _rtEdit ?? throw new InputException("this studio was not started by RawTherapee (lutbridge rt-edit)");
                ctx.Response.OnCompleted(() => { rt.Finish("cancelled"); return Task.CompletedTask; });
                await Json(ctx, new { lines = new[] { "nothing written: RawTherapee's photo and settings are as they were" } });
            },
        };

        _app.Use(async (HttpContext ctx, Func<Task> next) =>
        {
            ctx.Response.Headers["X-Content-Type-Options"] = "nosniff";
            ctx.Response.Headers["Cache-Control"] = "no-store";
            var security = _security;
            if (security is null)
            {
                ctx.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
                return;
            }
            if (security.Check(ctx.Request) is { } refused)
            {
                ctx.Response.StatusCode = refused.Status;
                await ctx.Response.WriteAsync(refused.Why + "\n");
                return;
            }
            if (!routes.TryGetValue((ctx.Request.Method, ctx.Request.Path.Value ?? ""), out var handler))
            {
                ctx.Response.StatusCode = StatusCodes.Status404NotFound;
                return;
            }
            try
            {
                await handler(ctx);
            }
            catch (Exception e) when (e is InputException or IOException or JsonException or BadHttpRequestException or InvalidDataException)
            {
                if (ctx.Response.HasStarted) throw;
                ctx.Response.StatusCode = e is BadHttpRequestException b ? b.StatusCode : StatusCodes.Status400BadRequest;
                await Json(ctx, new { error = e.Message });
            }
            catch (OperationCanceledException) when (ctx.RequestAborted.IsCancellationRequested)
            {
                // the page cancelled (a newer request or the cancel button)
            }
            catch (Exception e) when (!ctx.Response.HasStarted)
            {
                // A bug, not the user's input: the page shows the reason, the terminal the whole story.
                Console.Error.WriteLine($"lutbridge studio: {ctx.Request.Method} {ctx.Request.Path}: {e}");
                ctx.Response.StatusCode = StatusCodes.Status500InternalServerError;
                await Json(ctx, new { error = $"internal error: {e.Message}" });
            }
        });
    }

    private async Task ReadValues(HttpContext ctx)
    {
        var values = await JsonSerializer.DeserializeAsync<Dictionary<string, double>>(ctx.Request.Body, cancellationToken: ctx.RequestAborted)
                     ?? throw new InputException("expected a JSON object of slider values");
        if (values.Count > 0) _session.SetValues(values);
    }

    /// <summary>
    /// POST /api/source?kind=NAME, multipart: saves the source's files, then streams its progress as
    /// JSON lines while its engine runs on a thread of its own, ending with the new state or an
    /// error. The page cancels by aborting the request: its token reaches the engine.
    /// </summary>
    private async Task SourceAsync(HttpContext ctx)
    {
        var source = StudioSources.Find(ctx.Request.Query["kind"].ToString());
        var request = await ReadSource(ctx, source);
        ctx.Response.ContentType = "application/x-ndjson; charset=utf-8";
        var cancel = ctx.RequestAborted;
        var updates = Channel.CreateUnbounded<StudioProgress>();
        var job = Task.Factory.StartNew(() =>
        {
            try { return _session.MakeLook(source, request, new SyncProgress<StudioProgress>(p => updates.Writer.TryWrite(p)), cancel); }
            finally { updates.Writer.TryComplete(); }
        }, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
        var last = new StudioProgress(-1, "");
        await foreach (var p in updates.Reader.ReadAllAsync(CancellationToken.None))
        {
            if (p.Stage == last.Stage && p.Fraction - last.Fraction < 0.01) continue; // a line per percent at most
            last = p;
            await Line(ctx, new { progress = Math.Round(p.Fraction, 3), stage = p.Stage });
        }
        try
        {
            var result = await job;
            await Line(ctx, new { done = true, summary = result.Summary, state = State() });
        }
        catch (OperationCanceledException) when (cancel.IsCancellationRequested)
        {
            // the page cancelled: the Look stays as it was
        }
        catch (Exception e) when (e is InputException or IOException or FormatException or ArgumentException)
        {
            await Line(ctx, new { error = e.Message });
        }
    }

    private async Task<SourceRequest> ReadSource(HttpContext ctx, IStudioSource source)
    {
        if (!ctx.Request.HasFormContentType) throw new InputException("send a source as multipart/form-data");
        if (ctx.Request.ContentLength > _maxUploadBytes)
            throw new BadHttpRequestException($"upload larger than {_maxUploadBytes} bytes", StatusCodes.Status413PayloadTooLarge);
        ctx.Features.Set<IFormFeature>(new FormFeature(ctx.Request, new FormOptions { MultipartBodyLengthLimit = _maxUploadBytes }));
        var form = await ctx.Request.ReadFormAsync(ctx.RequestAborted);
        var files = new List<SourceFile>();
        foreach (var group in form.Files.GroupBy(f => f.Name))
        {
            if (!source.Uploads.TryGetValue(group.Key, out var accepts))
                throw new InputException($"the {source.Name} source takes no '{group.Key}' file");
            if (group.Count() > accepts.Max) throw new InputException($"at most {accepts.Max} {group.Key} file(s)");
            int i = 0;
            foreach (var f in group)
            {
                using var buffer = new MemoryStream();
                await f.CopyToAsync(buffer, ctx.RequestAborted);
                var path = _session.SaveUpload($"{source.Name}-{group.Key}-{i++}", group.Key, f.FileName, buffer.ToArray(), accepts.Extensions);
                files.Add(new SourceFile(group.Key, path, Path.GetFileName(f.FileName)));
            }
        }
        var fields = form.ToDictionary(kv => kv.Key, kv => kv.Value.ToString());
        return new SourceRequest(files, fields, _session.Preview);
    }

    private static async Task Line(HttpContext ctx, object value)
    {
        await ctx.Response.WriteAsync(JsonSerializer.Serialize(value, JsonText) + "\n", ctx.RequestAborted);
        await ctx.Response.Body.FlushAsync(ctx.RequestAborted);
    }

    private object State() => new
    {
        running = _session.RunningJobs,
        photo = _session.Preview is { } p ? new { name = _session.PhotoName, width = p.Width, height = p.Height } : null,
        look = _session.Look is { } l
            ? new { title = l.Title, source = _session.SourceName, summary = _session.SourceSummary, residual = l.Residual is not null, values = LookParameters.All.ToDictionary(q => q.Name, q => l[q.Index]) }
            : null,
        rtEdit = _rtEdit is { } rt
            ? new { tiff = rt.HandOver.Tiff, originals = rt.HandOver.Originals, original = rt.HandOver.Original, why = rt.HandOver.Why }
            : null,
    };

    private static string FileName(HttpContext ctx) =>
        ctx.Request.Query["name"].FirstOrDefault() is { Length: > 0 } n ? n : throw new InputException("the upload has no ?name=FILE");

    private async Task<byte[]> Body(HttpContext ctx)
    {
        if (ctx.Request.ContentLength > _maxUploadBytes)
            throw new BadHttpRequestException($"upload larger than {_maxUploadBytes} bytes", StatusCodes.Status413PayloadTooLarge);
        using var buffer = new MemoryStream();
        await ctx.Request.Body.CopyToAsync(buffer, ctx.RequestAborted);
        return buffer.ToArray();
    }

    /// <summary>Quotes and non-ASCII as themselves (the page puts text in textContent; responses are JSON with nosniff).</summary>
    private static readonly JsonSerializerOptions JsonText = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private static Task Json(HttpContext ctx, object value)
    {
        ctx.Response.ContentType = "application/json; charset=utf-8";
        return ctx.Response.WriteAsync(JsonSerializer.Serialize(value, JsonText), ctx.RequestAborted);
    }

    private static async Task Jpeg(HttpContext ctx, (byte[] Jpeg, double Milliseconds) rendered)
    {
        ctx.Response.ContentType = "image/jpeg";
        ctx.Response.Headers["X-Render-Ms"] = rendered.Milliseconds.ToString("F1", CultureInfo.InvariantCulture);
        await ctx.Response.Body.WriteAsync(rendered.Jpeg, ctx.RequestAborted);
    }

    /// <summary>A page file; the page itself also hands the browser a cookie so its later requests carry the token.</summary>
    private static async Task Asset(HttpContext ctx, string name, StudioSecurity? setCookie)
    {
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream("wwwroot/" + name)
                           ?? throw new InvalidOperationException($"missing page asset {name}");
        if (setCookie is not null)
            ctx.Response.Cookies.Append(StudioSecurity.CookieName, setCookie.Token,
                new CookieOptions { HttpOnly = true, SameSite = SameSiteMode.Strict, Path = "/" });
        ctx.Response.ContentType = Path.GetExtension(name) switch
        {
            ".html" => "text/html; charset=utf-8",
            ".js" => "text/javascript; charset=utf-8",
            _ => "text/css; charset=utf-8",
        };
        await stream.CopyToAsync(ctx.Response.Body, ctx.RequestAborted);
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
        _session.Dispose();
    }
}
