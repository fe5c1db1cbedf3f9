using System.Text.Json;
using LutBridge.Editors.Batch;
using LutBridge.Editors.Batch.Cluster;
using LutBridge.Testing;

namespace LutBridge.Editors.Tests.Batch;

/// <summary>
/// A cluster task reports progress from a timer, without flushing it to the disk: whoever reads the
/// file meanwhile (the follower, batch-status) must still only ever see a whole report, counting up,
/// and the last one must say every image is done.
/// </summary>
public class ClusterTaskProgressTests
{
    [Fact]
    public async Task A_reader_polling_the_progress_file_sees_whole_reports_counting_up_to_the_total()
    {
        var dir = TestEnvironment.NewTempDir("task-progress");
        try
        {
            var inputs = Directory.CreateDirectory(Path.Combine(dir, "in")).FullName;
            var photo = TestEnvironment.RepoFile("samples", "photos", "skimage_rocket.jpg");
            const int images = 60;
            for (int i = 0; i < images; i++) File.Copy(photo, Path.Combine(inputs, $"img{i:D2}.jpg"));
            var request = new BatchRequest
            {
                Source = LookSource.OpenLut(TestEnvironment.RepoFile("samples", "luts", "Colour_Correct.cube")),
                Inputs = BatchPlanner.ExpandInputs([inputs]),
                OutputDir = Path.Combine(dir, "out"),
                Jobs = 2,
            };
            var job = ClusterJob.Create(request, tasks: 1, perTask: null, jobsPerTask: 2);

            var seen = new List<int>();
            using var stop = new CancellationTokenSource();
            var reader = Task.Run(() =>
            {
                // One more read after the task has returned: on a busy machine the reader may only
                // start, or last have read, before the final report was written.
                for (bool last = false; !last;)
                {
                    last = stop.IsCancellationRequested;
                    string text;
                    try { text = File.ReadAllText(job.ProgressPath(0)); }
                    catch (FileNotFoundException) { continue; }
                    using var doc = JsonDocument.Parse(text); // a torn file would throw here
                    Assert.Equal(images, doc.RootElement.GetProperty("total").GetInt32());
                    seen.Add(doc.RootElement.GetProperty("done").GetInt32());
                }
            });
            var summary = job.RunTask(0, CancellationToken.None);
            stop.Cancel();
            await reader;

            Assert.Equal(images, summary.Results.Count(r => r.Outcome == BatchOutcome.Done));
            Assert.Equal(new TaskProgress(images, images), job.ReadProgress(0));
            Assert.NotEmpty(seen);
            Assert.True(seen.Zip(seen.Skip(1)).All(p => p.First <= p.Second), "progress went backwards: " + string.Join(",", seen));
            Assert.Equal(images, seen[^1]);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }
}
