namespace LutBridge.Editors.Raw;

/// <summary>What a raw file says about itself.</summary>
/// <param name="Make">Camera maker as LibRaw reports it.</param>
/// <param name="Model">Camera model.</param>
/// <param name="RawWidth">Sensor data width in pixels.</param>
/// <param name="RawHeight">Sensor data height in pixels.</param>
/// <param name="Flip">LibRaw's flip code: 0 none, 3 rotate 180°, 5 rotate 90° CCW, 6 rotate 90° CW. The decoded image is already rotated.</param>
public sealed record RawMetadata(string Make, string Model, int RawWidth, int RawHeight, int Flip)
{
    /// <summary>The EXIF orientation (1..8) matching <see cref="Flip"/>.</summary>
    public int ExifOrientation => Flip switch { 3 => 3, 5 => 8, 6 => 6, 1 => 2, 2 => 4, 4 => 5, 7 => 7, _ => 1 };
}
