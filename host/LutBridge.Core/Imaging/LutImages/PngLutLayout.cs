namespace LutBridge.Core.Imaging.LutImages;

/// <summary>How a LUT is laid out in a PNG.</summary>
public enum PngLutLayout
{
    /// <summary>
    /// Decide from the image: a 512×512 image fits both a level-8 HaldCLUT and a GPUImage
    /// lookup, so both readings are made and the one nearer the identity is taken (a wrong
    /// reading scrambles green and blue and lands far from it); other sizes must be Hald.
    /// </summary>
    Auto,
    HaldClut,
    GpuImage,
}
