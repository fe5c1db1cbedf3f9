using LutBridge.Editors.Raw.Native;
using LutBridge.Testing;

namespace LutBridge.Editors.Tests.Raw;

/// <summary>The struct offsets we hard-code, against offsetof() compiled from the installed LibRaw header.</summary>
public class LibRawLayoutTests
{
    [Fact]
    public void OffsetsMatchTheInstalledHeader()
    {
        var cc = TestEnvironment.RequireTool("cc");
        var dir = TestEnvironment.NewTempDir("librawlayout");
        var src = Path.Combine(dir, "layout.c");
        File.WriteAllText(src, """
            #include <stdio.h>
            #include <stddef.h>
            #include <libraw/libraw.h>
            int main(void) {
              printf("%zu %zu %zu %zu %zu\n",
                offsetof(libraw_data_t, sizes.raw_width), offsetof(libraw_data_t, sizes.flip),
                offsetof(libraw_data_t, params.use_camera_wb),
                offsetof(libraw_iparams_t, make), offsetof(libraw_iparams_t, model));
              printf("%zu %zu %zu %zu %zu %zu %zu\n",
                offsetof(libraw_processed_image_t, type), offsetof(libraw_processed_image_t, height),
                offsetof(libraw_processed_image_t, width), offsetof(libraw_processed_image_t, colors),
                offsetof(libraw_processed_image_t, bits), offsetof(libraw_processed_image_t, data_size),
                offsetof(libraw_processed_image_t, data));
              printf("%d\n", LIBRAW_VERSION);
              return 0;
            }
            """);
        var exe = Path.Combine(dir, "layout");
        var build = TestEnvironment.Run(cc, [src, "-o", exe]);
        Assert.True(build.ExitCode == 0, build.StdErr);
        var run = TestEnvironment.Run(exe, []);
        Assert.Equal(0, run.ExitCode);
        var lines = run.StdOut.Split('\n', StringSplitOptions.RemoveEmptyEntries);

        Assert.Equal(
            $"{LibRawLayout.SizesRawWidth} {LibRawLayout.SizesFlip} {LibRawLayout.ParamsUseCameraWb} {LibRawLayout.IParamsMake} {LibRawLayout.IParamsModel}",
            lines[0]);
        Assert.Equal(
            $"{LibRawLayout.ImageType} {LibRawLayout.ImageHeight} {LibRawLayout.ImageWidth} {LibRawLayout.ImageColors} {LibRawLayout.ImageBits} {LibRawLayout.ImageDataSize} {LibRawLayout.ImageData}",
            lines[1]);
        // The library we load at run time is the version the header describes.
        Assert.Equal(int.Parse(lines[2]), LibRawNative.VersionNumber());
        Directory.Delete(dir, true);
    }
}
