using LutBridge.Core;
using LutBridge.Editors.RawTherapee;

namespace LutBridge.Studio;

/// <summary>
/// The studio started by RawTherapee (`lutbridge rt-edit FILE.tif`): the TIFF it rendered, the photo
/// it came from (or the candidates, when its name leaves a choice), and "done", which puts the Look
/// into RawTherapee and ends the process.
/// </summary>
public sealed class StudioRtEdit(RawTherapeeHandOver handOver, string settingsDir)
{
    private readonly TaskCompletionSource<string> _finished = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public RawTherapeeHandOver HandOver { get; } = handOver;
    public string SettingsDir { get; } = settingsDir;

    /// <summary>Completes with "done" or "cancelled" once the page's answer has been sent.</summary>
    public Task<string> Finished => _finished.Task;

    internal void Finish(string how) => _finished.TrySetResult(how);

    /// <summary>
    /// The photo the page names: one of the candidates; when there were none, any photo file on this
    /// machine the user typed (absolute path, a photo RawTherapee opens).
    /// </summary>
    public string ChooseOriginal(string? named)
    {
        if (string.IsNullOrWhiteSpace(named))
            return HandOver.Original ?? throw new InputException(HandOver.Why);
        if (HandOver.Originals.Contains(named)) return named;
        if (HandOver.Originals.Count > 0)
            throw new InputException($"{named} is not one of the photos beside {HandOver.Tiff}: {string.Join(", ", HandOver.Originals)}");
        if (!Path.IsPathFullyQualified(named)) throw new InputException($"{named}: give the photo's full path (starting with /)");
        if (!File.Exists(named)) throw new InputException($"{named}: no such file");
        if (!RawTherapeeHandOver.PhotoExtensions.Contains(Path.GetExtension(named)))
            throw new InputException($"{named}: not a photo RawTherapee opens ({string.Join(" ", RawTherapeeHandOver.PhotoExtensions.Order())})");
        return Path.GetFullPath(named);
    }
}
