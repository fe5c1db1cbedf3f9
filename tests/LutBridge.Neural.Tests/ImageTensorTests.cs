using System.Globalization;
using LutBridge.Core.Imaging;
using LutBridge.Neural.Models;
using LutBridge.Neural.Preprocessing;
using LutBridge.Neural.Runtime;
using LutBridge.Testing;
using Xunit.Abstractions;

namespace LutBridge.Neural.Tests;

/// <summary>Image → tensor preparation against its formula and against PIL's resampler.</summary>
public class ImageTensorTests(ITestOutputHelper output)
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
    [InlineData(2400, 1000)] // over 2 MP: rows prepared in parallel
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

    [Theory]
    [InlineData(6000, 4000, 1)] // 750×500: the 1/8 decode still covers 224
    [InlineData(1000, 872, 3)]  // 2/8 gives 218 < 224
    [InlineData(640, 427, 5)]   // 4/8 gives 214
    [InlineData(300, 224, 8)]   // already the model's size
    public void A_JPEG_decodes_at_the_smallest_DCT_scale_that_still_covers_the_crop(int w, int h, int eighths)
    {
        Assert.Equal(eighths, ImageTensor.DecodeEighths(w, h, ImagePreprocessing.Clip));
        Assert.Equal(8, ImageTensor.DecodeEighths(w, h, new ImagePreprocessing { Size = 4096 }));
    }

    /// <summary>
    /// A reduced-scale JPEG decode then our resize, against PIL's full-size decode then PIL's
    /// antialiased bilinear resize (float mode), crop and CLIP normalisation: the CLIP preprocessing
    /// done independently. The scaled inverse DCT filters a little differently from a full decode
    /// and a resize, so they agree within a tolerance, not exactly: mean |Δ| ≤ 0.01 of the
    /// normalised input (≈ 0.7/255 in 8-bit steps), and the patch features of a model that sees
    /// 14-pixel detail (numpy's forward on PIL's tensor) keep a cosine similarity ≥ 0.999.
    /// </summary>
    [Theory]
    [InlineData("skimage_hubble_deep_field.jpg", 375, 327)] // 1000×872 at 3/8
    [InlineData("skimage_rocket.jpg", 400, 267)]            // 640×427 at 5/8
    public void A_reduced_scale_decode_gives_PILs_full_decode_CLIP_tensor_within_tolerance(string file, int decodedWidth, int decodedHeight)
    {
        var path = TestEnvironment.SharedFile("photos", file);
        var p = ImagePreprocessing.Clip;
        var image = ImageTensor.Load(path, p);
        Assert.Equal((decodedWidth, decodedHeight), (image.Width, image.Height));
        var ours = ImageTensor.Batch([image], p);

        var full = ImageFile.Read(path);
        var (sw, sh) = ImageTensor.ScaledSize(full.Width, full.Height, p);
        var refFile = Path.Combine(TestEnvironment.NewTempDir("clipref"), "ref.f32");
        TinyModels.RunPython(string.Join("\n",
            "from PIL import Image",
            "import numpy as np",
            $"im = np.asarray(Image.open('{path}').convert('RGB'), dtype=np.float32) / 255",
            $"top, left = int(round(({sh} - 224) / 2.0)), int(round(({sw} - 224) / 2.0))",
            "mean, std = [0.48145466, 0.4578275, 0.40821073], [0.26862954, 0.26130258, 0.27577711]",
            "out = []",
            "for c in range(3):",
            $"    r = np.asarray(Image.fromarray(im[:, :, c], mode='F').resize(({sw}, {sh}), Image.BILINEAR))",
            "    out.append((r[top:top + 224, left:left + 224] - mean[c]) / std[c])",
            $"np.stack(out).astype(np.float32).tofile('{refFile}')"));
        var raw = File.ReadAllBytes(refFile);
        var reference = new float[raw.Length / 4];
        Buffer.BlockCopy(raw, 0, reference, 0, raw.Length);
        Assert.Equal(reference.Length, ours.Length);
        double meanAbs = ours.Zip(reference, (a, b) => Math.Abs((double)a - b)).Average();
        Assert.True(meanAbs <= 0.01, $"{file}: mean |ours − PIL| = {meanAbs:F4} of the normalised input");

        var models = TinyModels.Get();
        using var session = ModelSession.Load(models.Path_("tiny_patch_features"), ExecutionDevice.Cpu);
        var (features, _) = session.Run([("pixel_values", ours, [1, 3, 224, 224])], ["last_hidden_state"])[0];
        var expected = models.NumpyForward("tiny_patch_features", reference, 1);
        double dot = 0, aa = 0, bb = 0;
        for (int i = 0; i < features.Length; i++)
        {
            dot += (double)features[i] * expected[i];
            aa += (double)features[i] * features[i];
            bb += (double)expected[i] * expected[i];
        }
        double cosine = dot / Math.Sqrt(aa * bb);
        Assert.True(cosine >= 0.999, $"{file}: patch-feature cosine {cosine:F5} (mean |Δ| input {meanAbs:F4})");
        output.WriteLine($"{file}: mean |Δ| {meanAbs:F4}, patch-feature cosine {cosine:F6}");
    }

    [Fact]
    public void Preparing_a_batch_into_a_buffer_of_the_wrong_length_is_refused()
    {
        var image = Gradient(300, 224);
        Assert.Throws<ArgumentException>(() => ImageTensor.BatchInto([image, image], ImagePreprocessing.Clip, new float[3 * 224 * 224]));
    }
}
