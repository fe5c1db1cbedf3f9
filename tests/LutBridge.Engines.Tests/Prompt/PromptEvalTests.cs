using LutBridge.Core;
using LutBridge.Core.Imaging;
using LutBridge.Engines.Prompt;
using LutBridge.Testing;

namespace LutBridge.Engines.Tests.Prompt;

public class PromptEvalTests
{
    private static readonly string Folder = TestEnvironment.RepoFile("tests", "LutBridge.Engines.Tests", "Prompt");

    [Fact]
    public void Both_prompt_sets_parse_and_are_big_enough_in_three_languages()
    {
        foreach (var (file, min) in new[] { ("prompts-tuning.txt", 40), ("prompts-heldout.txt", 40) })
        {
            var cases = PromptEval.Parse(file, File.ReadLines(Path.Combine(Folder, file)));
            Assert.True(cases.Count >= min, $"{file}: {cases.Count} prompts");
            Assert.Contains(cases, c => c.Prompt.Any(ch => ch is >= 'а' and <= 'я'));
            Assert.Contains(cases, c => c.Prompt.Any(ch => PromptText.IsHan(ch)));
        }
    }

    [Fact]
    public void A_bad_check_names_the_file_and_line()
    {
        var e = Assert.Throws<InputException>(() => PromptEval.Parse("p.txt", ["# c", "warmer | all.b +", "cooler | all.q +"]));
        Assert.StartsWith("p.txt:3:", e.Message);
        Assert.Throws<InputException>(() => PromptEval.Parse("p.txt", ["warmer | ramp:h10-50.C +"]));
    }

    [Fact]
    public void Checks_measure_what_they_say_on_the_grey_ramp()
    {
        // A hand-made "output": every grey shifted by b* +2 and L* −1 (no engine involved).
        var ramp = PromptEval.GreyRamp();
        var shifted = ramp.Lab.Select(v => new System.Numerics.Vector3(v.X - 1, v.Y, v.Z + 2)).ToArray();
        var cases = PromptEval.Parse("t", ["x | all.b +; all.L -; all.hue in 80..100; all.a ~; shadows.dE <3"]);
        foreach (var k in cases[0].Checks)
            Assert.True(PromptEval.Passes(k, PromptEval.Measure(k, ramp.Lab, shifted)), k.Text);
    }

    [Fact]
    public void The_tuning_set_passes_at_least_95_percent_on_the_bundled_photos()
    {
        var cases = PromptEval.Parse("prompts-tuning.txt", File.ReadLines(Path.Combine(Folder, "prompts-tuning.txt")));
        var photos = Directory.GetFiles(TestEnvironment.RepoFile("samples", "photos")).Where(ImageFile.IsImagePath)
            .Select(f => ImageConvert.ToType(ImageFile.Read(f), SampleType.Float32).Samples<float>().ToArray());
        var results = PromptEval.Run(cases, PromptEval.GreyRamp(), PromptEval.Photos(photos, 4096));
        var (passed, checks, _) = PromptEval.Totals(results);
        var failed = results.SelectMany(r => r.Checks.Where(c => !c.Passed).Select(c => $"{r.Prompt}: {c.Target} {c.Check} ({c.Value})"));
        Assert.True(passed >= 0.95 * checks, $"{passed}/{checks}: " + string.Join("; ", failed));
    }
}
