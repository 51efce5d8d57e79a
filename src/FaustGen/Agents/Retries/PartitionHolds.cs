using FaustGen.Processing;
using FaustGen.Transport;
using Polly;
using Polly.Retry;

namespace FaustGen;

/// <summary>
/// The partitions one agent holds back while an event of theirs waits: for its next attempt in place, or, read from a retry
/// topic, until it is due. A held partition is paused (the poll loop goes on polling the others), its later events that had
/// already reached the agent are parked here in order, and nothing of it is acknowledged past the held event, so offsets
/// are not committed past it. When the held event is settled its parked events go first, then the partition resumes.
/// </summary>
/// <remarks>The agent's actors read from here before their inbox (<see cref="InboxCursor"/>); an agent with no hold and no
/// retry topic costs one field read per event.</remarks>
internal sealed class PartitionHolds
{
    private readonly Lock gate = new();
    private readonly AgentRunner agent;
    private readonly Dictionary<AssignedPartition, PartitionHold> holds = [];
    private readonly List<HeldEvent> ready = [];
    private readonly ResiliencePipeline<bool>? pipeline;
    private string[] retryTopics = [];
    private TaskCompletionSource pulse = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private volatile int active;

    public PartitionHolds(AgentRunner agent)
    {
        this.agent = agent;
        Retry = agent.Options.Retry ?? agent.App.DefaultRetry ?? new RetryOptions();
        if (Retry.MaxAttempts > 1)
        {
            pipeline = new ResiliencePipelineBuilder<bool>()
                .AddRetry(new RetryStrategyOptions<bool>
                {
                    MaxRetryAttempts = Retry.MaxAttempts - 1,
                    Delay = Retry.Delay,
                    MaxDelay = Retry.MaxDelay,
                    BackoffType = Retry.Backoff switch
                    {
                        RetryBackoff.Constant => DelayBackoffType.Constant,
                        RetryBackoff.Linear => DelayBackoffType.Linear,
                        _ => DelayBackoffType.Exponential,
                    },
                    UseJitter = Retry.Jitter,
                    // Which errors are retried is decided before (RetryMiddleware, handlers): every failure reported here is.
                    ShouldHandle = static args => new ValueTask<bool>(args.Outcome.Exception is not null and not OperationCanceledException),
                })
                .Build();
        }
    }

    /// <summary>The agent's retry settings (its own, else the app's, else the defaults).</summary>
    public RetryOptions Retry { get; }

    /// <summary>Whether records need a look: a partition is held, an event waits for an actor, or records may come from a retry topic.</summary>
    public bool Watching => active != 0 || retryTopics.Length != 0;

    /// <summary>Signalled when events are ready for the actors; take the task before looking with <see cref="TryTake"/>.</summary>
    public Task Pulse => Volatile.Read(ref pulse).Task;

    /// <summary>The agent also reads its retry topics (at start).</summary>
    public void WatchRetryTopics(string[] topics) => retryTopics = topics;

    /// <summary>
    /// Takes <paramref name="record"/> in when it must wait: its partition is held (it is parked behind the held event), or it
    /// comes from a retry topic and is not due yet (its partition is held until then). False when an actor processes it now.
    /// </summary>
    public bool TryHold(AssignedPartition partition, in ConsumedRecord record, EventHandle handle)
    {
        if (active != 0)
        {
            lock (gate)
            {
                if (holds.TryGetValue(partition, out var hold))
                {
                    hold.Parked.Enqueue((record, handle));
                    partition.AddWaiting(1);
                    return true;
                }
            }
        }

        if (retryTopics.Length == 0 || Array.IndexOf(retryTopics, record.Topic) < 0 ||
            RetryHeaders.DueAt(record.Headers) is not { } due || due <= DateTimeOffset.UtcNow)
        {
            return false;
        }

        var run = (DueRun)Open(partition, hold => new DueRun(this, hold)).Run!;
        var copy = record;
        _ = RunAsync(partition, token => run.RunAsync(copy, handle, due - DateTimeOffset.UtcNow, token));
        return true;
    }

    /// <summary>Retries in place <paramref name="record"/>, which just failed its first attempt: its partition is held while
    /// Polly waits. False when the agent makes no attempt in place past the first (retries then go to topics at once).</summary>
    public bool StartRetry(AssignedPartition partition, in ConsumedRecord record, EventHandle handle, Exception error)
    {
        if (pipeline is null)
        {
            return false;
        }

        var copy = record;
        var run = (RetryRun)Open(partition, hold => new RetryRun(this, hold, copy, handle, error, Retry.MaxAttempts)).Run!;
        _ = RunAsync(partition, token => run.RunAsync(pipeline, token));
        return true;
    }

    /// <summary>Takes the next event ready for an actor; false when there is none, or when an exactly-once commit is being
    /// made (no event may start until it is, see <see cref="Assignment.Drain"/>).</summary>
    public bool TryTake(out HeldEvent held)
    {
        lock (gate)
        {
            if (ready.Count > 0)
            {
                held = ready[0];
                if (held.Partition.TakeWaiting(agent.App))
                {
                    ready.RemoveAt(0);
                    active--;
                    return true;
                }
            }
        }

        held = default;
        return false;
    }

    /// <summary>Hands <paramref name="held"/> to the actors.</summary>
    public void MakeReady(HeldEvent held)
    {
        lock (gate)
        {
            ready.Add(held);
            active++;
        }

        Wake();
    }

    /// <summary>The held event is settled: the partition's parked events go to the actors, and the partition resumes.</summary>
    public void Release(PartitionHold hold)
    {
        lock (gate)
        {
            if (!holds.Remove(hold.Partition))
            {
                return;
            }

            active--;
            foreach (var (record, handle) in hold.Parked)
            {
                ready.Add(new HeldEvent(hold.Partition, record, handle, Attempt: 1, GivenUp: false));
                active++;
            }

            hold.Parked.Clear();
        }

        agent.App.ResumeHeld(hold.Partition);
        Wake();
    }

    /// <summary>The wait was cancelled (the partition was revoked, or the agent stops): nothing held is acknowledged, so the
    /// partition's next owner processes it all again.</summary>
    public void Abandon(PartitionHold hold)
    {
        lock (gate)
        {
            if (!holds.Remove(hold.Partition))
            {
                return;
            }

            active--;
            hold.Partition.AddWaiting(-hold.Parked.Count - 1);
            hold.Parked.Clear();
        }

        agent.App.ResumeHeld(hold.Partition);
    }

    /// <summary>Wakes actors waiting for events (an exactly-once commit that kept them from taking any is done).</summary>
    public void Wake()
    {
        var signalled = Interlocked.Exchange(ref pulse, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
        signalled.TrySetResult();
    }

    /// <summary>Holds <paramref name="partition"/> for the run <paramref name="create"/> makes; events of it that were ready
    /// for the actors and not taken yet are parked again behind the new hold, so the partition keeps its order.</summary>
    private PartitionHold Open(AssignedPartition partition, Func<PartitionHold, HoldRun> create)
    {
        bool opened;
        PartitionHold hold;
        lock (gate)
        {
            opened = !holds.TryGetValue(partition, out hold!);
            if (opened)
            {
                hold = new PartitionHold(partition);
                holds.Add(partition, hold);
                active++;
                for (var i = 0; i < ready.Count; i++)
                {
                    if (ready[i].Partition == partition && !ready[i].GivenUp && ready[i].Handle.Hold is null)
                    {
                        hold.Parked.Enqueue((ready[i].Record, ready[i].Handle));
                        ready.RemoveAt(i--);
                        active--;
                    }
                }
            }

            hold.Run = create(hold);
            partition.AddWaiting(1);
        }

        if (opened)
        {
            agent.App.HoldPaused(partition);
        }

        return hold;
    }

    /// <summary>Runs a hold's wait, cancelled when the partition is revoked or the agent stops.</summary>
    private async Task RunAsync(AssignedPartition partition, Func<CancellationToken, Task> wait)
    {
        using var cancellation = CancellationTokenSource.CreateLinkedTokenSource(agent.Stopping, partition.Released);
        await wait(cancellation.Token).ConfigureAwait(false);
    }
}
