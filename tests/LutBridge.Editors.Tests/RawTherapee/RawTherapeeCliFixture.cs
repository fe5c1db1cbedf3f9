using LutBridge.Testing;

namespace LutBridge.Editors.Tests.RawTherapee;

/// <summary>Runs the real rawtherapee-cli with its settings and cache in a temporary folder.</summary>
internal static class RealRawTherapee
{
    public static (int ExitCode, string StdOut, string StdErr) Run(string settingsDir, params string[] args)
    {
        var cli = TestEnvironment.RequireTool("rawtherapee-cli");
        return TestEnvironment.Run(cli, args, env: new Dictionary<string, string>
        {
            ["RT_SETTINGS"] = settingsDir,
            ["RT_CACHE"] = Path.Combine(settingsDir, "cache"),
        });
    }

    /// <summary>Lets rawtherapee-cli write its sidecar profile for a copy of a photo: returns the image and its .pp3.</summary>
    public static (string Image, string Sidecar) WriteSidecar(string dir, string photo)
    {
        var settings = Path.Combine(dir, "rt-settings");
        var image = Path.Combine(dir, Path.GetFileName(photo));
        File.Copy(photo, image);
        var outDir = Path.Combine(dir, "rt-out");
        Directory.CreateDirectory(outDir);
        var (rc, stdout, stderr) = Run(settings, "-O", outDir + "/", "-Y", "-a", "-c", image);
        if (rc != 0) throw new InvalidOperationException($"rawtherapee-cli failed ({rc}): {stdout}{stderr}");
        // -O names the copied profile after the output (photo.png -> photo.jpg.pp3).
        var written = Directory.GetFiles(outDir, "*.pp3").Single();
        var sidecar = image + ".pp3";
        File.Copy(written, sidecar);
        return (image, sidecar);
    }
}
