using LutBridge.Engines.Library;
using LutBridge.Looks;
using LutBridge.Engines.Prompt;

namespace LutBridge.Engines.Tests.Prompt;

public class PromptSearchTests
{
    private static LibraryItem Item(string file, params (string Name, double Value)[] sliders) => new()
    {
        Kind = LibraryKinds.Look, File = file, Sha256 = "", Descriptor = [],
        Sliders = sliders.ToDictionary(s => s.Name, s => s.Value),
    };

    // Hand-written slider sets, as a decomposed LUT would describe them (not made by the prompt engine).
    private static readonly LibraryItem[] Items =
    [
        Item("teal_dark.look", ("exposure", -0.4), ("split_shadow_hue", 200), ("split_shadow_amount", 0.4), ("saturation", -0.2)),
        Item("orange_shadows.look", ("split_shadow_hue", 40), ("split_shadow_amount", 0.4)),
        Item("warm_bright.look", ("exposure", 0.5), ("temperature", 0.4)),
        Item("bw.look", ("saturation", -1), ("contrast", 0.3)),
        Item("neutral.look"),
        Item("teal_weak.look", ("split_shadow_hue", 195), ("split_shadow_amount", 0.08)),
    ];

    private static List<string> Search(string words) =>
        PromptSearch.Rank(PromptEngine.Run(words).Look, Items, 10).Select(h => h.Item.File).ToList();

    [Fact]
    public void Items_moving_the_same_sliders_the_same_way_rank_first()
    {
        var teal = Search("teal shadows");
        Assert.Equal("teal_dark.look", teal[0] == "teal_weak.look" ? teal[1] : teal[0]);
        Assert.DoesNotContain("orange_shadows.look", teal);   // its shadows go the other way round the hue circle
        Assert.DoesNotContain("neutral.look", teal);
        Assert.Equal("warm_bright.look", Search("warmer and brighter")[0]);
        Assert.Equal("bw.look", Search("black and white")[0]);
        Assert.Equal("bw.look", Search("黑白")[0]);
    }

    [Fact]
    public void An_item_that_goes_as_far_as_the_words_beats_one_that_barely_moves()
    {
        var hits = PromptSearch.Rank(PromptEngine.Run("teal shadows").Look, Items, 10);
        var strong = hits.Single(h => h.Item.File == "teal_dark.look");
        var weak = hits.Single(h => h.Item.File == "teal_weak.look");
        Assert.True(weak.Agreement > 0.99); // same direction…
        Assert.True(weak.Coverage < 0.3 && strong.Coverage == 1); // …but a quarter of the way
        Assert.True(strong.Score > weak.Score);
    }

    [Fact]
    public void Features_put_temperature_and_split_tones_in_the_same_space_as_the_prompt()
    {
        // temperature 0.4 is an OKLab cast (0.004, 0.02); split 90°, 0.35 is (0, 0.35) in amount units.
        var f = PromptSearch.Features(new Dictionary<string, double> { ["temperature"] = 0.4, ["split_highlight_hue"] = 90, ["split_highlight_amount"] = 0.35 });
        Assert.Equal(0.004 / PromptEffect.CastChroma, f[LookDesign.CastA], 9);
        Assert.Equal(0.02 / PromptEffect.CastChroma, f[LookDesign.CastB], 9);
        Assert.Equal(0, f[LookDesign.HighlightA], 9);
        Assert.Equal(0.35 / PromptEffect.HighlightTint, f[LookDesign.HighlightB], 9);
        Assert.Equal(0, f[LookParameters.Temperature]);
    }

    [Fact]
    public void A_film_stock_takes_the_library_look_named_after_it()
    {
        var items = new[] { Item("luts/negative_new__kodak_portra_400.cube", ("saturation", 0.3), ("black", 0.05)) };
        var stocks = PromptSearch.StocksFrom(items);
        var own = PromptEngine.Run("portra", null, stocks);
        Assert.Equal(0.3, own.Look["saturation"], 3);
        Assert.Equal(0.05, own.Look["black"], 3);
        Assert.Contains("library: luts/negative_new__kodak_portra_400.cube", own.Report.Phrases[0].Meaning);
        Assert.True(PromptEngine.Run("velvia", null, stocks).Look["saturation"] > 0.3); // not in the library: its published character
    }
}
