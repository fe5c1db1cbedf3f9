namespace LutBridge.Editors.RawTherapee;

/// <summary>Where RawTherapee keeps its settings: --settings, else RT_SETTINGS, else ~/.config/RawTherapee.</summary>
public static class RawTherapeeSettings
{
    public const string OptionsFileName = "options";
    public const string ColorManagementGroup = "Color Management";
    public const string ClutsDirectoryKey = "ClutsDirectory";

    /// <summary>The subfolder of the CLUT folder that holds LutBridge's HaldCLUTs (a submenu in RawTherapee).</summary>
    public const string LutBridgeSubfolder = "LutBridge";

    public static string ResolveDirectory(string? explicitDir)
    {
        if (!string.IsNullOrEmpty(explicitDir)) return Path.GetFullPath(explicitDir);
        var env = Environment.GetEnvironmentVariable("RT_SETTINGS");
        if (!string.IsNullOrEmpty(env)) return Path.GetFullPath(env);
        var config = Environment.GetEnvironmentVariable("XDG_CONFIG_HOME");
        if (string.IsNullOrEmpty(config))
            config = Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".config");
        return Path.Combine(config, "RawTherapee");
    }

    public static string OptionsPath(string settingsDir) => Path.Combine(settingsDir, OptionsFileName);

    /// <summary>RawTherapee's default CLUT folder (options without ClutsDirectory), relative to its working directory.</summary>
    public const string DefaultClutsDirectory = "./cluts";

    /// <summary>
    /// The CLUT folder of the RawTherapee whose settings live in <paramref name="settingsDir"/>, as a
    /// full path: its options' ClutsDirectory, else <see cref="DefaultClutsDirectory"/>; a relative one
    /// is taken from the current directory, as RawTherapee takes it from its own working directory.
    /// </summary>
    public static string ClutsFolder(string settingsDir)
    {
        var options = OptionsPath(settingsDir);
        var dir = File.Exists(options) ? KeyFile.Load(options).Get(ColorManagementGroup, ClutsDirectoryKey) : null;
        return Path.GetFullPath(string.IsNullOrEmpty(dir) ? DefaultClutsDirectory : dir);
    }

    /// <summary>
    /// The folder LutBridge exports HaldCLUTs into for the RawTherapee whose settings live in
    /// <paramref name="settingsDir"/>, or null when it is not installed (no absolute ClutsDirectory).
    /// </summary>
    public static string? InstalledClutFolder(string settingsDir)
    {
        var options = OptionsPath(settingsDir);
        if (!File.Exists(options)) return null;
        var dir = KeyFile.Load(options).Get(ColorManagementGroup, ClutsDirectoryKey);
        if (string.IsNullOrEmpty(dir) || !Path.IsPathFullyQualified(dir)) return null;
        return Path.Combine(dir, LutBridgeSubfolder);
    }
}
