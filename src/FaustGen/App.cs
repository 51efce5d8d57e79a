using System.Runtime.InteropServices;
using System.Diagnostics.Metrics;
using FaustGen.Codecs;
using FaustGen.Monitoring;
using FaustGen.Processing;
using FaustGen.Stores;
using FaustGen.Tables;
using FaustGen.Transport;
using FaustGen.Transport.Memory;
using FaustGen.Validation;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace FaustGen;

/// <summary>
/// A FaustGen application: it owns agents, topics, tables, timers and startup tasks, and runs them as one
/// worker of its consumer group. Mark a <c>partial</c> class <see cref="AppAttribute">[App]</see> and the
/// generator makes it derive from this class and registers its members in <see cref="Define"/>.
/// </summary>
/// <remarks>
/// Several apps may run in one process, and an app may be shared between threads: its sending, reading of
/// tables, committing and stopping are thread-safe. Settings can change until the app starts.
/// </remarks>
public abstract partial class App : IAsyncDisposable
{
    private readonly Dictionary<string, ITopic> topics = new(StringComparer.Ordinal);
    private readonly List<ITable> tables = [];
    private readonly List<AgentRunner> agents = [];
    private readonly List<ScheduledWork> timers = [];
    private readonly List<ScheduledWork> startupTasks = [];
    private readonly Dictionary<string, ITransportFactory> transports = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<string, IStoreFactory> stores = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<int, int> heldPartitions = [];
    private readonly SemaphoreSlim lifecycle = new(1, 1);
    private readonly CancellationTokenSource stopping = new();
    private readonly TaskCompletionSource completion = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly List<Task> background = [];
    private readonly List<InboxCursor> cursors = [];
    private ITransport? transport;
    private Sender? sender;
    private Conductor? conductor;
    private TableRecovery? recovery;
    private AppMetrics? metrics;
    private IWebSite? webSite;
    private ILogger logger = NullLogger.Instance;
    private ILoggerFactory loggerFactory = NullLoggerFactory.Instance;
    private int partitionCount;
    private bool topicsResolved;
    // Set when the app stops by itself on a failure it cannot recover from: it ends Failed, not Stopped.
    private volatile bool faulted;

    /// <summary>Creates the app and registers its members (see <see cref="Define"/>).</summary>
    protected App()
    {
        AddTransport(MemoryTransportFactory.Instance);
        AddStore(MemoryStoreFactory.Instance);
        Cluster = new ClusterMap(this);
        Define(new AppDefinition(this));
    }

    /// <summary>The app's settings; they can change until the app starts.</summary>
    public AppSettings Settings { get; } = new();

    /// <summary>The codecs the app knows by name.</summary>
    public CodecRegistry Codecs { get; } = new();

    /// <summary>Where the app logs; set it before starting. Default: nowhere.</summary>
    public ILoggerFactory LoggerFactory
    {
        get => loggerFactory;
        set
        {
            ArgumentNullException.ThrowIfNull(value);
            ThrowIfStarted();
            loggerFactory = value;
            logger = value.CreateLogger("FaustGen.App");
        }
    }

    /// <summary>Where the app is in its life.</summary>
    public AppState State { get; private set; }

    /// <summary>
    /// Completes when the app has stopped: after <see cref="StopAsync"/>, after a failed start, or when it stopped by
    /// itself on a failure it cannot recover from (its poll loop failed, or an exactly-once transaction could not be
    /// committed); <see cref="State"/>
    /// is then <see cref="AppState.Failed"/>. A host or supervisor waits on it to learn that the worker must be restarted.
    /// </summary>
    public Task Completion => completion.Task;

    /// <summary>Whether this worker leads the group (on-leader timers and tasks run only here); see <see cref="Cluster"/>.</summary>
    public bool IsLeader => Cluster.IsLeader;

    /// <summary>The app's workers, the partitions each holds, where each is reached, and which one leads
    /// (kept current while the app runs).</summary>
    public ClusterMap Cluster { get; }

    /// <summary>The partition count of the app's source topics, which its tables' changelogs and its
    /// repartition topics share (known once the app has started).</summary>
    public int PartitionCount => partitionCount;

    /// <summary>The partitions this worker holds now.</summary>
    public IReadOnlyCollection<TopicPartition> Assignment => conductor?.Assignment ?? [];

    /// <summary>The app's agents and how they are doing.</summary>
    public IReadOnlyList<AgentStatus> Agents =>
        [.. agents.Select(a => new AgentStatus(a.Name, a.Topic.Name, a.Options.Concurrency, a.Processed, a.Failed, a.Crashed, a.LastError, a.InFlight))];

    /// <summary>The names of the app's tables.</summary>
    public IReadOnlyList<string> TableNames => [.. tables.Select(t => t.Name)];

    /// <summary>The names of the topics the app declares or consumes.</summary>
    public IReadOnlyList<string> TopicNames
    {
        get
        {
            lock (topics)
            {
                return [.. topics.Keys.Order(StringComparer.Ordinal)];
            }
        }
    }

    /// <summary>
    /// The app's meter (named <c>FaustGen</c>, tagged <c>faustgen.app</c>), which carries its sensors; add your
    /// own instruments to it. It exists once the app has started.
    /// </summary>
    public Meter Meter => Metrics.Meter;

    internal ILogger Logger => logger;

    internal AppMetrics Metrics => metrics ?? throw new InvalidOperationException(
        $"App '{Settings.Id}' has not started: its meter is created when it starts.");

    internal Sender Sender => sender ?? throw new InvalidOperationException(
        $"App '{Settings.Id}' has not started: start it before sending.");

    /// <summary>Starts the app: validates settings, connects to the broker, declares internal topics, opens
    /// tables, and starts agents, the poll loop, timers, startup tasks and the web site.</summary>
    /// <exception cref="FaustConfigurationException">A setting or declaration is invalid; the message names it.</exception>
    public async Task StartAsync(CancellationToken cancellationToken = default)
    {
        await lifecycle.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (State != AppState.Created)
            {
                throw new InvalidOperationException($"App '{Settings.Id}' is {State}; an app starts once.");
            }

            State = AppState.Starting;
            try
            {
                await StartCoreAsync(cancellationToken).ConfigureAwait(false);
                State = AppState.Running;
                LogStarted(logger, Settings.Id, Settings.Broker, agents.Count, tables.Count);
            }
            catch
            {
                await StopCoreAsync().ConfigureAwait(false);
                State = AppState.Failed;
                completion.TrySetResult();
                throw;
            }
        }
        finally
        {
            lifecycle.Release();
        }
    }

    /// <summary>
    /// Stops the app gracefully: no new events start, events in flight get <see cref="AppSettings.ShutdownTimeout"/>
    /// to finish, acknowledged offsets are committed, the worker leaves its group, and sends are flushed.
    /// </summary>
    public async Task StopAsync(CancellationToken cancellationToken = default)
    {
        await lifecycle.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (State is AppState.Running or AppState.Starting)
            {
                State = AppState.Stopping;
                await StopCoreAsync().ConfigureAwait(false);
                State = faulted ? AppState.Failed : AppState.Stopped;
                LogStopped(logger, Settings.Id);
                completion.TrySetResult();
            }
        }
        finally
        {
            lifecycle.Release();
        }
    }

    /// <summary>
    /// Starts the app, runs it until <paramref name="cancellationToken"/> is cancelled or the process is asked to
    /// stop (Ctrl-C, SIGTERM), then stops it gracefully. It also returns when the app stops by itself on a failure
    /// (<see cref="State"/> is then <see cref="AppState.Failed"/>; see <see cref="Completion"/>).
    /// </summary>
    public async Task RunAsync(CancellationToken cancellationToken = default)
    {
        using var shutdown = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        void OnSignal(PosixSignalContext context)
        {
            context.Cancel = true;
            shutdown.Cancel();
        }

        using var interrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, OnSignal);
        using var terminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, OnSignal);
        await StartAsync(shutdown.Token).ConfigureAwait(false);
        try
        {
            await Completion.WaitAsync(shutdown.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // Asked to stop.
        }
        finally
        {
            await StopAsync(CancellationToken.None).ConfigureAwait(false);
        }
    }

    /// <summary>Commits the offsets of the events processed so far (Faust's <c>commit</c>); the app also commits
    /// every <see cref="AppSettings.CommitInterval"/>.</summary>
    public Task CommitAsync() => conductor?.CommitAsync() ?? Task.CompletedTask;

    /// <summary>The topic named <paramref name="name"/> that the app declares or consumes.</summary>
    /// <exception cref="KeyNotFoundException">The app has no such topic, or it has other key or value types.</exception>
    public Topic<TKey, TValue> GetTopic<TKey, TValue>(string name)
    {
        lock (topics)
        {
            return topics.TryGetValue(name, out var topic) && topic is Topic<TKey, TValue> typed
                ? typed
                : throw new KeyNotFoundException(topic is null
                    ? $"App '{Settings.Id}' has no topic '{name}'."
                    : $"Topic '{name}' of app '{Settings.Id}' carries {topic.KeyType.Name} keys and {topic.ValueType.Name} values.");
        }
    }

    /// <summary>Stops the app.</summary>
    public async ValueTask DisposeAsync()
    {
        await StopAsync().ConfigureAwait(false);
        GC.SuppressFinalize(this);
    }

    /// <summary>Registers the app's members; the generator overrides it for <see cref="AppAttribute">[App]</see> classes.</summary>
    protected virtual void Define(AppDefinition definition)
    {
    }

    /// <summary>The stream an agent reads (Faust's <c>Stream</c> setting): override to wrap <paramref name="stream"/>.</summary>
    protected virtual IAgentStream<TKey, TValue> CreateStream<TKey, TValue>(IAgentStream<TKey, TValue> stream) => stream;

    /// <summary>Creates a table (Faust's <c>Table</c> setting): override to return a subclass of <see cref="Table{TKey, TValue}"/>.</summary>
    protected virtual Table<TKey, TValue> CreateTable<TKey, TValue>(string name, TableOptions<TValue> options)
        where TKey : notnull => new(this, name, options);

    /// <summary>Creates what the worker serves over the web (Faust's <c>WebSite</c> setting), or null to serve nothing.</summary>
    protected virtual IWebSite? CreateWebSite() => null;

    /// <summary>The stream an agent's actor reads, after the app's <see cref="CreateStream"/>.</summary>
    internal IAgentStream<TKey, TValue> StreamFor<TKey, TValue>(IAgentStream<TKey, TValue> stream) => CreateStream(stream);

    internal void AddTransport(ITransportFactory factory) => transports[factory.Scheme] = factory;

    internal void AddStore(IStoreFactory factory) => stores[factory.Scheme] = factory;

    internal Topic<TKey, TValue> DeclareTopic<TKey, TValue>(string name, TopicOptions options)
    {
        if (Names.TopicNameError(name) is { } error)
        {
            throw new FaustConfigurationException($"Topic name '{name}' is invalid: {error}.");
        }

        lock (topics)
        {
            if (topics.TryGetValue(name, out var existing))
            {
                return existing as Topic<TKey, TValue> ?? throw new FaustConfigurationException(
                    $"Topic '{name}' is declared twice with different types: {existing.KeyType.Name}/{existing.ValueType.Name} and {typeof(TKey).Name}/{typeof(TValue).Name}.");
            }

            var topic = new Topic<TKey, TValue>(this, name, options);
            if (topicsResolved)
            {
                ((ITopic)topic).Resolve(this);
            }

            topics.Add(name, topic);

            return topic;
        }
    }

    internal Channel<TKey, TValue> DeclareChannel<TKey, TValue>(string name)
    {
        lock (topics)
        {
            if (topics.ContainsKey(name))
            {
                throw new FaustConfigurationException($"'{name}' is declared twice in app '{Settings.Id}' (as a channel and a topic or channel).");
            }

            var channel = new Channel<TKey, TValue>(this, name);
            if (topicsResolved)
            {
                ((ITopic)channel).Resolve(this);
            }

            topics.Add(name, channel);
            return channel;
        }
    }

    internal Table<TKey, TValue> DeclareTable<TKey, TValue>(string name, TableOptions<TValue> options)
        where TKey : notnull => DeclareTable(name, () => CreateTable<TKey, TValue>(name, options));

    /// <summary>Declares a table that <paramref name="create"/> makes: <see cref="CreateTable"/>, or the declaration of another
    /// kind of table (windowed, global, set).</summary>
    internal TTable DeclareTable<TTable>(string name, Func<TTable> create)
        where TTable : ITable
    {
        if (tables.Exists(t => t.Name == name))
        {
            throw new FaustConfigurationException($"Table '{name}' is declared twice in app '{Settings.Id}'.");
        }

        var table = create();
        tables.Add(table);
        return table;
    }

    internal void AddAgent(AgentRunner agent)
    {
        if (agents.Exists(a => a.Name == agent.Name))
        {
            throw new FaustConfigurationException($"Agent '{agent.Name}' is declared twice in app '{Settings.Id}'.");
        }

        if (agent.Options.Concurrency < 1)
        {
            throw new FaustConfigurationException($"Agent '{agent.Name}' has concurrency {agent.Options.Concurrency}; it must be 1 or more.");
        }

        agents.Add(agent);
    }

    internal void AddTimer(ScheduledWork timer) => timers.Add(timer);

    /// <summary>Makes a new cursor, known to revocations, over <paramref name="inbox"/>.</summary>
    internal InboxCursor NewCursor(Inbox inbox)
    {
        var cursor = new InboxCursor(inbox);
        lock (cursors)
        {
            cursors.Add(cursor);
        }

        return cursor;
    }

    internal void AddStartupTask(ScheduledWork task) => startupTasks.Add(task);

    /// <summary>The internal topic <c>{app-id}-{name}-repartition</c> a stream is re-keyed through.</summary>
    internal Topic<TKey, TValue> RepartitionTopic<TKey, TValue>(string name, Codec? keySerializer, Codec? valueSerializer)
    {
        var topicName = Names.RepartitionTopic(Settings.Id, name);
        var topic = DeclareTopic<TKey, TValue>(topicName, new TopicOptions
        {
            Partitions = PartitionCount,
            KeySerializer = keySerializer,
            ValueSerializer = valueSerializer,
            Internal = true,
        });
        if (transport is not null)
        {
            // Declared while running: create it now, the way startup creates the others.
            transport.EnsureTopicAsync(Spec(topic.Name, topic.Options), CancellationToken.None).AsTask().GetAwaiter().GetResult();
        }

        return topic;
    }

    /// <summary>Routes the records of <paramref name="topic"/> to <paramref name="subscriber"/>.</summary>
    internal void Subscribe(string topic, ISubscriber subscriber) =>
        (conductor ?? throw new InvalidOperationException($"App '{Settings.Id}' has not started.")).Subscribe(topic, subscriber);

    internal IStore<TKey, TValue> CreateStore<TKey, TValue>(StoreContext<TKey, TValue> context)
        where TKey : notnull
    {
        Urls.TrySplit(Settings.Store, out var scheme, out _);
        return stores.TryGetValue(scheme, out var factory)
            ? factory.Create(context)
            : throw FaustConfigurationException.ForSetting(nameof(AppSettings.Store), Settings.Store,
                $"no store for scheme '{scheme}' is available; reference the package that provides it (rocksdb:// is in FaustGen.RocksDb)");
    }

    /// <summary>Whether the event at <paramref name="offset"/> of <paramref name="partition"/> was processed by every agent that got it.</summary>
    internal bool IsProcessed(TopicPartition partition, long offset) => conductor?.IsProcessed(partition, offset) ?? false;

    /// <summary>Every cursor of every actor: what they are at is in flight.</summary>
    internal List<InboxCursor> Cursors
    {
        get
        {
            lock (cursors)
            {
                return [.. cursors];
            }
        }
    }

    /// <summary>Events of <paramref name="partition"/> delivered to agents and not yet acknowledged by all of them.</summary>
    internal int Outstanding(TopicPartition partition) => conductor?.Outstanding(partition) ?? 0;

    /// <summary>The topics the app consumes (agents' topics and those streams derive into).</summary>
    internal IReadOnlyCollection<string> ConsumedTopics => conductor?.Topics ?? [];

    /// <summary>Completes when the worker has received its first assignment.</summary>
    internal Task FirstAssignment => conductor?.FirstAssignment ?? Task.CompletedTask;

    /// <summary>The worker gets <paramref name="partitions"/>: tables start rebuilding the partition numbers new to it.
    /// Returns those recoveries; the poll loop holds their source partitions back until each completes, and
    /// publishes the new assignment in the cluster map.</summary>
    internal List<PartitionRecovery> OnPartitionsAssigned(IReadOnlyList<TopicPartition> partitions)
    {
        var recoveries = new List<PartitionRecovery>();
        lock (heldPartitions)
        {
            foreach (var tp in partitions)
            {
                heldPartitions[tp.Partition] = heldPartitions.GetValueOrDefault(tp.Partition) + 1;
                if (heldPartitions[tp.Partition] == 1 && recovery is not null)
                {
                    recoveries.Add(recovery.Recover(tp.Partition));
                }
            }
        }

        return recoveries;
    }

    internal void OnPartitionsRevoked(IReadOnlyList<TopicPartition> partitions)
    {
        if (recovery is not null)
        {
            // Tables checkpoint the changelog offsets of their changes as they close: those must all be confirmed.
            Sender.Flush(Settings.ShutdownTimeout);
        }

        lock (heldPartitions)
        {
            foreach (var tp in partitions)
            {
                if (!heldPartitions.TryGetValue(tp.Partition, out var count))
                {
                    continue;
                }

                if (count > 1)
                {
                    heldPartitions[tp.Partition] = count - 1;
                    continue;
                }

                heldPartitions.Remove(tp.Partition);
                recovery?.Revoke(tp.Partition);
            }
        }

        Cluster.OnAssignmentChanged(Assignment);
    }

    /// <summary>Exactly-once: the changes made to these partitions' tables since the last commit were aborted, so their
    /// local data cannot be trusted; it is dropped, and the next assignment rebuilds it from the committed changelog.</summary>
    internal void DiscardTables(IReadOnlyList<TopicPartition> partitions)
    {
        foreach (var partition in partitions.Select(tp => tp.Partition).Distinct())
        {
            foreach (var table in tables.Where(t => !t.IsGlobal))
            {
                table.Discard(partition);
            }
        }
    }

    /// <summary>The poll loop stopped on a failure it cannot recover from (an exception of its own, or under exactly-once
    /// a transaction that could not be committed): the app stops, ending <see cref="AppState.Failed"/>, so that whoever
    /// runs it sees it must be restarted.</summary>
    internal void OnProcessingFailed()
    {
        faulted = true;
        _ = Task.Run(() => StopAsync(CancellationToken.None));
    }

    /// <summary>Offsets were committed after the producer flushed: tables checkpoint how far their changelogs go.</summary>
    internal void OnCommitted()
    {
        foreach (var table in tables)
        {
            table.Checkpoint();
        }
    }

    private async Task StartCoreAsync(CancellationToken cancellationToken)
    {
        Settings.Validate(transports.Keys, stores.Keys);
        Settings.Freeze();
        Urls.TrySplit(Settings.Broker, out var scheme, out _);
        if (!transports.TryGetValue(scheme, out var factory))
        {
            throw FaustConfigurationException.ForSetting(nameof(AppSettings.Broker), Settings.Broker,
                $"no transport for scheme '{scheme}' is available; reference FaustGen.Kafka for kafka:// and embedded://");
        }

        metrics = new AppMetrics(this);
        StartMonitor(metrics);
        transport = factory.Create(this);
        sender = new Sender(transport.Producer, logger, metrics);
        conductor = new Conductor(this, transport);

        lock (topics)
        {
            foreach (var topic in topics.Values)
            {
                topic.Resolve(this);
            }

            topicsResolved = true;
        }

        partitionCount = await SourcePartitionCountAsync(cancellationToken).ConfigureAwait(false);
        foreach (var table in tables)
        {
            table.Open(this, partitionCount);
            lock (topics)
            {
                topics[table.Changelog.Name] = table.Changelog;
            }
        }

        ITopic[] declared;
        lock (topics)
        {
            declared = [.. topics.Values];
        }

        foreach (var topic in declared.Where(t => t.Options.Internal))
        {
            await transport.EnsureTopicAsync(Spec(topic.Name, topic.Options), cancellationToken).ConfigureAwait(false);
        }

        if (tables.Count > 0)
        {
            recovery = new TableRecovery(this, transport, tables);
            RecoverySource = recovery.Progress;
            StandbySource = () => recovery.Standbys;
            recovery.Start();
        }

        foreach (var agent in agents)
        {
            if (agent.Topic is IChannel channel)
            {
                channel.Subscribe(agent.Inbox);
            }
            else
            {
                conductor.Subscribe(agent.Topic.Name, agent.Inbox);
            }

            agent.Start(stopping.Token);
        }

        await Cluster.StartAsync(transport, cancellationToken).ConfigureAwait(false);
        conductor.Start();
        foreach (var timer in timers)
        {
            background.Add(RunTimerAsync(timer, stopping.Token));
        }

        foreach (var task in startupTasks)
        {
            background.Add(RunStartupTaskAsync(task, stopping.Token));
        }

        webSite = CreateWebSite();
        if (webSite is not null)
        {
            await webSite.StartAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task StopCoreAsync()
    {
        if (webSite is not null)
        {
            await webSite.StopAsync(CancellationToken.None).ConfigureAwait(false);
        }

        // Order matters: first stop taking events and commit what agents acknowledged (agents keep running
        // meanwhile, so events in flight can finish), then stop agents, timers and tasks, then flush sends.
        if (conductor is not null)
        {
            await conductor.StopAsync().ConfigureAwait(false);
        }

        await Cluster.StopAsync().ConfigureAwait(false);

        lock (topics)
        {
            foreach (var channel in topics.Values.OfType<IChannel>())
            {
                channel.Close();
            }
        }

        await stopping.CancelAsync().ConfigureAwait(false);
        foreach (var agent in agents)
        {
            await agent.StopAsync(Settings.ShutdownTimeout).ConfigureAwait(false);
        }

        await Task.WhenAll(background).ConfigureAwait(false);
        sender?.Flush(Settings.ShutdownTimeout);
        recovery?.Dispose();
        foreach (var table in tables)
        {
            table.Close();
        }

        if (transport is not null)
        {
            await transport.DisposeAsync().ConfigureAwait(false);
        }

        // The meter goes last: stopping reports commits and sends.
        monitor?.Dispose();
        metrics?.Dispose();
    }

    /// <summary>
    /// The partition count the app's tables and repartition topics follow: that of its source topics. With
    /// tables, every source topic must have it (co-partitioning), or the app does not start.
    /// </summary>
    private async Task<int> SourcePartitionCountAsync(CancellationToken cancellationToken)
    {
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var name in agents.Select(a => a.Topic).Where(t => t is not IChannel).Distinct())
        {
            var count = name.Options.Partitions ?? await transport!.GetPartitionCountAsync(name.Name, cancellationToken).ConfigureAwait(false);
            if (count is { } known)
            {
                counts[name.Name] = known;
            }
        }

        if (tables.Count > 0 && counts.Values.Distinct().Count() > 1)
        {
            throw new FaustConfigurationException(
                $"App '{Settings.Id}' has tables, so its source topics must be co-partitioned (have the same partition count), but they have " +
                string.Join(", ", counts.Select(c => $"'{c.Key}': {c.Value}")) + ". Repartition the odd topics, or move their agents to another app.");
        }

        return counts.Count > 0 ? counts.Values.First() : Settings.TopicPartitions;
    }

    private TopicSpec Spec(string name, TopicOptions options) =>
        new(name, options.Partitions ?? PartitionCount, Settings.ReplicationFactor, options.Compacted, options.Deleting || !options.Compacted, options.Retention);

    private async Task RunTimerAsync(ScheduledWork timer, CancellationToken stop)
    {
        using var ticks = new PeriodicTimer(timer.Interval);
        try
        {
            while (await ticks.WaitForNextTickAsync(stop).ConfigureAwait(false))
            {
                if (!timer.OnLeader || IsLeader)
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
                await FirstAssignment.WaitAsync(stop).ConfigureAwait(false);
                if (!IsLeader)
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
            LogWorkFailed(logger, ex, work.Name, Settings.Id);
        }
    }

    private void ThrowIfStarted()
    {
        if (State != AppState.Created)
        {
            throw new InvalidOperationException($"App '{Settings.Id}' has started; set this before starting it.");
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "App {App} started on {Broker} with {Agents} agents and {Tables} tables")]
    private static partial void LogStarted(ILogger logger, string app, string broker, int agents, int tables);

    [LoggerMessage(Level = LogLevel.Information, Message = "App {App} stopped")]
    private static partial void LogStopped(ILogger logger, string app);

    [LoggerMessage(Level = LogLevel.Error, Message = "{Work} of app {App} failed")]
    private static partial void LogWorkFailed(ILogger logger, Exception error, string work, string app);
}

/// <summary>Where an app is in its life.</summary>
public enum AppState
{
    /// <summary>Created; settings can change.</summary>
    Created,

    /// <summary>Starting.</summary>
    Starting,

    /// <summary>Running.</summary>
    Running,

    /// <summary>Stopping.</summary>
    Stopping,

    /// <summary>Stopped.</summary>
    Stopped,

    /// <summary>Failed to start, or stopped by itself on a failure it could not recover from (see <see cref="App.Completion"/>).</summary>
    Failed,
}

/// <summary>A timer or startup task of an app.</summary>
internal sealed record ScheduledWork(string Name, TimeSpan Interval, bool OnLeader, Func<CancellationToken, ValueTask> Callback);
