using Microsoft.Extensions.Logging;

namespace FaustGen.Scheduling;

/// <summary>Runs an app's timers and startup tasks while it runs. A callback that throws is logged and runs again at its
/// next tick; stopping cancels them all.</summary>
internal sealed partial class Scheduler(App app)
{
    private readonly List<ScheduledWork> timers = [];
    private readonly List<ScheduledWork> startupTasks = [];
    private readonly List<Task> running = [];

    public void AddTimer(ScheduledWork timer) => timers.Add(timer);

    public void AddStartupTask(ScheduledWork task) => startupTasks.Add(task);

    /// <summary>Starts every timer and startup task; <paramref name="stop"/> ends them.</summary>
    public void Start(CancellationToken stop)
    {
        running.AddRange(timers.Select(t => RunTimerAsync(t, stop)));
        running.AddRange(startupTasks.Select(t => RunStartupTaskAsync(t, stop)));
    }

    /// <summary>Completes once every timer and task has ended (after the stop token was cancelled).</summary>
    public Task WhenStopped() => Task.WhenAll(running);

    private async Task RunTimerAsync(ScheduledWork timer, CancellationToken stop)
    {
        using var ticks = new PeriodicTimer(timer.Interval);
        try
        {
            while (await ticks.WaitForNextTickAsync(stop).ConfigureAwait(false))
            {
                if (!timer.OnLeader || app.IsLeader)
                {
                    await RunGuardedAsync(timer, stop).ConfigureAwait(false);
                }
            }
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            // Stopping.
        }
    }

    private async Task RunStartupTaskAsync(ScheduledWork task, CancellationToken stop)
    {
        try
        {
            await Task.Yield();
            if (task.OnLeader)
            {
                await app.FirstAssignment.WaitAsync(stop).ConfigureAwait(false);
                if (!app.IsLeader)
                {
                    return;
                }
            }

            await RunGuardedAsync(task, stop).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            // Stopping.
        }
    }

    private async Task RunGuardedAsync(ScheduledWork work, CancellationToken stop)
    {
        try
        {
            await work.Callback(stop).ConfigureAwait(false);
        }
        catch (Exception ex) when (!(ex is OperationCanceledException && stop.IsCancellationRequested))
        {
            LogWorkFailed(app.Logger, ex, work.Name, app.Settings.Id);
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "{Work} of app {App} failed")]
    private static partial void LogWorkFailed(ILogger logger, Exception error, string work, string app);
}
