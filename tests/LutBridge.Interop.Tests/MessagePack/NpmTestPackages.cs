using LutBridge.Testing;

namespace LutBridge.Interop.Tests.MessagePack;

/// <summary>Locates tests/npm/node_modules (installed by scripts/install-deps.sh); fails loudly when absent.</summary>
internal static class NpmTestPackages
{
    public static string Directory => TestEnvironment.RepoFile("tests", "npm");

    public static string Require(params string[] relativePath)
    {
        string modules = Path.Combine(Directory, "node_modules");
        if (!System.IO.Directory.Exists(modules))
            throw new InvalidOperationException($"{modules} is missing: run scripts/install-deps.sh (npm ci in tests/npm)");
        string path = Path.Combine([modules, .. relativePath]);
        if (!File.Exists(path) && !System.IO.Directory.Exists(path))
            throw new InvalidOperationException($"{path} is missing: run scripts/install-deps.sh (npm ci in tests/npm)");
        return path;
    }
}
