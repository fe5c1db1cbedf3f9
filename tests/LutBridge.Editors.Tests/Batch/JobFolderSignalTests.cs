using LutBridge.Core.IO;
using LutBridge.Editors.Batch.Cluster;

namespace LutBridge.Editors.Tests.Batch;

/// <summary>The follower's wake-up: a task file replaced atomically wakes it; nothing else does.</summary>
public class JobFolderSignalTests
{
    [Fact]
    public void A_task_file_written_atomically_wakes_the_follower_and_other_files_do_not()
    {
        var dir = Directory.CreateTempSubdirectory("lutbridge-signal-").FullName;
        try
        {
            using var signal = new JobFolderSignal(dir);
            Assert.False(signal.Wait(TimeSpan.FromMilliseconds(200))); // nothing written: the timeout
            File.WriteAllText(Path.Combine(dir, "job.json"), "{}");     // not a task file
            Assert.False(signal.Wait(TimeSpan.FromMilliseconds(300)));
            AtomicFile.WriteAllText(Path.Combine(dir, "task-0.summary.json"), "{}");
            Assert.True(signal.Wait(TimeSpan.FromSeconds(10)));
            // Progress is written without a flush to the disk (it is a report, not state): it wakes the follower all the same.
            AtomicFile.WriteAllText(Path.Combine(dir, "task-0.progress.json"), "{\"done\": 1, \"total\": 2}", durable: false);
            Assert.True(signal.Wait(TimeSpan.FromSeconds(10)));
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }
}
