using LutBridge.Testing;

namespace LutBridge.Core.Tests.Imaging;

/// <summary>Decodes a file with ffmpeg (an independent implementation) to raw interleaved samples.</summary>
internal static class FfmpegDecode
{
    public static byte[] Rgb24(string path, out int width, out int height) => Raw(path, "rgb24", out width, out height);

    public static ushort[] Rgb48(string path, out int width, out int height)
    {
        var raw = Raw(path, "rgb48le", out width, out height);
        var result = new ushort[raw.Length / 2];
        for (int i = 0; i < result.Length; i++) result[i] = (ushort)(raw[2 * i] | raw[2 * i + 1] << 8);
        return result;
    }

    public static byte[] Raw(string path, string pixFmt, out int width, out int height, params string[] filter)
    {
        var ffprobe = TestEnvironment.RequireTool("ffprobe");
        var (code, dims, err) = TestEnvironment.Run(ffprobe, ["-v", "error", "-select_streams", "v:0", "-show_entries",
            "stream=width,height", "-of", "csv=p=0", path]);
        Assert.True(code == 0, err);
        var parts = dims.Trim().Split(',');
        width = int.Parse(parts[0]);
        height = int.Parse(parts[1]);
        var ffmpeg = TestEnvironment.RequireTool("ffmpeg");
        string[] args = ["-v", "error", "-i", path, .. filter, "-f", "rawvideo", "-pix_fmt", pixFmt, "-"];
        var psi = new System.Diagnostics.ProcessStartInfo(ffmpeg) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in args) psi.ArgumentList.Add(a);
        using var p = System.Diagnostics.Process.Start(psi)!;
        var errTask = p.StandardError.ReadToEndAsync();
        using var ms = new MemoryStream();
        p.StandardOutput.BaseStream.CopyTo(ms);
        p.WaitForExit();
        Assert.True(p.ExitCode == 0, errTask.Result);
        return ms.ToArray();
    }
}
