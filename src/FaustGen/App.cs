using System.Diagnostics.Metrics;
using System.Runtime.InteropServices;
using FaustGen.Codecs;
using FaustGen.Logging;
using FaustGen.Monitoring;
using FaustGen.Processing;
using FaustGen.Scheduling;
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
    private const string LogCategory = "FaustGen.App";
    private readonly Dictionary<string, ITransportFactory> transports = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<string, IStoreFactory> stores = new(StringComparer.OrdinalIgnoreCase);
    private readonly SemaphoreSlim lifecycle = new(1, 1);
    private readonly CancellationTokenSource stopping = new();
    private readonly TaskCompletionSource completion = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Scheduler scheduler;
    private ITransport? transport;
    private Sender? sender;
    private PollLoop? pollLoop;
    private TableRecovery? recovery;
    private TablePartitions? tablePartitions;
    private AppMetrics? metrics;
    private IWebSite? webSite;
    private ILoggerFactory loggerFactory = ConsoleLoggerFactory.Default;
    private ILogger logger;
    private int partitionCount;
    // Set when the app stops by itself on a failure it cannot recover from: it ends Failed, not Stopped.
    private volatile Exception? failure;

    /// <summary>Creates the app and registers its members (see <see cref="Define"/>).</summary>
    protected App()
    {
        logger = loggerFactory.CreateLogger(LogCategory);
        AddTransport(MemoryTransportFactory.Instance);
        AddStore(MemoryStoreFactory.Instance);
        scheduler = new Scheduler(this);
        Cluster = new ClusterMap(this);
        Define(new AppDefinition(this));
    }

    /// <summary>The app's settings; they can change until the app starts.</summary>
    public AppSettings Settings { get; } = new();

    /// <summary>The codecs the app knows by name.</summary>
    public CodecRegistry Codecs { get; } = new();

    /// <summary>
    /// Where the app logs; set it before starting. Default <see cref="ConsoleLoggerFactory.Default"/>: warnings and
    /// errors (a refused table write, a skipped event, a failed commit) as lines on standard error. Give it your own
    /// factory (the Generic Host's, with FaustGen.Hosting) or <see cref="NullLoggerFactory.Instance"/> to log nothing.
    /// </summary>
    public ILoggerFactory LoggerFactory
    {
        get => loggerFactory;
        set
        {
            ArgumentNullException.ThrowIfNull(value);
            ThrowIfStarted();
            loggerFactory = value;
            logger = value.CreateLogger(LogCategory);
        }
    }

    /// <summary>Where the app is in its life.</summary>
    public AppState State { get; private set; }

    /// <summary>
    /// Completes when the app has stopped: after <see cref="StopAsync"/>, or after a failed start (which
    /// <see cref="StartAsync"/> throws). When the app stopped by itself on a failure it cannot recover from (its poll loop
    /// failed, work could not be committed after repeated tries), <see cref="State"/> is <see cref="AppState.Failed"/>
    /// and it faults with an <see cref="AppFailedException"/> naming the cause. A host or supervisor waits on it to learn
    /// that the worker must be restarted.
    /// </summary>
    public Task Completion => completion.Task;

    /// <summary>Why the app stopped by itself, once it has (see <see cref="Completion"/>); null otherwise.</summary>
    public AppFailedException? Failure => completion.Task.Exception?.InnerException as AppFailedException;

    /// <summary>Whether this worker leads the group (on-leader timers and tasks run only here); see <see cref="Cluster"/>.</summary>
    public bool IsLeader => Cluster.IsLeader;

    /// <summary>The app's workers, the partitions each holds, where each is reached, and which one leads
    /// (kept current while the app runs).</summary>
    public ClusterMap Cluster { get; }

    /// <summary>The partition count of the app's source topics, which its tables' changelogs and its
    /// repartition topics share (known once the app has started).</summary>
    public int PartitionCount => partitionCount;

    /// <summary>The partitions this worker holds now.</summary>
    public IReadOnlyCollection<TopicPartition> Assignment => pollLoop?.Partitions ?? [];

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
    /// <exception cref="BrokerUnreachableException">The broker did not answer within <see cref="AppSettings.BrokerConnectTimeout"/>.</exception>
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
                Hooks.Started();
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
                await Hooks.StoppingAsync(Settings.ShutdownTimeout).ConfigureAwait(false);
                await StopCoreAsync().ConfigureAwait(false);
                if (failure is { } cause)
                {
                    State = AppState.Failed;
                    LogFailed(logger, cause, Settings.Id);
                    completion.TrySetException(new AppFailedException($"App '{Settings.Id}' stopped by itself and must be restarted: {cause.Message}", cause));
                }
                else
                {
                    State = AppState.Stopped;
                    LogStopped(logger, Settings.Id);
                    completion.TrySetResult();
                }
            }
        }
        finally
        {
            lifecycle.Release();
        }
    }

    /// <summary>
    /// Starts the app, runs it until <paramref name="cancellationToken"/> is cancelled or the process is asked to
    /// stop (Ctrl-C, SIGTERM), then stops it gracefully. When the app stops by itself on a failure instead, it throws
    /// the <see cref="AppFailedException"/> (<see cref="State"/> is then <see cref="AppState.Failed"/>), so that a
    /// program's <c>await app.RunAsync()</c> exits with an error for its supervisor to restart it.
    /// </summary>
    /// <exception cref="AppFailedException">The app stopped by itself on a failure.</exception>
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
            await Task.WhenAny(Completion, Task.Delay(Timeout.Infinite, shutdown.Token)).ConfigureAwait(false);
        }
        finally
        {
            await StopAsync(CancellationToken.None).ConfigureAwait(false);
        }

        await Completion.ConfigureAwait(false);
    }

    /// <summary>Commits the offsets of the events processed so far (Faust's <c>commit</c>); the app also commits
    /// every <see cref="AppSettings.CommitInterval"/>. Completes with whether they are committed (false when the app is
    /// not running, or the commit could not be made now: it is tried again at the next interval).</summary>
    public Task<bool> CommitAsync() => pollLoop?.CommitAsync() ?? Task.FromResult(false);

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

    /// <summary>The app cannot go on (its poll loop failed, or work could not be committed after repeated tries): it
    /// stops, ending <see cref="AppState.Failed"/> with <see cref="Completion"/> faulted, so that whoever runs it
    /// restarts it.</summary>
    internal void Fail(Exception cause)
    {
        failure ??= cause;
        _ = Task.Run(() => StopAsync(CancellationToken.None));
    }

    /// <summary>The transport for the broker URL's scheme, made for this app.</summary>
    private ITransport CreateTransport(Meter meter)
    {
        Urls.TrySplit(Settings.Broker, out var scheme, out _);
        return transports.TryGetValue(scheme, out var factory)
            ? factory.Create(new TransportContext(Settings, loggerFactory, meter, () => partitionCount))
            : throw FaustConfigurationException.ForSetting(nameof(AppSettings.Broker), Settings.Broker,
                $"no transport for scheme '{scheme}' is available; reference FaustGen.Kafka for kafka:// and embedded://");
    }

    private async Task StartCoreAsync(CancellationToken cancellationToken)
    {
        Settings.Validate(transports.Keys, stores.Keys);
        Settings.Freeze();
        metrics = new AppMetrics(this);
        StartMonitor(metrics);
        transport = CreateTransport(metrics.Meter);
        // Once, first: an unreachable broker fails the start here, with one error that names it.
        await transport.ConnectAsync(cancellationToken).ConfigureAwait(false);
        if (Settings.ProcessingGuarantee == ProcessingGuarantee.ExactlyOnce && transport.Transactions is null)
        {
            throw FaustConfigurationException.ForSetting(nameof(AppSettings.ProcessingGuarantee), Settings.ProcessingGuarantee,
                $"the transport of '{Settings.Broker}' has no transactions");
        }

        sender = new Sender(transport.Producer, logger, metrics, ProductionErrorHandler);
        pollLoop = new PollLoop(this, transport, sender);
        ResolveTopics();
        partitionCount = await SourcePartitionCountAsync(cancellationToken).ConfigureAwait(false);
        CheckAssignmentStrategy();
        OpenTables();
        foreach (var agent in agents)
        {
            // Its retry topics are declared with the app's partition count, so that retried keys keep their partition.
            agent.Prepare();
        }

        foreach (var topic in DeclaredTopics().Where(t => t.Options.Internal))
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

        tablePartitions = new TablePartitions(this, tables, recovery);
        foreach (var agent in agents)
        {
            if (agent.Topic is IChannel channel)
            {
                channel.Subscribe(agent.Inbox);
            }
            else
            {
                pollLoop.Subscribe(agent.Topic.Name, agent.Inbox);
                foreach (var retryTopic in agent.RetryTopics)
                {
                    pollLoop.Subscribe(retryTopic, agent.Inbox);
                }
            }

            agent.Start(stopping.Token);
        }

        await Cluster.StartAsync(transport, cancellationToken).ConfigureAwait(false);
        Hooks.Start(logger, stopping.Token);
        pollLoop.Start();
        scheduler.Start(stopping.Token);
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
        if (pollLoop is not null)
        {
            await pollLoop.StopAsync().ConfigureAwait(false);
        }

        await Cluster.StopAsync().ConfigureAwait(false);
        await Hooks.StopAsync(Settings.ShutdownTimeout).ConfigureAwait(false);
        CloseChannels();
        await stopping.CancelAsync().ConfigureAwait(false);
        foreach (var agent in agents)
        {
            await agent.StopAsync(Settings.ShutdownTimeout).ConfigureAwait(false);
        }

        await scheduler.WhenStopped().ConfigureAwait(false);
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

    [LoggerMessage(Level = LogLevel.Critical, Message = "App {App} stopped on a failure it could not recover from and ends Failed: restart the worker")]
    private static partial void LogFailed(ILogger logger, Exception cause, string app);
}
