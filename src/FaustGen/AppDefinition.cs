using FaustGen.Codecs;
using FaustGen.Scheduling;
using FaustGen.Stores;
using FaustGen.Transport;

namespace FaustGen;

/// <summary>
/// What an app registers its members with. The generator writes the calls for an
/// <see cref="AppAttribute">[App]</see> class; an app written by hand overrides <see cref="App.Define"/> and
/// makes them itself.
/// </summary>
public sealed class AppDefinition
{
    private readonly App app;

    internal AppDefinition(App app)
    {
        this.app = app;
    }

    /// <summary>The app's settings, to give them their declared defaults.</summary>
    public AppSettings Settings => app.Settings;

    /// <summary>Declares a topic, or returns the one already declared under <paramref name="name"/>.</summary>
    /// <exception cref="FaustConfigurationException">The name is invalid, or declared before with other types.</exception>
    public Topic<TKey, TValue> Topic<TKey, TValue>(string name, TopicOptions? options = null) =>
        app.DeclareTopic<TKey, TValue>(name, options ?? new TopicOptions());

    /// <summary>Declares an in-memory channel: agents consume it like a topic, but it never reaches the broker.</summary>
    /// <exception cref="FaustConfigurationException">A topic or channel of that name exists.</exception>
    public Channel<TKey, TValue> Channel<TKey, TValue>(string name) => app.DeclareChannel<TKey, TValue>(name);

    /// <summary>Declares a table.</summary>
    /// <exception cref="FaustConfigurationException">A table of that name exists.</exception>
    public Table<TKey, TValue> Table<TKey, TValue>(string name, TableOptions<TValue>? options = null)
        where TKey : notnull => app.DeclareTable<TKey, TValue>(name, options ?? new TableOptions<TValue>());

    /// <summary>Declares a windowed table: a value per key and <paramref name="window"/> of time.</summary>
    /// <exception cref="FaustConfigurationException">A table of that name exists.</exception>
    public WindowedTable<TKey, TValue> WindowedTable<TKey, TValue>(string name, Window window, WindowedTableOptions<TKey, TValue>? options = null)
        where TKey : notnull
    {
        ArgumentNullException.ThrowIfNull(window);
        return app.DeclareTable(name, () => new WindowedTable<TKey, TValue>(app, name, window, options ?? new WindowedTableOptions<TKey, TValue>()));
    }

    /// <summary>Declares a global table: every worker holds all of it.</summary>
    /// <exception cref="FaustConfigurationException">A table of that name exists.</exception>
    public GlobalTable<TKey, TValue> GlobalTable<TKey, TValue>(string name, TableOptions<TValue>? options = null)
        where TKey : notnull => new(app, name, options ?? new TableOptions<TValue>());

    /// <summary>Declares a set table: a set of members per key.</summary>
    /// <exception cref="FaustConfigurationException">A table of that name exists.</exception>
    public SetTable<TKey, TMember> SetTable<TKey, TMember>(string name, SetTableOptions? options = null)
        where TKey : notnull
        where TMember : notnull => app.DeclareTable(name, () => new SetTable<TKey, TMember>(app, name, options ?? new SetTableOptions()));

    /// <summary>Declares an agent that processes one event at a time.</summary>
    public void EventAgent<TKey, TValue>(string name, Topic<TKey, TValue> topic, AgentEventHandler<TKey, TValue> handler, AgentOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(topic);
        ArgumentNullException.ThrowIfNull(handler);
        app.AddAgent(new EventAgentRunner<TKey, TValue>(app, name, topic, options ?? new AgentOptions(), handler));
    }

    /// <summary>Declares an agent that reads a stream.</summary>
    public void StreamAgent<TKey, TValue>(string name, Topic<TKey, TValue> topic, AgentStreamHandler<TKey, TValue> handler, AgentOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(topic);
        ArgumentNullException.ThrowIfNull(handler);
        app.AddAgent(new StreamAgentRunner<TKey, TValue>(app, name, topic, options ?? new AgentOptions(), handler));
    }

    /// <summary>Declares an agent that reads a stream and yields results, each sent to every one of <paramref name="sinks"/>.</summary>
    public void YieldingAgent<TKey, TValue, TResult>(
        string name, Topic<TKey, TValue> topic, AgentYieldHandler<TKey, TValue, TResult> handler, IReadOnlyList<ISink<TResult>> sinks, AgentOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(topic);
        ArgumentNullException.ThrowIfNull(handler);
        ArgumentNullException.ThrowIfNull(sinks);
        app.AddAgent(new YieldingAgentRunner<TKey, TValue, TResult>(app, name, topic, options ?? new AgentOptions(), handler, sinks));
    }

    /// <summary>Declares a timer: <paramref name="callback"/> runs every <paramref name="interval"/> while the app runs.</summary>
    public void Timer(string name, TimeSpan interval, Func<CancellationToken, ValueTask> callback, bool onLeader = false)
    {
        ArgumentNullException.ThrowIfNull(callback);
        if (interval <= TimeSpan.Zero)
        {
            throw new FaustConfigurationException($"Timer '{name}' has interval {interval}; it must be longer than zero.");
        }

        app.AddTimer(new ScheduledWork(name, interval, onLeader, callback));
    }

    /// <summary>Declares a startup task: <paramref name="callback"/> runs once when the app has started.</summary>
    public void StartupTask(string name, Func<CancellationToken, ValueTask> callback, bool onLeader = false)
    {
        ArgumentNullException.ThrowIfNull(callback);
        app.AddStartupTask(new ScheduledWork(name, TimeSpan.Zero, onLeader, callback));
    }

    /// <summary>Adds a middleware every agent of the app runs, after the app's earlier ones and before the agent's own.</summary>
    public void Use(AgentMiddleware middleware)
    {
        ArgumentNullException.ThrowIfNull(middleware);
        app.AddMiddleware(middleware);
    }

    /// <summary>Retries the failed events of agents that have no retry settings of their own (see <see cref="RetryOptions"/>).</summary>
    public void Retry(RetryOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        app.DefaultRetry = options;
    }

    /// <summary>Decides about failed events of agents that have no handler of their own.</summary>
    public void OnProcessingError(ProcessingErrorHandler handler) => app.ProcessingErrorHandler = handler ?? throw new ArgumentNullException(nameof(handler));

    /// <summary>Decides about events that did not decode, for agents that have no handler of their own.</summary>
    public void OnDeserializationError(DeserializationErrorHandler handler) => app.DeserializationErrorHandler = handler ?? throw new ArgumentNullException(nameof(handler));

    /// <summary>Decides about every message of the app the broker did not take (but table changelog writes, whose loss
    /// the worker always repairs by doing the events again).</summary>
    public void OnProductionError(ProductionErrorHandler handler) => app.ProductionErrorHandler = handler ?? throw new ArgumentNullException(nameof(handler));

    /// <summary>Runs <paramref name="hook"/> once the app has started (Faust's <c>on_started</c>).</summary>
    public void OnStarted(Func<CancellationToken, ValueTask> hook) => app.Hooks.AddStarted(hook ?? throw new ArgumentNullException(nameof(hook)));

    /// <summary>Runs <paramref name="hook"/> when the app begins to stop, before anything stops (within the shutdown timeout).</summary>
    public void OnStopping(Func<CancellationToken, ValueTask> hook) => app.Hooks.AddStopping(hook ?? throw new ArgumentNullException(nameof(hook)));

    /// <summary>Runs <paramref name="hook"/> with the partitions of each new assignment (Faust's <c>on_partitions_assigned</c>).</summary>
    public void OnPartitionsAssigned(Func<IReadOnlyCollection<TopicPartition>, CancellationToken, ValueTask> hook) =>
        app.Hooks.AddAssigned(hook ?? throw new ArgumentNullException(nameof(hook)));

    /// <summary>Runs <paramref name="hook"/> with the partitions taken away (revoked or lost), once what they did is
    /// committed (Faust's <c>on_partitions_revoked</c>).</summary>
    public void OnPartitionsRevoked(Func<IReadOnlyCollection<TopicPartition>, CancellationToken, ValueTask> hook) =>
        app.Hooks.AddRevoked(hook ?? throw new ArgumentNullException(nameof(hook)));

    /// <summary>Runs <paramref name="hook"/> once the tables of each new assignment are rebuilt (at once without tables).</summary>
    public void OnRecoveryComplete(Func<CancellationToken, ValueTask> hook) => app.Hooks.AddRecoveryComplete(hook ?? throw new ArgumentNullException(nameof(hook)));

    /// <summary>Registers a codec under its name.</summary>
    public void Codec(Codec codec) => app.Codecs.Register(codec);

    /// <summary>Makes the broker URLs of <paramref name="factory"/>'s scheme available.</summary>
    public void Transport(ITransportFactory factory)
    {
        ArgumentNullException.ThrowIfNull(factory);
        app.AddTransport(factory);
    }

    /// <summary>Makes the store URLs of <paramref name="factory"/>'s scheme available.</summary>
    public void Store(IStoreFactory factory)
    {
        ArgumentNullException.ThrowIfNull(factory);
        app.AddStore(factory);
    }
}
