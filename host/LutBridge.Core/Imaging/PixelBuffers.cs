using System.Collections.Concurrent;

namespace LutBridge.Core.Imaging;

/// <summary>
/// Pixel arrays and file buffers kept between the images of a batch. A 12 MP photo needs a 36 MB
/// pixel array and a few MB for its file; allocated fresh for every image, the runtime keeps
/// handing that memory back to the kernel and taking it again, and the page faults that costs
/// were most of a batch's system time (docs/scale.md). Images of one shoot share their size, so
/// an array that fits is almost always waiting. Holds at most <c>capacity</c> arrays of each kind.
/// </summary>
public sealed class PixelBuffers(int capacity)
{
    private readonly ConcurrentQueue<byte[]> _pixels = new();
    private readonly ConcurrentQueue<byte[]> _files = new();

    /// <summary>An image of exactly this size, on a kept array when one fits (its samples are not cleared).</summary>
    public RgbImage Image(int width, int height, SampleType type)
    {
        long length = (long)width * height * 3 * RgbImage.BytesPerSample(type);
        for (int tries = _pixels.Count; tries > 0 && _pixels.TryDequeue(out var kept); tries--)
        {
            if (kept.Length == length) return new RgbImage(width, height, type, kept);
            _pixels.Enqueue(kept);
        }
        return new RgbImage(width, height, type);
    }

    /// <summary>A buffer of at least <paramref name="length"/> bytes for a file's contents.</summary>
    public byte[] File(long length)
    {
        for (int tries = _files.Count; tries > 0 && _files.TryDequeue(out var kept); tries--)
        {
            if (kept.Length >= length) return kept;
            _files.Enqueue(kept);
        }
        return GC.AllocateUninitializedArray<byte>(checked((int)length));
    }

    /// <summary>Gives an image's array back; the image must not be used afterwards.</summary>
    public void Return(RgbImage image) => Keep(_pixels, image.Data);

    public void ReturnFile(byte[] buffer) => Keep(_files, buffer);

    private void Keep(ConcurrentQueue<byte[]> queue, byte[] array)
    {
        // The newest array is the likeliest to fit the next image; the oldest is dropped.
        queue.Enqueue(array);
        while (queue.Count > capacity && queue.TryDequeue(out _)) { }
    }
}
