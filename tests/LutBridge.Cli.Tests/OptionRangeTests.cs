using LutBridge.Testing;

namespace LutBridge.Cli.Tests;

/// <summary>
/// The CLI's range flags are the engines' option ranges (the RPC methods read the same ones:
/// Server.Tests' OptionRangeCallTests): the same range and default in --help, and an engine's
/// error, which names the option's key, said with the flag the user typed.
/// </summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public class OptionRangeTests
{
    private static (int Code, string Out, string Err) Lutbridge(params string[] args) =>
        TestEnvironment.Run("dotnet", [NoSurprisesTests.Cli, .. args]);

    private static string Creative(string name) => TestEnvironment.SharedFile("luts", "creative", name);

    [Fact]
    public void AnEngineRangeErrorNamesTheFlag()
    {
        var dir = TestEnvironment.NewTempDir("cli-ranges");
        var look = Path.Combine(dir, "x.look");
        // Checked by the decomposer (DecomposeOptions.Validate): its message says max_de, the CLI --max-de.
        var (code, _, err) = Lutbridge("decompose", Creative("bw__agfa_apx_100.cube"), "--out", look, "--max-de", "0");
        Assert.Equal((2, "lutbridge: --max-de must be in 0.01..100, got 0"), (code, err.Trim()));
        Assert.False(File.Exists(look));

        (code, _, err) = Lutbridge("match", "--ref", TestEnvironment.SharedFile("photos", "kodak_kodim23.png"), "--out", look, "--amount", "1.5");
        Assert.Equal((2, "lutbridge: --amount must be in 0..1, got 1.5"), (code, err.Trim()));
        Assert.False(File.Exists(look));

        (code, _, err) = Lutbridge("bake", Path.Combine(TestEnvironment.RepoRoot, "tests", "vectors", "look", "light.look"), "--out", Path.Combine(dir, "x.cube"), "--size", "1");
        Assert.Equal((2, "lutbridge: --size must be in 2..256, got 1"), (code, err.Trim()));
    }

    [Fact]
    public void HelpShowsTheRangeAndDefaultTheRpcMethodsUse()
    {
        var (code, output, _) = Lutbridge("decompose", "--help");
        Assert.Equal(0, code);
        Assert.Contains("(0.01..100, default 2.5)", output);
        Assert.Contains("(0.01..100, default 0.45)", output);
        (code, output, _) = Lutbridge("match", "--help");
        Assert.Equal(0, code);
        Assert.Contains("(0..1, default 1)", output);
        Assert.Contains("(1..16, default 4)", output);
    }
}
