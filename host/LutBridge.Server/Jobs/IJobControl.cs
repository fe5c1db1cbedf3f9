namespace LutBridge.Server.Jobs;

/// <summary>
/// The jobs of the connection a request came on, as a method sees them: job.cancel is an
/// ordinary method that uses this, so the connection code needs to know no method by name.
/// </summary>
public interface IJobControl
{
    /// <summary>
    /// Cancels a job of this connection (its request msgid): a running job is signalled and
    /// answers "cancelled" when it stops; a queued one is answered "cancelled" right after the
    /// response of the calling request and never runs. True when the job was queued or running.
    /// </summary>
    bool Cancel(long job);
}
