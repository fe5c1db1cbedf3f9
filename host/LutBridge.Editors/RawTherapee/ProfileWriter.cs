using LutBridge.Core.IO;

namespace LutBridge.Editors.RawTherapee;

/// <summary>Writes Film Simulation settings as a partial .pp3, or merges them into an image's sidecar.</summary>
public static class ProfileWriter
{
    /// <summary>A partial profile: RawTherapee applies only the keys it holds (Processing profile → "partial" paste, or rawtherapee-cli -p).</summary>
    public static void WritePartial(string pp3Path, FilmSimulation film) =>
        AtomicFile.WriteAllText(pp3Path, film.ToPartialProfile().ToString());

    /// <summary>
    /// Sets the Film Simulation keys in <c>&lt;image&gt;.pp3</c>, keeping every other line. Returns the
    /// sidecar path and whether it had to be created (then it holds only our keys, and RawTherapee
    /// uses neutral values for every other tool).
    /// </summary>
    public static (string Sidecar, bool Created) MergeSidecar(string imagePath, FilmSimulation film)
    {
        if (!File.Exists(imagePath)) throw new Core.InputException($"{imagePath}: no such image");
        var sidecar = FilmSimulation.SidecarPathFor(imagePath);
        bool created = !File.Exists(sidecar);
        var profile = created ? film.ToPartialProfile() : KeyFile.Load(sidecar);
        film.MergeInto(profile);
        AtomicFile.WriteAllText(sidecar, profile.ToString());
        return (sidecar, created);
    }
}
