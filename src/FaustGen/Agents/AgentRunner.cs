using FaustGen.Codecs;
using FaustGen.Processing;
using FaustGen.Transport;
using FaustGen.Validation;
using Microsoft.Extensions.Logging;

namespace FaustGen;

/// <summary>
/// An agent at run time: the topic it consumes, its inbox, and its actors (one per unit of concurrency).
/// The three agent shapes differ only in what an actor does with the events it reads.
/// </summary>
internal abstract partial class AgentRunner
{
    private readonly List<Task> actors = [];
    private readonly List<Task> helpers = [];
    private readonly Dictionary<string, Inbox> derivedInboxes = new(StringComparer.Ordinal);
    private readonly List<EventContext> contexts = [];
    private CancellationTokenSource? stopping;
    private long failed;
    private volatile Exception? lastError;
    private volatile bool crashed;

    protected AgentRunner(App app, string name, ITopic topic, AgentOptions options)
    {
        App = app;
        Name = name;
        Topic = topic;
        Options = options;
        Inbox = new Inbox(singleReader: options.Concurrency == 1);
    }

    public App App { get; }

    public string Name { get; }

    public ITopic Topic { get; }

    public AgentOptions Options { get; }

    public Inbox Inbox { get; }

    /// <summary>Events processed (acknowledged after success).</summary>
    public long Processed
    {
        get
        {
            lock (contexts)
            {
                return contexts.Sum(c => c.Processed);
            }
        }
    }

    /// <summary>Events its actors are processing now.</summary>
    public int InFlight
    {
        get
        {
            lock (contexts)
            {
                return contexts.Count(c => c.HasEvent);
            }
        }
    }

    /// <summary>Events whose processing failed.</summary>
    public long Failed => Interlocked.Read(ref failed);

    /// <summary>The last error, or null.</summary>
    public Exception? LastError => lastError;

    /// <summary>Whether the agent stopped because of an error (policy <see cref="AgentErrorPolicy.Stop"/>).</summary>
    public bool Crashed => crashed;

    protected ILogger Logger => App.Logger;

    /// <summary>Starts the actors.</summary>
    public void Start(CancellationToken appStopping)
    {
        stopping = CancellationTokenSource.CreateLinkedTokenSource(appStopping);
        var token = stopping.Token;
        for (var i = 0; i < Options.Concurrency; i++)
        {
            var actor = new Actor(this);
            actors.Add(Task.Run(() => RunActorGuardedAsync(actor, token)));
        }
    }

    /// <summary>The inbox of the stream this agent derives into <paramref name="topic"/>, subscribed on first use.</summary>
    public Inbox DerivedInbox(string topic)
    {
        lock (derivedInboxes)
        {
            if (!derivedInboxes.TryGetValue(topic, out var inbox))
            {
                inbox = new Inbox(singleReader: Options.Concurrency == 1);
                derivedInboxes.Add(topic, inbox);
                App.Subscribe(topic, inbox);
            }

            return inbox;
        }
    }

    /// <summary>Runs <paramref name="work"/> beside the actors (a forwarder of a derived stream) until the agent stops.</summary>
    public void RunBeside(Func<Task> work)
    {
        lock (helpers)
        {
            helpers.Add(Task.Run(work));
        }
    }

    /// <summary>Stops the actors, waiting at most <paramref name="timeout"/> for events in flight.</summary>
    public async Task StopAsync(TimeSpan timeout)
    {
        if (stopping is null)
        {
            return;
        }

        await stopping.CancelAsync().ConfigureAwait(false);
        Task[] running;
        lock (helpers)
        {
            running = [.. actors, .. helpers];
        }

        var all = Task.WhenAll(running);
        if (await Task.WhenAny(all, Task.Delay(timeout)).ConfigureAwait(false) != all)
        {
            LogStopTimedOut(Logger, Name, timeout.TotalSeconds);
        }

        Inbox.Complete();
        lock (derivedInboxes)
        {
            foreach (var inbox in derivedInboxes.Values)
            {
                inbox.Complete();
            }
        }
    }

    /// <summary>Processes events until the inbox completes or <paramref name="stop"/> is cancelled.</summary>
    protected abstract Task RunActorAsync(Actor actor, CancellationToken stop);

    /// <summary>Counts the events <paramref name="context"/> processes into <see cref="Processed"/>.</summary>
    internal void Track(EventContext context)
    {
        lock (contexts)
        {
            contexts.Add(context);
        }
    }

    /// <summary>
    /// Applies the error policy to the event <paramref name="record"/>; returns whether the actor goes on.
    /// </summary>
    internal async ValueTask<bool> OnErrorAsync(Exception error, EventContext context, ConsumedRecord record, EventHandle handle)
    {
        Interlocked.Increment(ref failed);
        lastError = error;
        context.Discard(handle);
        switch (Options.OnError)
        {
            case AgentErrorPolicy.Skip:
                LogSkipped(Logger, error, Name, record.Topic, record.Partition, record.Offset, error.Message);
                handle.Ack();
                return true;

            case AgentErrorPolicy.DeadLetter:
                var topic = Options.DeadLetterTopic ?? Names.DeadLetterTopic(App.Settings.Id, Name);
                try
                {
                    await App.Sender.SendAsync(DeadLetter(topic, record, error), CancellationToken.None).ConfigureAwait(false);
                }
                catch (Exception sendError)
                {
                    LogDeadLetterFailed(Logger, sendError, Name, record.Topic, record.Partition, record.Offset, topic);
                    Crash(error);
                    return false;
                }

                LogDeadLettered(Logger, error, Name, record.Topic, record.Partition, record.Offset, topic, error.Message);
                handle.Ack();
                return true;

            default:
                LogStopped(Logger, error, Name, record.Topic, record.Partition, record.Offset, error.Message);
                Crash(error);
                return false;
        }
    }

    /// <summary>Decodes <paramref name="record"/>'s key with <paramref name="codec"/>, naming where it came from on failure.</summary>
    internal static T DecodePart<T>(ICodec<T> codec, in ConsumedRecord record, byte[]? payload, string part)
    {
        try
        {
            return Payload.Decode(codec, payload);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            throw new DeserializationException(codec.Name, typeof(T), part, new TopicPartitionOffset(record.Topic, record.Partition, record.Offset), ex);
        }
    }

    private static OutgoingMessage DeadLetter(string topic, in ConsumedRecord record, Exception error)
    {
        var headers = new MessageHeaders();
        if (record.Headers is { } original)
        {
            foreach (var header in original)
            {
                headers.Add(header.Key, header.Value);
            }
        }

        headers.Add("faustgen.error.type", error.GetType().FullName ?? error.GetType().Name)
            .Add("faustgen.error.message", error.Message)
            .Add("faustgen.source.topic", record.Topic)
            .Add("faustgen.source.partition", record.Partition.ToString(System.Globalization.CultureInfo.InvariantCulture))
            .Add("faustgen.source.offset", record.Offset.ToString(System.Globalization.CultureInfo.InvariantCulture));
        return new OutgoingMessage(topic, null, record.Key, record.Value, headers, record.Timestamp);
    }

    internal void Crash(Exception error)
    {
        lastError = error;
        crashed = true;
        stopping?.Cancel();
        App.OnAgentStopped(Name, error);
    }

    private async Task RunActorGuardedAsync(Actor actor, CancellationToken stop)
    {
        actor.Context.Enter();
        try
        {
            await RunActorAsync(actor, stop).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            // Stopping: the event in hand is not acknowledged and will be processed again.
        }
        catch (Exception ex)
        {
            // The runners apply the error policy to everything an agent throws; this is a bug in FaustGen.
            LogActorFailed(Logger, ex, Name);
            Crash(ex);
        }
        finally
        {
            actor.Close();
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Agent {Agent} failed on {Topic}[{Partition}]@{Offset} and skipped the event: {Reason}")]
    private static partial void LogSkipped(ILogger logger, Exception error, string agent, string topic, int partition, long offset, string reason);

    [LoggerMessage(Level = LogLevel.Error, Message = "Agent {Agent} failed on {Topic}[{Partition}]@{Offset}; the event went to dead-letter topic {DeadLetterTopic}: {Reason}")]
    private static partial void LogDeadLettered(ILogger logger, Exception error, string agent, string topic, int partition, long offset, string deadLetterTopic, string reason);

    [LoggerMessage(Level = LogLevel.Critical, Message = "Agent {Agent} could not dead-letter {Topic}[{Partition}]@{Offset} to {DeadLetterTopic} and stops; the event is not acknowledged")]
    private static partial void LogDeadLetterFailed(ILogger logger, Exception error, string agent, string topic, int partition, long offset, string deadLetterTopic);

    [LoggerMessage(Level = LogLevel.Critical, Message = "Agent {Agent} failed on {Topic}[{Partition}]@{Offset} and stops (policy Stop); the event is not acknowledged: {Reason}")]
    private static partial void LogStopped(ILogger logger, Exception error, string agent, string topic, int partition, long offset, string reason);

    [LoggerMessage(Level = LogLevel.Critical, Message = "Agent {Agent} stopped on an internal error")]
    private static partial void LogActorFailed(ILogger logger, Exception error, string agent);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Agent {Agent} did not finish its events in flight within {Seconds} s; they are not acknowledged and will be processed again")]
    private static partial void LogStopTimedOut(ILogger logger, string agent, double seconds);
}
