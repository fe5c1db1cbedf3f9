using System.CommandLine;
using LutBridge.Cli.Commands.RawTherapee;
using LutBridge.Core;
using LutBridge.Core.Imaging;
using LutBridge.Core.IO;
using LutBridge.Editors.RawTherapee;
using LutBridge.Studio;

namespace LutBridge.Cli.Commands;

/// <summary>
/// `lutbridge rt-edit FILE.tif`: RawTherapee's custom external editor. Opens the studio on the TIFF
/// RawTherapee rendered; the page's "done" writes the Look into RawTherapee (HaldCLUT, the original
/// photo's sidecar) and ends this process.
/// </summary>
internal static class RtEditCommand
{
    public static Command Create()
    {
        var tiff = new Argument<string>("tiff") { Description = "the TIFF RawTherapee wrote (it passes it as the only argument)" };
        var settings = InstallRawTherapeeCommand.SettingsOption();
        var port = new Option<int>("--port") { Description = "port on 127.0.0.1 (default 0: a free one at random)", DefaultValueFactory = _ => 0 };
        var noOpen = new Option<bool>("--no-open") { Description = "only print the address; do not start the browser" };
        var command = new Command("rt-edit",
            "RawTherapee's way into the studio. 'lutbridge install rawtherapee' registers this as RawTherapee's custom external " +
            "editor; then, in RawTherapee's editor, the 'Edit current image in external editor' button (bottom left of the photo, " +
            "Ctrl+E) renders the photo to a TIFF beside it (IMG_0042.CR2 → IMG_0042.tif) and runs this with it. The studio opens " +
            "in your browser on that TIFF: make a Look, then press 'Done: send to RawTherapee'. That writes the Look as a HaldCLUT " +
            "into RawTherapee's CLUT folder (Film Simulation > LutBridge), sets [Film Simulation] in the original photo's sidecar " +
            "(IMG_0042.CR2.pp3; every other line kept) and a partial profile beside the HaldCLUT, then ends. The original is found " +
            "by the TIFF's name; when that leaves a choice (IMG_0042.CR2 and IMG_0042.JPG) or none (the TIFF went to /tmp), the page " +
            "asks. The TIFF itself is never changed.\nExample (what RawTherapee runs):\n  lutbridge rt-edit ~/Photos/IMG_0042.tif")
        { tiff, settings, port, noOpen };
        command.SetAction(pr => CliApp.Guard(() =>
        {
            var path = pr.GetValue(tiff)!;
            InputFile.Require(path, "TIFF from RawTherapee");
            if (!ImageFile.IsImagePath(path)) throw new InputException($"{path}: not a TIFF, PNG or JPEG image (RawTherapee hands over a .tif)");
            int p = pr.GetValue(port);
            if (p is < 0 or > 65535) throw new InputException($"--port must be 0..65535, got {p}");
            var settingsDir = RawTherapeeSettings.ResolveDirectory(pr.GetValue(settings));
            if (RawTherapeeSettings.InstalledClutFolder(settingsDir) is null)
                throw new InputException($"RawTherapee is not set up for LutBridge in {settingsDir}: run 'lutbridge install rawtherapee' first");
            var handOver = RawTherapeeHandOver.Find(path);
            var rtEdit = new StudioRtEdit(handOver, settingsDir);

            using var stop = new CancellationTokenSource();
            Console.CancelKeyPress += (_, e) => { e.Cancel = true; stop.Cancel(); };
            // RawTherapee's launcher may be ended with SIGTERM: stop as on Ctrl+C (the web host would otherwise wait for us).
            using var term = System.Runtime.InteropServices.PosixSignalRegistration.Create(System.Runtime.InteropServices.PosixSignal.SIGTERM,
                context => { context.Cancel = true; stop.Cancel(); });
            StudioServer server;
            try
            {
                server = StudioServer.StartAsync(p, editors: StudioEditorFolders.Default() with { RawTherapeeSettingsDir = settingsDir }, rtEdit: rtEdit)
                    .GetAwaiter().GetResult();
            }
            catch (IOException e)
            {
                throw new InputException($"cannot listen on 127.0.0.1:{p}: {e.Message}");
            }
            server.Session.OpenPhotoFile(handOver.Tiff, Path.GetFileName(handOver.Tiff), handOver.Original);
            Console.WriteLine(server.Url);
            Console.Out.Flush();
            Console.Error.WriteLine($"lutbridge rt-edit: {handOver.Why}");
            Console.Error.WriteLine("lutbridge rt-edit: studio running; 'Done' or 'Cancel' on the page (or Ctrl+C) ends it");
            if (!pr.GetValue(noOpen)) StudioCommand.OpenBrowser(server.Url);
            string how;
            try
            {
                how = rtEdit.Finished.WaitAsync(stop.Token).GetAwaiter().GetResult();
            }
            catch (OperationCanceledException)
            {
                how = "stopped";
            }
            server.DisposeAsync().AsTask().GetAwaiter().GetResult();
            Console.Error.WriteLine($"lutbridge rt-edit: {how}");
            return CliApp.ExitOk;
        }));
        return command;
    }
}
