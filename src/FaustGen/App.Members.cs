using FaustGen.Codecs;
using FaustGen.Scheduling;
using FaustGen.Stores;
using FaustGen.Tables;
using FaustGen.Transport;
using FaustGen.Validation;

namespace FaustGen;

/// <summary>The app's members: what <see cref="Define"/> declares (topics, channels, tables, agents, timers, startup
/// tasks, transports, stores) and what can be asked of them.</summary>
public abstract partial class App
{
    private readonly Dictionary<string, ITopic> topics = new(StringComparer.Ordinal);
    private readonly List<ITable> tables = [];
    private readonly List<AgentRunner> agents = [];
    private bool topicsResolved;

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

    internal void AddTimer(ScheduledWork timer) => scheduler.AddTimer(timer);

    internal void AddStartupTask(ScheduledWork task) => scheduler.AddStartupTask(task);

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

    internal IStore<TKey, TValue> CreateStore<TKey, TValue>(StoreContext<TKey, TValue> context)
        where TKey : notnull
    {
        Urls.TrySplit(Settings.Store, out var scheme, out _);
        return stores.TryGetValue(scheme, out var factory)
            ? factory.Create(context)
            : throw FaustConfigurationException.ForSetting(nameof(AppSettings.Store), Settings.Store,
                $"no store for scheme '{scheme}' is available; reference the package that provides it (rocksdb:// is in FaustGen.RocksDb)");
    }

    /// <summary>Resolves every declared topic's codecs against the settings (at start; topics declared later resolve at once).</summary>
    private void ResolveTopics()
    {
        lock (topics)
        {
            foreach (var topic in topics.Values)
            {
                topic.Resolve(this);
            }

            topicsResolved = true;
        }
    }

    /// <summary>Opens every table with the app's partition count; their changelogs become topics of the app.</summary>
    private void OpenTables()
    {
        foreach (var table in tables)
        {
            table.Open(this, partitionCount);
            lock (topics)
            {
                topics[table.Changelog.Name] = table.Changelog;
            }
        }
    }

    private ITopic[] DeclaredTopics()
    {
        lock (topics)
        {
            return [.. topics.Values];
        }
    }

    private void CloseChannels()
    {
        lock (topics)
        {
            foreach (var channel in topics.Values.OfType<IChannel>())
            {
                channel.Close();
            }
        }
    }

    /// <summary>
    /// The partition count the app's tables and repartition topics follow: that of its source topics. With
    /// tables, every source topic must have it (co-partitioning), or the app does not start.
    /// </summary>
    private async Task<int> SourcePartitionCountAsync(CancellationToken cancellationToken)
    {
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var source in agents.Select(a => a.Topic).Where(t => t is not IChannel).Distinct())
        {
            var count = source.Options.Partitions ?? await transport!.GetPartitionCountAsync(source.Name, cancellationToken).ConfigureAwait(false);
            if (count is { } known)
            {
                counts[source.Name] = known;
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

    /// <summary>Only the range strategy gives partition p of every source topic to one member: an app whose tables are fed
    /// by several topics needs it.</summary>
    private void CheckAssignmentStrategy()
    {
        var sources = agents.Where(a => a.Topic is not IChannel).Select(a => a.Topic.Name).Distinct(StringComparer.Ordinal).Count();
        if (Settings.PartitionAssignmentStrategy == PartitionAssignmentStrategy.CooperativeSticky && tables.Count > 0 && sources > 1)
        {
            throw FaustConfigurationException.ForSetting(
                nameof(AppSettings.PartitionAssignmentStrategy), Settings.PartitionAssignmentStrategy,
                $"app '{Settings.Id}' has tables and consumes {sources} topics, which must stay co-partitioned, and only the Range strategy keeps partitions with the same number together");
        }
    }

    private TopicSpec Spec(string name, TopicOptions options) =>
        new(name, options.Partitions ?? PartitionCount, Settings.ReplicationFactor, options.Compacted, options.Deleting || !options.Compacted, options.Retention);
}
