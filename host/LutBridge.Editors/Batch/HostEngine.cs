using System.Diagnostics;
using LutBridge.Core.Apply;
using LutBridge.Core.Imaging;
using LutBridge.Editors.Raw;

namespace LutBridge.Editors.Batch;

/// <summary>
/// LutBridge renders the batch itself. Each of <c>jobs</c> workers takes the next image through
/// decode → apply → encode, so at any moment different images are in different stages and every
/// core is busy (decoding and encoding are single-threaded in libjpeg-turbo/libpng; one image at a
/// time would leave the other cores idle for most of the time). JPEG and 8-bit images stay 8 bit
/// and run the integer tetrahedral kernel in place; 16-bit images (raw via LibRaw, 16-bit PNG/TIFF)
/// going to JPEG are reduced to 8 bit first, since JPEG cannot hold more.
/// </summary>
public sealed class HostEngine : IBatchEngine
{
    private readonly LutApplier _applier;
    private readonly int _jobs;
    private readonly ImageWriteOptions _write;
    private readonly string _format;
    private readonly PixelBuffers _buffers;

    public string Name => "host";

    public HostEngine(LookSource source, int jobs, string format, int quality)
    {
        _jobs = jobs;
        _format = format;
        _write = new ImageWriteOptions { JpegQuality = quality };
        // One pixel array and one file buffer per worker, plus one for the image being handed over.
        _buffers = new PixelBuffers(jobs + 1);
        // Images already run in parallel; the kernel splits one image only when there are spare cores.
        _applier = new LutApplier(source.HostLattice()) { MaxThreads = Math.Max(1, Environment.ProcessorCount / jobs) };
    }

    public void Run(IReadOnlyList<BatchItem> items, Action<BatchItemResult> finished, CancellationToken cancel)
    {
        var options = new ParallelOptions { MaxDegreeOfParallelism = _jobs, CancellationToken = cancel };
        // Items handed out one at a time in order, so a slow image never holds back a pre-split range.
        var partitioner = System.Collections.Concurrent.Partitioner.Create(items.ToList(), loadBalance: true);
        Parallel.ForEach(partitioner, options, item => finished(Render(item)));
    }

    private BatchItemResult Render(BatchItem item)
    {
        var clock = Stopwatch.StartNew();
        try
        {
            // Photos keep their metadata (EXIF, XMP, ICC; see ImageMetadata); raw files' go through LibRaw only.
            var (read, metadata) = RawDecoder.IsRawPath(item.Input)
                ? (RawDecoder.Decode(item.Input), ImageMetadata.None)
                : ImageFile.ReadWithMetadata(item.Input, _buffers);
            var image = _format == "jpg" && read.Type != SampleType.UInt8 ? ImageConvert.ToType(read, SampleType.UInt8) : read;
            _applier.Apply(image);
            ImageFile.Write(item.Output, image, _write with { Metadata = metadata });
            _buffers.Return(read);
            return new BatchItemResult(item, BatchOutcome.Done, clock.Elapsed.TotalSeconds);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            return new BatchItemResult(item, BatchOutcome.Failed, clock.Elapsed.TotalSeconds, e.Message);
        }
    }

    public void Dispose() { }
}
