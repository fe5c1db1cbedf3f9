namespace LutBridge.Editors.Darktable;

/// <summary>Where darktable keeps its configuration and what LutBridge adds to it.</summary>
public static class DarktableConfig
{
    /// <summary>The conf key lut3d resolves its relative file paths against.</summary>
    public const string LutFolderKey = "plugins/darkroom/lut3d/def_path";

    /// <summary>The key that makes an export overwrite instead of adding an _01 suffix.</summary>
    public const string OverwriteKey = "plugins/imageio/storage/disk/overwrite";

    /// <summary>~/.config/darktable (honouring XDG_CONFIG_HOME), darktable's default --configdir.</summary>
    public static string DefaultDir()
    {
        var xdg = Environment.GetEnvironmentVariable("XDG_CONFIG_HOME");
        var baseDir = string.IsNullOrEmpty(xdg)
            ? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".config")
            : xdg;
        return Path.Combine(baseDir, "darktable");
    }

    /// <summary>The folder that holds the LUTs LutBridge bakes for darktable.</summary>
    public static string LutFolder(string configDir) => Path.Combine(configDir, "lutbridge", "luts");

    /// <summary>The value of KEY in darktablerc text (key=value lines), or null.</summary>
    public static string? ReadKey(string rcText, string key)
    {
        foreach (var line in rcText.Split('\n'))
        {
            var trimmed = line.TrimEnd('\r');
            if (trimmed.StartsWith(key + "=", StringComparison.Ordinal))
                return trimmed[(key.Length + 1)..];
        }
        return null;
    }
}
