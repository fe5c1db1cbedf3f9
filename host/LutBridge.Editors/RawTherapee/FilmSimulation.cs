using System.Globalization;
using LutBridge.Core;

namespace LutBridge.Editors.RawTherapee;

/// <summary>
/// RawTherapee's Film Simulation tool settings: a HaldCLUT (absolute path) and a strength
/// in percent, as stored in a <c>.pp3</c> profile's <c>[Film Simulation]</c> group.
/// </summary>
public sealed record FilmSimulation
{
    public const string Group = "Film Simulation";

    /// <summary>RawTherapee 5.9's processing-profile version.</summary>
    public const int ProfileVersion = 349;

    public string ClutFilename { get; }

    /// <summary>0..100, as RawTherapee's slider.</summary>
    public int StrengthPercent { get; }

    public FilmSimulation(string clutFilename, double strength)
    {
        if (!Path.IsPathFullyQualified(clutFilename))
            throw new ArgumentException($"CLUT path must be absolute, got '{clutFilename}'", nameof(clutFilename));
        if (!(strength >= 0 && strength <= 1))
            throw new InputException($"strength must be between 0 and 1, got {strength.ToString(CultureInfo.InvariantCulture)}");
        ClutFilename = clutFilename;
        StrengthPercent = (int)Math.Round(strength * 100, MidpointRounding.AwayFromZero);
    }

    /// <summary>Sets Enabled, ClutFilename and Strength; leaves every other line of <paramref name="profile"/> alone.</summary>
    public void MergeInto(KeyFile profile)
    {
        profile.Set(Group, "Enabled", "true");
        profile.Set(Group, "ClutFilename", ClutFilename);
        profile.Set(Group, "Strength", StrengthPercent.ToString(CultureInfo.InvariantCulture));
    }

    /// <summary>A partial profile holding only the version and the Film Simulation group.</summary>
    public KeyFile ToPartialProfile()
    {
        var profile = KeyFile.Empty();
        profile.Set("Version", "AppVersion", "5.9");
        profile.Set("Version", "Version", ProfileVersion.ToString(CultureInfo.InvariantCulture));
        MergeInto(profile);
        return profile;
    }

    /// <summary>RawTherapee's sidecar name for an image: the full file name plus ".pp3" (photo.jpg.pp3).</summary>
    public static string SidecarPathFor(string imagePath) => imagePath + ".pp3";
}
