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
    private readonly Action<Exception> onMiddlewareFault;
    private CancellationTokenSource? stopping;
    private MiddlewarePipeline? pipeline;
    private PartitionHolds? holds;
    private long failed;
    private volatile Exception? lastError;
    private volatile bool crashed;

    protected AgentRunner(App app, string name, ITopic topic, AgentOptions options)
    {
        onMiddlewareFault = error => LogMiddlewareFailed(Logger, error, name);
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

    /// <summary>The agent's middlewares, built-in ones included (once started).</summary>
    public MiddlewarePipeline Pipeline => pipeline ?? throw new InvalidOperationException($"Agent '{Name}' has not started.");

    /// <summary>The partitions the agent holds back for retries (once started).</summary>
    public PartitionHolds Holds => holds ?? throw new InvalidOperationException($"Agent '{Name}' has not started.");

    /// <summary>The agent's retry topics, <c>{app-id}-{agent}-retry-{n}</c> (known at start).</summary>
    public string[] RetryTopics { get; private set; } = [];

    /// <summary>Cancelled when the agent stops.</summary>
    public CancellationToken Stopping => stopping?.Token ?? CancellationToken.None;

    protected ILogger Logger => App.Logger;

    /// <summary>Builds the agent's middlewares and retry holds, and declares its retry topics (at start, before the topics
    /// are created: its settings and the app's middlewares are all known then).</summary>
    public void Prepare()
    {
        holds = new PartitionHolds(this);
        holds.Retry.Validate(Name);

        // A channel's events never reach the broker, so they are not retried through topics either.
        var levels = Topic is IChannel ? 0 : holds.Retry.Topics;
        RetryTopics = [.. Enumerable.Range(1, levels).Select(level => Validation.RetryRules.RetryTopic(App.Settings.Id, Name, level))];
        foreach (var retryTopic in RetryTopics)
        {
            DeclareRetryTopic(retryTopic);
        }

        holds.WatchRetryTopics(RetryTopics);
        var retries = Options.Retry ?? App.DefaultRetry;
        pipeline = new MiddlewarePipeline([
            new TracingMiddleware(App.Settings.Id),
            new MetricsMiddleware(App, Name, App.Settings.RecordEventDurations),
            new ErrorPolicyMiddleware(Options.OnError),
            .. retries is null ? Array.Empty<AgentMiddleware>() : [new RetryMiddleware(retries)],
            new ErrorHandlerMiddleware(Options.OnProcessingError ?? App.ProcessingErrorHandler, Options.OnDeserializationError ?? App.DeserializationErrorHandler),
            .. App.Middlewares,
            .. Options.Middlewares]);
    }

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

    /// <summary>Declares the internal topic <paramref name="name"/> with the source topic's types and codecs.</summary>
    protected abstract void DeclareRetryTopic(string name);

    /// <summary>Declares a retry topic of <paramref name="source"/>: internal, with the app's partition count, its codecs.</summary>
    protected void DeclareRetryTopic<TKey, TValue>(string name, Topic<TKey, TValue> source) =>
        App.DeclareTopic<TKey, TValue>(name, new TopicOptions
        {
            Partitions = App.PartitionCount,
            KeySerializer = source.Options.KeySerializer,
            ValueSerializer = source.Options.ValueSerializer,
            Internal = true,
        });

    /// <summary>Tells the middlewares how the attempt of <paramref name="context"/> ended.</summary>
    internal void Complete(EventContext context, EventOutcome outcome) => Pipeline.Complete(context.Event, outcome, onMiddlewareFault);

    /// <summary>Counts the events <paramref name="context"/> processes into <see cref="Processed"/>.</summary>
    internal void Track(EventContext context)
    {
        lock (contexts)
        {
            contexts.Add(context);
        }
    }

    /// <summary>Stops the agent on <paramref name="error"/>; the app fails too when <paramref name="failApp"/>, or when its
    /// settings say a stopped agent fails it.</summary>
    internal void Crash(Exception error, bool failApp = false)
    {
        lastError = error;
        crashed = true;
        stopping?.Cancel();
        App.OnAgentStopped(Name, error, failApp);
    }

    /// <summary>Counts a failed event (its error is the agent's last).</summary>
    private protected void CountFailure(Exception error)
    {
        Interlocked.Increment(ref failed);
        lastError = error;
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

    [LoggerMessage(Level = LogLevel.Error, Message = "A middleware of agent {Agent} failed after an event; the event stays settled")]
    private static partial void LogMiddlewareFailed(ILogger logger, Exception error, string agent);

    [LoggerMessage(Level = LogLevel.Critical, Message = "Agent {Agent} stopped on an internal error")]
    private static partial void LogActorFailed(ILogger logger, Exception error, string agent);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Agent {Agent} did not finish its events in flight within {Seconds} s; they are not acknowledged and will be processed again")]
    private static partial void LogStopTimedOut(ILogger logger, string agent, double seconds);
}
