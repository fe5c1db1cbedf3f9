using LutBridge.Core;
using LutBridge.Editors.Darktable;

namespace LutBridge.Cli.Commands.Darktable;

/// <summary>Where the CLI finds the darktable plugin files it installs (the repository's build).</summary>
internal static class DarktableLocations
{
    /// <summary>The repository root: the folder holding the ./lutbridge launcher, above this assembly.</summary>
    public static string RepoRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir != null && !(File.Exists(Path.Combine(dir.FullName, "lutbridge")) && Directory.Exists(Path.Combine(dir.FullName, "plugin-c"))))
            dir = dir.Parent;
        return dir?.FullName ?? throw new InputException("cannot find the LutBridge repository (the ./lutbridge launcher) above " + AppContext.BaseDirectory);
    }

    /// <summary>The Lua files of the panel, from the source tree: panel.lua, its session and one
    /// file per source (source_*.lua).</summary>
    public static IReadOnlyList<string> LuaScripts(string root) =>
        Directory.GetFiles(Path.Combine(root, "plugin-c", "lua"), "*.lua").Order(StringComparer.Ordinal).ToArray();

    public static string LuaModule(string root) => Path.Combine(root, "build", "plugin-c", "lua", "lutbridge.so");

    public static string HostCommand(string root) => Path.Combine(root, "lutbridge");

    public static string ConfigDir(string? option) =>
        string.IsNullOrEmpty(option) ? DarktableConfig.DefaultDir() : Path.GetFullPath(option);
}
