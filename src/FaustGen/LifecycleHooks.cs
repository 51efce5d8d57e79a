using System.Threading.Channels;
using Microsoft.Extensions.Logging;

namespace FaustGen;

/// <summary>
/// The app's lifecycle hooks (Faust's signals): on started, on stopping, on partitions assigned, on partitions revoked, on
/// recovery complete. They run one at a time, in the order their events happened, on a task of their own: the poll loop
/// only queues them, so a slow hook never delays polling (nor gets the worker evicted from its group). On stopping is
/// awaited by the stop, within the shutdown timeout, before anything stops.
/// </summary>
internal sealed partial class LifecycleHooks
{
    private readonly List<Func<CancellationToken, ValueTask>> started = [];
    private readonly List<Func<CancellationToken, ValueTask>> stopping = [];
    private readonly List<Func<CancellationToken, ValueTask>> recoveryComplete = [];
    private readonly List<Func<IReadOnlyCollection<TopicPartition>, CancellationToken, ValueTask>> assigned = [];
    private readonly List<Func<IReadOnlyCollection<TopicPartition>, CancellationToken, ValueTask>> revoked = [];
    private readonly Channel<(string Hook, Func<CancellationToken, ValueTask> Run)> queue =
        Channel.CreateUnbounded<(string, Func<CancellationToken, ValueTask>)>(new UnboundedChannelOptions { SingleReader = true });
    private Task? running;
    private ILogger logger = Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance;
    private CancellationToken stopToken;

    public void AddStarted(Func<CancellationToken, ValueTask> hook) => started.Add(hook);

    public void AddStopping(Func<CancellationToken, ValueTask> hook) => stopping.Add(hook);

    public void AddRecoveryComplete(Func<CancellationToken, ValueTask> hook) => recoveryComplete.Add(hook);

    public void AddAssigned(Func<IReadOnlyCollection<TopicPartition>, CancellationToken, ValueTask> hook) => assigned.Add(hook);

    public void AddRevoked(Func<IReadOnlyCollection<TopicPartition>, CancellationToken, ValueTask> hook) => revoked.Add(hook);

    /// <summary>Starts running queued hooks (at start, before anything can fire one).</summary>
    public void Start(ILogger appLogger, CancellationToken appStopping)
    {
        logger = appLogger;
        stopToken = appStopping;
        running = Task.Run(RunAsync);
    }

    public void Started() => Queue("OnStarted", started);

    public void RecoveryComplete() => Queue("OnRecoveryComplete", recoveryComplete);

    public void Assigned(IReadOnlyCollection<TopicPartition> partitions) => Queue("OnPartitionsAssigned", assigned, partitions);

    public void Revoked(IReadOnlyCollection<TopicPartition> partitions) => Queue("OnPartitionsRevoked", revoked, partitions);

    /// <summary>Runs the stopping hooks after those queued before them; completes when they are done or
    /// <paramref name="timeout"/> passed.</summary>
    public async Task StoppingAsync(TimeSpan timeout)
    {
        if (running is null || stopping.Count == 0)
        {
            return;
        }

        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        Queue("OnStopping", stopping);
        queue.Writer.TryWrite(("OnStopping", _ =>
        {
            done.TrySetResult();
            return default;
        }));
        await Task.WhenAny(done.Task, Task.Delay(timeout)).ConfigureAwait(false);
    }

    /// <summary>Runs what is still queued (the revocations of the final close), within <paramref name="timeout"/>, and stops.</summary>
    public async Task StopAsync(TimeSpan timeout)
    {
        queue.Writer.TryComplete();
        if (running is not null)
        {
            await Task.WhenAny(running, Task.Delay(timeout)).ConfigureAwait(false);
        }
    }

    private void Queue(string hook, List<Func<CancellationToken, ValueTask>> hooks)
    {
        foreach (var run in hooks)
        {
            queue.Writer.TryWrite((hook, run));
        }
    }

    private void Queue(string hook, List<Func<IReadOnlyCollection<TopicPartition>, CancellationToken, ValueTask>> hooks, IReadOnlyCollection<TopicPartition> partitions)
    {
        foreach (var run in hooks)
        {
            queue.Writer.TryWrite((hook, token => run(partitions, token)));
        }
    }

    private async Task RunAsync()
    {
        await foreach (var (hook, run) in queue.Reader.ReadAllAsync().ConfigureAwait(false))
        {
            try
            {
                await run(stopToken).ConfigureAwait(false);
            }
            catch (Exception ex)
            {
                LogHookFailed(logger, ex, hook);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Lifecycle hook {Hook} failed; the app goes on")]
    private static partial void LogHookFailed(ILogger logger, Exception error, string hook);
}
