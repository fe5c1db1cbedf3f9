namespace LutBridge.Cli;

/// <summary>
/// Stage-by-stage progress on stderr for commands that take a second or more: one line,
/// rewritten in place, shown only when stderr is a terminal (logs and pipes stay clean) and
/// cleared when the command ends.
/// </summary>
internal sealed class CliProgress : IDisposable
{
    private readonly string _task;
    private readonly int _steps;
    private readonly bool _show;
    private int _step;

    private CliProgress(string task, int steps, bool show)
    {
        _task = task;
        _steps = steps;
        _show = show;
    }

    public static CliProgress Start(string task, int steps) => new(task, steps, !Console.IsErrorRedirected);

    public void Step(string stage)
    {
        _step++;
        if (_show) Console.Error.Write($"\r\u001b[Klutbridge {_task}: {stage} ({_step}/{_steps})");
    }

    public void Dispose()
    {
        if (_show && _step > 0) Console.Error.Write("\r\u001b[K");
    }
}
