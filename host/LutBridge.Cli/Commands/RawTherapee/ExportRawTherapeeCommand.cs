using System.CommandLine;
using LutBridge.Core;
using LutBridge.Editors;
using LutBridge.Editors.RawTherapee;

namespace LutBridge.Cli.Commands.RawTherapee;

[SubcommandOf("export")]
internal static class ExportRawTherapeeCommand
{
    public static Command Create()
    {
        var look = new Option<string>("--look") { Description = "the Look: a .look file or a LutBridge .cube" };
        var lut = new Option<string>("--lut") { Description = "a LUT file instead (.cube, .3dl, HaldCLUT .png, ...)" };
        var cluts = new Option<string>("--cluts-dir")
        {
            Description = "folder for the HaldCLUT; default: the LutBridge folder of 'lutbridge install rawtherapee' (see --settings)",
        };
        var settings = InstallRawTherapeeCommand.SettingsOption();
        var pp3 = new Option<string>("--pp3") { Description = "also write a partial profile (.pp3) holding only the Film Simulation tool" };
        var sidecar = new Option<string>("--sidecar")
        {
            Description = "also set the look in this image's sidecar profile (IMAGE.pp3), keeping every other line of it; " +
                          "close the photo in RawTherapee first (it rewrites the sidecar when it closes the photo): refused while RawTherapee runs, unless --force",
        };
        var level = new Option<int>("--level") { Description = "Hald level 8..16 (12 = 144³ lattice, as RawTherapee's own collection)", DefaultValueFactory = _ => 12 };
        var bits = new Option<int>("--bits") { Description = "8 or 16 bits per sample", DefaultValueFactory = _ => 16 };
        var format = new Option<string>("--format") { Description = "png or tif", DefaultValueFactory = _ => "png" };
        var strength = RangeOptions.Number(Core.Apply.LutApplier.StrengthRange, "Stored as Film Simulation's Strength (0..100)");
        var name = new Option<string>("--name") { Description = "CLUT file name (and menu entry) without extension; default the Look's title (plus a content tag when that name holds another look)" };
        var force = new Option<bool>("--force") { Description = "with --name: replace a different CLUT of that name (profiles and photos using it change look); with --sidecar: write it although RawTherapee is running" };
        var command = new Command("rawtherapee",
            "Export a Look or LUT for RawTherapee: writes it as a HaldCLUT image (the only LUT form RawTherapee 5.9's Film " +
            "Simulation tool reads) and, on request, a partial .pp3 profile or an image's sidecar with [Film Simulation] " +
            "Enabled, the CLUT's absolute path and Strength. Load the partial profile in RawTherapee's Editor: Ctrl+click the " +
            "folder button of the Processing Profiles bar, choose the .pp3, tick Film simulation (Color Related Settings) in the " +
            "dialog, OK; or use it with 'rawtherapee-cli -p'. A new CLUT appears in the Film Simulation list after " +
            "RawTherapee restarts. Close a photo in RawTherapee before changing its sidecar: RawTherapee writes the sidecar " +
            "of an open photo when it closes it, replacing what LutBridge wrote.\n" +
            "Examples:\n" +
            "  lutbridge export rawtherapee --look warm.look --pp3 warm.pp3\n" +
            "  lutbridge export rawtherapee --lut film.cube --cluts-dir ~/cluts --sidecar IMG_0042.CR2 --strength 0.8");
        foreach (var o in new Option[] { look, lut, cluts, settings, pp3, sidecar, level, bits, format, strength, name, force }) command.Options.Add(o);
        command.SetAction(pr => CliApp.Guard(() =>
        {
            var source = LookSource.Open(pr.GetValue(look), pr.GetValue(lut));
            var folder = pr.GetValue(cluts) ?? RawTherapeeSettings.InstalledClutFolder(RawTherapeeSettings.ResolveDirectory(pr.GetValue(settings)))
                ?? throw new InputException("give --cluts-dir DIR, or run 'lutbridge install rawtherapee' first");
            double s = Core.Apply.LutApplier.StrengthRange.Check(pr.GetValue(strength));
            var sidecarImage = pr.GetValue(sidecar);
            if (sidecarImage is not null && !File.Exists(sidecarImage)) throw new InputException($"{sidecarImage}: no such image");
            if (sidecarImage is not null && !pr.GetValue(force) && RawTherapeeProcess.RunningGui() is int rt)
                throw new InputException($"{sidecarImage}: RawTherapee is running (pid {rt}); if this photo is open in it, RawTherapee " +
                                         "rewrites its sidecar when the photo is closed and the look would be lost. Close the photo " +
                                         "(or RawTherapee) and run this again, or add --force");
            var options = new HaldClutOptions
            {
                Level = pr.GetValue(level),
                Bits = pr.GetValue(bits),
                Format = (pr.GetValue(format) ?? "png").ToLowerInvariant(),
                Name = pr.GetValue(name),
                Force = pr.GetValue(force),
            };
            var (clut, report) = HaldClutExporter.Export(source, folder, options);
            foreach (var note in report.Notes) Console.Error.WriteLine($"lutbridge: {note}");
            Console.WriteLine($"HaldCLUT: {clut}");
            var film = new FilmSimulation(clut, s);
            if (pr.GetValue(pp3) is { } profile)
            {
                ProfileWriter.WritePartial(profile, film);
                Console.WriteLine($"partial profile: {Path.GetFullPath(profile)}");
            }
            if (sidecarImage is not null)
            {
                var (path, created) = ProfileWriter.MergeSidecar(sidecarImage, film);
                Console.WriteLine(created ? $"sidecar created: {path}" : $"sidecar updated (Film Simulation only): {path}");
            }
            return CliApp.ExitOk;
        }));
        return command;
    }
}
