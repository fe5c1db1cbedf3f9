using System.Globalization;
using System.Numerics;
using LutBridge.Core;
using LutBridge.Core.Color;
using LutBridge.Core.Imaging;
using LutBridge.Looks;
using LutBridge.Engines.Prompt;
using LutBridge.Testing;

namespace LutBridge.Engines.Tests.Prompt;

public class PromptEngineTests
{
    private static Look Run(string prompt, PhotoStats? photo = null) => PromptEngine.Run(prompt, photo).Look;

    /// <summary>OKLab hue of an sRGB hex, written out from Ottosson's published matrices (independent of the code under test).</summary>
    private static double OttossonHue(string hex)
    {
        int v = int.Parse(hex, NumberStyles.HexNumber, CultureInfo.InvariantCulture);
        double Lin(int c) { double x = c / 255.0; return x <= 0.04045 ? x / 12.92 : Math.Pow((x + 0.055) / 1.055, 2.4); }
        double r = Lin((v >> 16) & 255), g = Lin((v >> 8) & 255), b = Lin(v & 255);
        double l = Math.Cbrt(0.4122214708 * r + 0.5363325363 * g + 0.0514459929 * b);
        double m = Math.Cbrt(0.2119034982 * r + 0.6806995451 * g + 0.1073969566 * b);
        double s = Math.Cbrt(0.0883024619 * r + 0.2817188376 * g + 0.6299787005 * b);
        double A = 1.9779984951 * l - 2.4285922050 * m + 0.4505937099 * s;
        double B = 0.0259040371 * l + 0.7827717662 * m - 0.8086757660 * s;
        double h = Math.Atan2(B, A) * 180 / Math.PI;
        return h < 0 ? h + 360 : h;
    }

    /// <summary>Mean CIELAB of a Look's output over 64 greys.</summary>
    private static Vector3 MeanLabOnGreys(Look look, double from = 0, double to = 1)
    {
        var p = new LookProcessor(look);
        var sum = Vector3.Zero;
        for (int i = 0; i < 64; i++)
        {
            double x = from + (to - from) * i / 63.0;
            var (r, g, b) = p.Apply(x, x, x);
            sum += Cielab.FromSrgb(new Vector3((float)r, (float)g, (float)b));
        }
        return sum / 64;
    }

    [Fact]
    public void Tokeniser_splits_words_han_characters_and_clauses_and_folds_yo()
    {
        var t = PromptText.Tokenise("Чёрно-белое, 暖一点! Café");
        Assert.Equal(["черно", "белое", "", "暖", "一", "点", "", "cafe"], t.Select(x => x.Text));
    }

    [Fact]
    public void Warmer_and_cooler_move_mean_b_star_of_a_grey_ramp_up_and_down()
    {
        float grey = MeanLabOnGreys(Look.Neutral).Z;
        Assert.True(MeanLabOnGreys(Run("warmer")).Z > grey + 1);
        Assert.True(MeanLabOnGreys(Run("cooler")).Z < grey - 1);
        Assert.True(MeanLabOnGreys(Run("brighter")).X > MeanLabOnGreys(Look.Neutral).X + 2);
    }

    [Fact]
    public void The_same_words_in_three_languages_give_the_same_bytes_every_time()
    {
        var en = LookCodec.Encode(Run("warmer"));
        Assert.Equal(en, LookCodec.Encode(Run("warmer")));
        Assert.Equal(en, LookCodec.Encode(Run("теплее").WithTitle("warmer")));
        Assert.Equal(en, LookCodec.Encode(Run("更暖").WithTitle("warmer")));
    }

    [Fact]
    public void Teal_shadows_take_the_oklab_hue_of_teal_and_leave_the_highlights()
    {
        var look = Run("teal shadows");
        Assert.Equal(OttossonHue("008080"), look["split_shadow_hue"], 0.1);
        Assert.True(look["split_shadow_amount"] > 0.2);
        Assert.Equal(0, look["split_highlight_amount"]);
        var highlights = MeanLabOnGreys(look, 0.8, 1);
        Assert.True(Math.Sqrt(highlights.Y * highlights.Y + highlights.Z * highlights.Z) < 1.5);
        Assert.Equal(look["split_shadow_hue"], Run("阴影偏青")["split_shadow_hue"], 0.1);
        Assert.Equal(look["split_shadow_hue"], Run("бирюзовые тени")["split_shadow_hue"], 0.1);
    }

    [Fact]
    public void Any_name_of_the_colour_table_gives_its_hue()
    {
        // Read a line of the shipped table directly: the name must resolve to that hex's OKLab hue.
        var table = File.ReadAllLines(TestEnvironment.RepoFile("host", "LutBridge.Engines", "Prompt", "Data", "colour-names.tsv"));
        var rows = table.Where(l => !l.StartsWith('#')).ToList();
        Assert.True(rows.Count >= 30000, $"{rows.Count} names");
        var dustyRose = rows.Single(l => l.StartsWith("dusty rose\t", StringComparison.Ordinal)).Split('\t')[1];
        Assert.Equal(OttossonHue(dustyRose), Run("dusty rose highlights")["split_highlight_hue"], 0.1);
    }

    [Fact]
    public void The_table_search_finds_every_row_and_nothing_between_rows()
    {
        // The search works on the embedded bytes: check it against the file read line by line.
        var rows = File.ReadAllLines(TestEnvironment.RepoFile("host", "LutBridge.Engines", "Prompt", "Data", "colour-names.tsv"))
            .Where(l => !l.StartsWith('#')).Select(l => l.Split('\t')).ToList();
        Assert.Equal(rows.Count, ColourNames.Count);
        foreach (var row in rows) Assert.Equal(row[1], ColourNames.Find(row[0]));
        var names = rows.Select(r => r[0]).ToHashSet(StringComparer.Ordinal);
        foreach (var probe in new[] { "", "a", "aa", "zzzz", "dusty ros", "dusty rosee", "dusty  rose", "Dusty Rose", "ёлка", "a la mode\tf6ecde" })
            Assert.Equal(names.Contains(probe), ColourNames.Find(probe) is not null);
        foreach (var row in rows.Take(2000)) // a name with one letter changed is found exactly when the table has it
        {
            var changed = row[0][..^1] + (row[0][^1] == 'z' ? 'a' : (char)(row[0][^1] + 1));
            Assert.Equal(names.Contains(changed), ColourNames.Find(changed) is not null);
        }
    }

    [Fact]
    public void Intensity_words_scale_and_less_reverses()
    {
        double plain = Run("warmer")["temperature"];
        Assert.Equal(0.5 * plain, Run("slightly warmer")["temperature"], 3);
        Assert.Equal(1.5 * plain, Run("very warm")["temperature"], 3);
        Assert.Equal(0.5 * plain, Run("暖一点")["temperature"], 3);
        Assert.Equal(0.5 * plain, Run("чуть теплее")["temperature"], 3);
        Assert.Equal(-plain, Run("less warm")["temperature"], 3);
        Assert.True(Run("把饱和度降低一点")["saturation"] < 0);
    }

    [Fact]
    public void Not_too_caps_what_other_words_add()
    {
        double vivid = Run("vivid")["saturation"];
        double capped = Run("vivid, but not too saturated")["saturation"];
        Assert.True(vivid > 0.2 && capped < vivid && capped <= PromptEngine.NotTooCap * PromptEffect.SaturationStep + 1e-3, $"{vivid} → {capped}");
        Assert.True(Run("more saturated, but not too much")["saturation"] < Run("more saturated")["saturation"]);
        Assert.True(Run("не слишком насыщенно, ярко")["saturation"] < vivid);
    }

    [Fact]
    public void Warm_but_not_orange_stays_warm_and_turns_away_from_orange()
    {
        var look = Run("warm but not orange");
        Assert.True(MeanLabOnGreys(look).Z > MeanLabOnGreys(Look.Neutral).Z + 1);
        var (a, b) = (0.01 * look["temperature"] + 0.05 * look["tint"], 0.05 * look["temperature"]);
        double hue = Math.Atan2(b, a) * 180 / Math.PI;
        Assert.True(Math.Abs(hue - OttossonHue("ff8c1a")) >= PromptEngine.AvoidAngle - 0.5, $"cast hue {hue}");
        Assert.True(look["orange_chroma"] < 0);
    }

    [Fact]
    public void Regions_bind_to_the_neighbouring_effect_in_either_order()
    {
        foreach (var prompt in new[] { "cool shadows warm highlights", "阴影偏冷高光偏暖", "холодные тени и теплые света" })
        {
            var look = Run(prompt);
            Assert.Equal(PromptEffect.CoolHue, look["split_shadow_hue"], 0.1);
            Assert.Equal(PromptEffect.WarmHue, look["split_highlight_hue"], 0.1);
        }
        var greens = Run("desaturate the greens");
        Assert.True(greens["green_chroma"] < 0);
        Assert.Equal(0, greens["saturation"]);
        Assert.True(Run("bluer sky")["blue_chroma"] > 0);
    }

    [Fact]
    public void Black_and_white_removes_all_colour_from_a_real_photo()
    {
        var image = ImageFile.Read(TestEnvironment.RepoFile("samples", "photos", "skimage_coffee.png"));
        var rgb = ImageConvert.ToType(image, SampleType.Float32).Samples<float>().ToArray();
        var output = LookBaker.Evaluate(Run("black and white"), rgb);
        for (int p = 0; p < output.Length; p += 3 * 97)
        {
            var lab = Cielab.FromSrgb(new Vector3(output[p], output[p + 1], output[p + 2]));
            Assert.True(Math.Sqrt(lab.Y * lab.Y + lab.Z * lab.Z) < 1, $"pixel {p / 3}: {lab}");
        }
    }

    [Fact]
    public void Multi_word_colour_names_never_swallow_moods_or_function_words()
    {
        // The table holds "moody teal" and "very berry": here they are a mood + a colour, an intensity + a word.
        Assert.NotNull(ColourNames.Find("moody teal"));
        var report = PromptEngine.Run("moody teal shadows").Report;
        Assert.Equal(["moody", "teal"], report.Phrases.Select(p => p.Meaning));
        // Moody adds its own blue shadow tint (230°), so the shadows lie between teal and that.
        Assert.InRange(Run("moody teal shadows")["split_shadow_hue"], OttossonHue("008080"), 230);
    }

    [Fact]
    public void With_a_photo_brighter_lifts_a_dark_photo_more_than_a_bright_one()
    {
        static RgbImage Flat(float v)
        {
            var img = new RgbImage(16, 16, SampleType.Float32);
            img.Samples<float>().Fill(v);
            return img;
        }
        double dark = Run("brighter", PhotoStats.From(Flat(0.1f)))["exposure"];
        double bright = Run("brighter", PhotoStats.From(Flat(0.8f)))["exposure"];
        Assert.True(dark > bright && bright > 0, $"dark {dark}, bright {bright}");
    }

    [Fact]
    public void With_a_photo_neutral_white_balance_removes_its_cast()
    {
        var img = new RgbImage(8, 8, SampleType.Float32);
        var s = img.Samples<float>();
        for (int i = 0; i < s.Length; i += 3) { s[i] = 0.47f; s[i + 1] = 0.5f; s[i + 2] = 0.56f; } // a bluish grey
        var look = Run("neutral white balance", PhotoStats.From(img));
        var (r, g, b) = new LookProcessor(look).Apply(0.47, 0.5, 0.56);
        var before = Cielab.FromSrgb(new Vector3(0.47f, 0.5f, 0.56f));
        var after = Cielab.FromSrgb(new Vector3((float)r, (float)g, (float)b));
        Assert.True(Math.Abs(after.Z) < 0.3 * Math.Abs(before.Z), $"b* {before.Z} → {after.Z}");
        Assert.Contains(PromptEngine.Run("neutral white balance").Report.Warnings, w => w.Contains("white balance needs a photo"));
    }

    [Fact]
    public void Nothing_understood_or_empty_is_bad_input_and_unknown_words_are_reported()
    {
        Assert.Throws<InputException>(() => PromptEngine.Run(""));
        Assert.Throws<InputException>(() => PromptEngine.Run("   "));
        var e = Assert.Throws<InputException>(() => PromptEngine.Run("blorp zzgrk"));
        Assert.Contains("blorp", e.Message);
        var partial = PromptEngine.Run("warmer with zzgrk").Report;
        Assert.Equal(["zzgrk"], partial.Unrecognised);
        Assert.Equal(Look.Neutral.Values, Run("not too warm").Values);
    }

    [Fact]
    public void Film_stocks_and_moods_are_known_in_every_language()
    {
        Assert.True(Run("Kodak Tri-X")["saturation"] == -1);
        Assert.True(Run("чёрно-белое")["saturation"] == -1);
        Assert.True(Run("黑白")["saturation"] == -1);
        Assert.True(Run("velvia")["saturation"] > 0.2);
        Assert.True(Run("винтаж")["black"] > 0 && Run("复古")["black"] > 0);
    }

    [Fact]
    public void The_title_is_the_prompt_cut_to_255_bytes_at_a_character()
    {
        var title = PromptEngine.Title(string.Concat(Enumerable.Repeat("暖", 200)));
        Assert.True(System.Text.Encoding.UTF8.GetByteCount(title) <= 255);
        Assert.Equal(85, title.Length);
    }
}
