using System.Text.Json;
using LutBridge.Core.Imaging;
using LutBridge.Looks;
using LutBridge.Testing;

namespace LutBridge.Cli.Tests;

public class PromptCommandTests
{
    private static readonly string Dir = TestEnvironment.NewTempDir("promptcli");

    private static (int Code, string Out, string Err) Cli(params string[] args)
    {
        var dll = Path.Combine(AppContext.BaseDirectory, "lutbridge.dll");
        Assert.True(File.Exists(dll), $"{dll} missing");
        var (code, stdout, stderr) = TestEnvironment.Run("dotnet", [dll, .. args], timeoutMs: 120_000);
        Assert.DoesNotContain("   at ", stderr);
        return (code, stdout, stderr);
    }

    [Fact]
    public void Prompt_writes_a_look_a_report_and_a_strip()
    {
        var look = Path.Combine(Dir, "warm.look");
        var json = Path.Combine(Dir, "warm.json");
        var strip = Path.Combine(Dir, "warm.png");
        var (code, stdout, err) = Cli("prompt", "slightly warmer, teal shadows", "--out", look, "--json", json, "--strip", strip, "--explain");
        Assert.True(code == 0, err);
        Assert.Contains("teal", stdout);
        var read = LookFile.Read(look);
        Assert.True(read["temperature"] > 0 && read["split_shadow_amount"] > 0);
        using var doc = JsonDocument.Parse(File.ReadAllText(json));
        var root = doc.RootElement;
        Assert.True(root.GetProperty("seconds").GetDouble() > 0);
        Assert.Equal(2, root.GetProperty("phrases").GetArrayLength());
        Assert.True(root.GetProperty("sliders").GetProperty("temperature").GetDouble() > 0);
        var image = ImageFile.Read(strip);
        Assert.Equal(768, image.Width);
    }

    [Fact]
    public void Nothing_understood_exits_2_with_one_line_and_writes_nothing()
    {
        var look = Path.Combine(Dir, "none.look");
        var (code, _, err) = Cli("prompt", "zzgrk blorp", "--out", look);
        Assert.Equal(2, code);
        Assert.Single(err.Trim().Split('\n'));
        Assert.False(File.Exists(look));
        Assert.Equal(2, Cli("prompt", "", "--out", look).Code);
        Assert.Equal(2, Cli("prompt", "warmer", "--out", Path.Combine(Dir, "x.txt")).Code);
    }

    [Fact]
    public void Eval_prompt_prints_the_share_of_checks_passed()
    {
        var file = Path.Combine(Dir, "p.txt");
        File.WriteAllText(file, "warmer | all.b +\nчуть темнее | all.L -\n更冷 | all.b -\n");
        var (code, stdout, err) = Cli("eval", "prompt", file, "--photos", TestEnvironment.RepoFile("samples", "photos"));
        Assert.True(code == 0, err);
        Assert.Contains("checks_passed_percent", stdout);
        Assert.Matches(@"checks\s+6\b", stdout); // three checks, each on the ramp and on the photos
    }
}
