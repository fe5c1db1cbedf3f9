using LutBridge.Editors.RawTherapee;
using LutBridge.Testing;

namespace LutBridge.Editors.Tests.RawTherapee;

/// <summary>
/// Finding the photo behind the TIFF RawTherapee 5.9 hands over: it writes DIR/STEM.tif, or STEM-N.tif when
/// that exists (rtgui/editorpanel.cc); tests/e2e/rawtherapee-gui-rt-edit.sh sees the real GUI do it.
/// </summary>
public class RawTherapeeHandOverTests
{
    private static string Folder(params string[] files)
    {
        var dir = TestEnvironment.NewTempDir("rt-handover");
        foreach (var f in files) File.WriteAllBytes(Path.Combine(dir, f), [0]);
        return dir;
    }

    [Fact]
    public void The_only_photo_with_the_TIFFs_name_is_the_original()
    {
        var dir = Folder("IMG_0042.CR2", "IMG_0042.CR2.pp3", "IMG_0042.tif", "IMG_0043.CR2", "IMG_0042.xmp");
        var found = RawTherapeeHandOver.Find(Path.Combine(dir, "IMG_0042.tif"));
        Assert.Equal(Path.Combine(dir, "IMG_0042.CR2"), found.Original);
    }

    [Fact]
    public void A_numbered_TIFF_comes_from_the_photo_without_the_number_not_from_an_earlier_hand_over()
    {
        // IMG_0042.tif is the first hand-over; RawTherapee then wrote IMG_0042-1.tif.
        var dir = Folder("IMG_0042.NEF", "IMG_0042.tif", "IMG_0042-1.tif");
        Assert.Equal(Path.Combine(dir, "IMG_0042.NEF"), RawTherapeeHandOver.Find(Path.Combine(dir, "IMG_0042-1.tif")).Original);
        // A scanned TIFF edited in RawTherapee: the original is a TIFF itself.
        var scans = Folder("scan.tif", "scan-1.tif");
        Assert.Equal(Path.Combine(scans, "scan.tif"), RawTherapeeHandOver.Find(Path.Combine(scans, "scan-1.tif")).Original);
    }

    [Fact]
    public void Raw_plus_JPEG_leaves_a_choice_the_one_RawTherapee_saved_last_first()
    {
        var dir = Folder("DSC_1.ARW", "DSC_1.JPG", "DSC_1.JPG.pp3", "DSC_1.tif");
        var found = RawTherapeeHandOver.Find(Path.Combine(dir, "DSC_1.tif"));
        Assert.Null(found.Original);
        Assert.Equal([Path.Combine(dir, "DSC_1.JPG"), Path.Combine(dir, "DSC_1.ARW")], found.Originals);
        Assert.Contains("choose", found.Why);
    }

    [Fact]
    public void A_TIFF_in_the_temp_folder_says_why_no_photo_was_found()
    {
        var dir = Folder("IMG_7.tif");
        var found = RawTherapeeHandOver.Find(Path.Combine(dir, "IMG_7.tif"));
        Assert.Empty(found.Originals);
        Assert.Contains("Same as input image", found.Why);
    }
}
