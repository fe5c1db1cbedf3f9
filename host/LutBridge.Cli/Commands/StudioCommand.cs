using System.CommandLine;
using System.Diagnostics;
using LutBridge.Core;
using LutBridge.Core.Imaging;
using LutBridge.Core.IO;
using LutBridge.Studio;

namespace LutBridge.Cli.Commands;

/// <summary>`lutbridge studio`: the local page (photo, LUT or Look, sliders, live before/after, downloads).</summary>
internal static class StudioCommand
{
    public static Command Create()
    {
        var port = new Option<int>("--port") { Description = "port on 127.0.0.1 (default 0: a free one at random)", DefaultValueFactory = _ => 0 };
        var open = new Option<bool>("--open") { Description = "open the page in your browser (xdg-open)" };
        var noOpen = new Option<bool>("--no-open") { Description = "only print the address (the default)" };
        var photo = new Argument<string?>("photo")
        {
            Description = "a photo to open at once (PNG, JPEG, TIFF); 'send to RawTherapee' then also sets the Look in its sidecar (PHOTO.pp3)",
            Arity = ArgumentArity.ZeroOrOne,
        };
        var command = new Command("studio",
            "Serve the LutBridge studio on this machine only (127.0.0.1) and print its address, which holds a fresh random " +
            "token: open a photo, make a Look from a LUT or Look, a before/after pair, reference photos or words (with " +
            "progress and cancel), move the sliders and watch the photo change (drag the before/after split), then download " +
            "the Look (.look, .cube, .3dl, HaldCLUT, a darktable style, a RawTherapee profile) or send it to darktable or " +
            "RawTherapee (after 'lutbridge install darktable|rawtherapee'). Requests without the token, from other " +
            "sites' pages or with another Host are refused. Ctrl+C stops it; uploads live in a private temporary folder " +
            "that goes with it; a PHOTO given here is read in place, never written.\nExamples:\n  lutbridge studio --open\n  lutbridge studio IMG_0042.jpg --open")
        { port, open, noOpen, photo };
        command.SetAction(pr => CliApp.Guard(() =>
        {
            int p = pr.GetValue(port);
            if (p is < 0 or > 65535) throw new InputException($"--port must be 0..65535, got {p}");
            if (pr.GetValue(open) && pr.GetValue(noOpen)) throw new InputException("--open and --no-open contradict each other");
            using var stop = new CancellationTokenSource();
            Console.CancelKeyPress += (_, e) => { e.Cancel = true; stop.Cancel(); };
            StudioServer server;
            try
            {
                server = StudioServer.StartAsync(p).GetAwaiter().GetResult();
            }
            catch (IOException e)
            {
                throw new InputException($"cannot listen on 127.0.0.1:{p}: {e.Message}");
            }
            if (pr.GetValue(photo) is { } photoPath)
            {
                InputFile.Require(photoPath, "photo");
                if (!ImageFile.IsImagePath(photoPath)) throw new InputException($"{photoPath}: not a PNG, JPEG or TIFF photo (the studio reads .png .jpg .tif)");
                server.Session.OpenPhotoFile(photoPath, Path.GetFileName(photoPath), Path.GetFullPath(photoPath));
            }
            Console.WriteLine(server.Url);
            Console.Out.Flush();
            Console.Error.WriteLine("lutbridge: studio running; Ctrl+C stops it");
            if (pr.GetValue(open)) OpenBrowser(server.Url);
            server.WaitAsync(stop.Token).GetAwaiter().GetResult();
            server.DisposeAsync().AsTask().GetAwaiter().GetResult();
            return CliApp.ExitOk;
        }));
        return command;
    }

    internal static void OpenBrowser(Uri url)
    {
        try
        {
            using var _ = Process.Start(new ProcessStartInfo("xdg-open", url.ToString()) { UseShellExecute = false });
        }
        catch (System.ComponentModel.Win32Exception)
        {
            Console.Error.WriteLine("lutbridge: xdg-open not found: open the address above in your browser");
        }
    }
}
