using System.Globalization;
using LutBridge.Core.Imaging;
using LutBridge.Neural.Models;
using LutBridge.Neural.Preprocessing;
using LutBridge.Testing;

namespace LutBridge.Neural.Tests;

/// <summary>Image → tensor preparation against its formula and against PIL's resampler.</summary>
public class ImageTensorTests
{
    private static RgbImage Gradient(int w, int h)
    {
        var image = new RgbImage(w, h, SampleType.UInt8);
        var s = image.Samples<byte>();
        for (int y = 0; y < h; y++)
            for (int x = 0; x < w; x++)
            {
                int i = (y * w + x) * 3;
                s[i] = (byte)(x * 255 / (w - 1));
                s[i + 1] = (byte)(y * 255 / (h - 1));
                s[i + 2] = (byte)((x * 7 + y * 13) % 256);
            }
        return image;
    }

    [Fact]
    public void A_224_wide_image_is_only_cropped_and_each_value_is_v_over_255_minus_mean_over_std()
    {
        var image = Gradient(224, 300);
        var p = ImagePreprocessing.Clip;
        var t = ImageTensor.Batch([image], p);
        int top = 38; // (300 − 224) / 2
        var s = image.Samples<byte>();
        for (int c = 0; c < 3; c++)
            for (int y = 0; y < 224; y += 17)
                for (int x = 0; x < 224; x += 13)
                {
                    float v = s[((y + top) * 224 + x) * 3 + c] / 255f;
                    Assert.True(Math.Abs((v - p.Mean[c]) / p.Std[c] - t[c * 224 * 224 + y * 224 + x]) <= 1e-5);
                }
    }

    [Fact]
    public void A_flat_image_of_any_size_gives_flat_planes()
    {
        var image = new RgbImage(1003, 517, SampleType.UInt16);
        var s = image.Samples<ushort>();
        for (int i = 0; i < s.Length; i += 3) { s[i] = 65535; s[i + 1] = 32768; s[i + 2] = 0; }
        var p = ImagePreprocessing.Clip;
        var t = ImageTensor.Batch([image], p);
        float[] v = [1f, 32768f / 65535f, 0f];
        for (int c = 0; c < 3; c++)
            for (int i = 0; i < 224 * 224; i += 101)
                Assert.True(Math.Abs((v[c] - p.Mean[c]) / p.Std[c] - t[c * 224 * 224 + i]) <= 1e-4);
    }

    [Theory]
    [InlineData(640, 427)]
    [InlineData(300, 451)]
    [InlineData(150, 100)] // an upscale
    public void Resize_and_centre_crop_agree_with_PIL_antialiased_bilinear(int w, int h)
    {
        var image = Gradient(w, h);
        var dir = TestEnvironment.NewTempDir("pil");
        var png = Path.Combine(dir, "in.png");
        ImageFile.Write(png, image);
        var (sw, sh) = ImageTensor.ScaledSize(w, h, ImagePreprocessing.Clip);
        // PIL in float mode ("F") resamples without 8-bit rounding: an independent implementation of the same filter.
        var py = TinyModels.RunPython(string.Join("\n",
            "from PIL import Image",
            "import numpy as np",
            $"im = np.asarray(Image.open('{png}').convert('RGB'), dtype=np.float32) / 255",
            "out = []",
            "for c in range(3):",
            $"    r = np.asarray(Image.fromarray(im[:, :, c], mode='F').resize(({sw}, {sh}), Image.BILINEAR))",
            $"    top, left = int(round(({sh} - 224) / 2.0)), int(round(({sw} - 224) / 2.0))",
            "    out.append(r[top:top + 224, left:left + 224])",
            "print(' '.join('%.7f' % v for v in np.stack(out).ravel()[::97]))"));
        var expected = py.Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(v => float.Parse(v, CultureInfo.InvariantCulture)).ToArray();
        var plain = new ImagePreprocessing { Mean = [0, 0, 0], Std = [1, 1, 1] };
        var t = ImageTensor.Batch([image], plain);
        Assert.Equal(expected.Length, (t.Length + 96) / 97);
        for (int k = 0; k < expected.Length; k++)
            Assert.True(Math.Abs(expected[k] - t[k * 97]) <= 1e-4, $"sample {k * 97}: ours {t[k * 97]} vs PIL {expected[k]}");
    }

    [Fact]
    public void A_downscale_keeps_a_ramp_exact_away_from_the_edges()
    {
        // 896 → 224 across: each output pixel is the ramp's value at its centre (the triangle kernel is symmetric).
        const int w = 896;
        var image = new RgbImage(w, 224, SampleType.Float32);
        var s = image.Samples<float>();
        for (int i = 0; i < s.Length; i++) s[i] = 0.25f + (i / 3 % w) * 0.001f;
        var t = ImageTensor.Batch([image], new ImagePreprocessing { Resize = "stretch", Mean = [0, 0, 0], Std = [1, 1, 1] });
        for (int o = 3; o < 224 - 3; o++)
            Assert.True(Math.Abs(0.25 + ((o + 0.5) * 4 - 0.5) * 0.001 - t[100 * 224 + o]) <= 2e-5, $"column {o}");
    }
}
