using LutBridge.Testing;

namespace LutBridge.Architecture.Tests;

/// <summary>The rules of docs/architecture.md hold in the tree, and each check finds a breach when there is one.</summary>
public class LayeringTests
{
    [Fact]
    public void ProjectsReferenceOnlyTheLayersBelowThem()
    {
        var projects = LayerRules.HostProjects().ToList();
        Assert.True(projects.Count >= 7, $"only {projects.Count} projects found under host/ and interop/");
        var breaches = projects.SelectMany(p => LayerRules.ReferenceBreaches(Path.GetFileNameWithoutExtension(p), LayerRules.References(p))).ToList();
        Assert.True(breaches.Count == 0, string.Join("\n", breaches));
    }

    [Fact]
    public void AReferenceUpwardsOrAnUnknownProjectIsABreach()
    {
        Assert.Equal(["LutBridge.Looks references LutBridge.Engines, which it may not"],
            LayerRules.ReferenceBreaches("LutBridge.Looks", ["LutBridge.Core", "LutBridge.Engines"]));
        Assert.Equal(["LutBridge.Engines references LutBridge.Interop, which it may not"],
            LayerRules.ReferenceBreaches("LutBridge.Engines", ["LutBridge.Interop"]));
        Assert.Single(LayerRules.ReferenceBreaches("LutBridge.Brand.New", []));
    }

    [Fact]
    public void LowerNamespacesNameNoHigherOnes()
    {
        var breaches = new List<string>();
        foreach (var (folder, ns, forbidden) in LayerRules.NamespaceRules)
        {
            var files = LayerRules.Sources(folder).ToList();
            Assert.True(files.Count > 0, $"no sources in {folder}");
            foreach (var file in files)
                breaches.AddRange(LayerRules.NamespaceBreaches(LayerRules.Relative(file), File.ReadAllText(file), ns, forbidden));
        }
        Assert.True(breaches.Count == 0, string.Join("\n", breaches));
    }

    [Theory]
    [InlineData("using LutBridge.Core.Imaging;")]
    [InlineData("var image = Imaging.ImageFile.Read(path);")]
    [InlineData("var image = Core.Imaging.ImageFile.Read(path);")]
    [InlineData("var image = LutBridge.Core.Imaging.ImageFile.Read(path);")]
    public void LutsNamingImagingIsABreach(string line)
    {
        Assert.Single(LayerRules.NamespaceBreaches("x.cs", line, "LutBridge.Core.Luts", ["Imaging"]));
    }

    [Theory]
    [InlineData("// Imaging.ImageFile reads it")]
    [InlineData("var lut = Luts.Lut.Identity(17);")]
    [InlineData("var layout = PngLutImaging.Layout;")]
    public void OtherTextIsNoBreach(string line)
    {
        Assert.Empty(LayerRules.NamespaceBreaches("x.cs", line, "LutBridge.Core.Luts", ["Imaging"]));
    }

    [Fact]
    public void EnginesAndTheLookNeitherPrintNorReadTheEnvironment()
    {
        var breaches = LayerRules.QuietFolders.SelectMany(LayerRules.Sources)
            .SelectMany(f => LayerRules.QuietBreaches(LayerRules.Relative(f), File.ReadAllText(f))).ToList();
        Assert.True(breaches.Count == 0, "engines report through their callers (progress, results, exceptions):\n" + string.Join("\n", breaches));
    }

    [Theory]
    [InlineData("Console.Error.WriteLine(x);")]
    [InlineData("var d = Environment.GetEnvironmentVariable(\"X\") == \"1\";")]
    public void PrintingOrReadingTheEnvironmentIsABreach(string line)
    {
        Assert.Single(LayerRules.QuietBreaches("x.cs", line));
    }

    [Fact]
    public void TheConnectionCodeNamesNoMethod()
    {
        var names = LayerRules.MethodNames();
        Assert.Contains("job.cancel", names);
        var breaches = LayerRules.Sources(LayerRules.ConnectionFolder)
            .SelectMany(f => LayerRules.MethodNameBreaches(LayerRules.Relative(f), File.ReadAllText(f), names)).ToList();
        Assert.True(breaches.Count == 0, "dispatch belongs to the method registry:\n" + string.Join("\n", breaches));
        Assert.Single(LayerRules.MethodNameBreaches("x.cs", "if (request.Method.Name == \"job.cancel\")", names));
    }

    [Fact]
    public void EveryTestProjectIsInTheSolutionSoCiRunsIt()
    {
        // scripts/test.sh (and so CI) runs `dotnet test LutBridge.sln`: a test project outside it never runs.
        var solution = File.ReadAllText(TestEnvironment.RepoFile("LutBridge.sln")).Replace('\\', '/');
        var projects = Directory.EnumerateFiles(TestEnvironment.RepoFile("tests"), "*.Tests.csproj", SearchOption.AllDirectories)
            .Select(LayerRules.Relative).ToList();
        Assert.Contains("tests/LutBridge.Looks.Tests/LutBridge.Looks.Tests.csproj", projects);
        var missing = projects.Where(p => !solution.Contains($"\"{p}\"", StringComparison.Ordinal)).ToList();
        Assert.True(missing.Count == 0, "not in LutBridge.sln (dotnet sln add): " + string.Join(", ", missing));
    }

    [Fact]
    public void EngineMessagesNameNoCliFlag()
    {
        var breaches = LayerRules.QuietFolders.SelectMany(LayerRules.Sources)
            .SelectMany(f => LayerRules.FlagBreaches(LayerRules.Relative(f), File.ReadAllText(f))).ToList();
        Assert.True(breaches.Count == 0, "engines name an option by its key (OptionException, a NumberRange's Check); the CLI maps it to its flag:\n" + string.Join("\n", breaches));
    }

    [Theory]
    [InlineData("throw new InputException($\"--amount must be between 0 and 1, got {Amount}\");")]
    [InlineData("note = \"white balance needs a photo (--in)\";")]
    [InlineData("throw new ModelException(\"model has no tokenizer (re-add it with --tokenizer)\");")]
    public void AnEngineMessageNamingAFlagIsABreach(string line)
    {
        Assert.Single(LayerRules.FlagBreaches("x.cs", line));
    }

    [Theory]
    [InlineData("throw new OptionException(\"amount\", \"must be in 0..1\");")]
    [InlineData("// the CLI says --amount")]
    [InlineData("var range = \"0..1 -- inclusive\";")]
    [InlineData("var arrow = \"a-->b\";")]
    public void KeysCommentsAndDashesAreNoBreach(string line)
    {
        Assert.Empty(LayerRules.FlagBreaches("x.cs", line));
    }
}
