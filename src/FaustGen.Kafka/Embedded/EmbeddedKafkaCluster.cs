using System.Collections.Concurrent;
using System.Runtime.InteropServices;
using System.Text;
using Confluent.Kafka;
using FaustGen.Kafka.Embedded.Proxy;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace FaustGen.Kafka.Embedded;

/// <summary>
/// A Kafka cluster inside this process: librdkafka's mock cluster, which speaks the real Kafka protocol on
/// loopback ports, so the real client (consumer groups, offset commits, idempotent producers) runs against it with
/// nothing installed. Use it from integration tests (as Spring Kafka users use <c>@EmbeddedKafka</c>), or name
/// it in an app's broker URL: <c>embedded://</c>, <c>embedded://3</c> or <c>embedded://NAME</c>.
/// </summary>
/// <remarks>
/// <para>
/// Sharing: <c>embedded://</c> (one broker) and <c>embedded://N</c> (N brokers) name clusters shared by the whole
/// process, created on first use and kept until the process ends, so every worker of an app (and every app) in
/// the process that names the same URL joins the same cluster and sees the same topics, groups and offsets.
/// <see cref="Start"/> makes a private cluster; its <see cref="BrokerUrl"/> (<c>embedded://NAME</c>) points apps
/// at it until it is disposed.
/// </para>
/// <para>
/// Limits of the mock broker, which FaustGen handles but cannot lift: it does not implement CreateTopics (topics
/// are created through <see cref="CreateTopic"/>; the embedded transport does that for internal topics and for
/// topics an app consumes or sends to that do not exist yet); it never compacts (a compacted topic keeps every
/// record); each partition keeps at most about 5 MiB or 100,000 message sets and drops the oldest beyond that;
/// topics it creates by itself (a plain client's metadata request for an unknown topic) get 4 partitions; and
/// it holds the first rebalance of a new group for the <see cref="InitialRebalanceDelay"/>, 0 here rather than
/// Kafka's 3 seconds.
/// </para>
/// </remarks>
public sealed class EmbeddedKafkaCluster : IDisposable
{
    private const string Scheme = "embedded://";
    private static readonly ConcurrentDictionary<string, Lazy<EmbeddedKafkaCluster>> Clusters = new(StringComparer.Ordinal);

    private readonly Lock gate = new();
    private readonly TransactionLedger? transactions;
    private readonly List<BrokerProxy> proxies = [];
    private readonly ConcurrentDictionary<string, byte> isolated = new(StringComparer.Ordinal);
    private nint handle;
    private nint cluster;
    private TimeSpan initialRebalanceDelay;

    private EmbeddedKafkaCluster(string name, int brokers, bool withTransactions, ILoggerFactory? loggerFactory)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(brokers, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(brokers, 16);
        Name = name;
        BrokerCount = brokers;
        var error = new byte[512];
        var conf = MockNative.ConfNew();
        // The handle only hosts the cluster; its own logging would repeat what the clients report.
        if (MockNative.ConfSet(conf, "log_level", "3", error, (nuint)error.Length) != 0)
        {
            MockNative.ConfDestroy(conf);
            throw new InvalidOperationException("librdkafka rejected log_level: " + ErrorText(error));
        }

        handle = MockNative.New(0, conf, error, (nuint)error.Length);
        if (handle == 0)
        {
            MockNative.ConfDestroy(conf);
            throw new InvalidOperationException("librdkafka could not create the handle of an embedded cluster: " + ErrorText(error));
        }

        cluster = MockNative.ClusterNew(handle, brokers);
        if (cluster == 0)
        {
            MockNative.Destroy(handle);
            throw new InvalidOperationException($"librdkafka could not start an embedded cluster of {brokers} brokers.");
        }

        BootstrapServers = Marshal.PtrToStringUTF8(MockNative.ClusterBootstraps(cluster)) ?? string.Empty;
        if (withTransactions)
        {
            transactions = new TransactionLedger();
            StartProxies((loggerFactory ?? NullLoggerFactory.Instance).CreateLogger<EmbeddedKafkaCluster>());
        }

        InitialRebalanceDelay = TimeSpan.Zero;
    }

    /// <summary>The cluster's name: what follows <c>embedded://</c> in its <see cref="BrokerUrl"/>.</summary>
    public string Name { get; }

    /// <summary>The broker URL that points an app at this cluster.</summary>
    public string BrokerUrl => Scheme + Name;

    /// <summary>The <c>bootstrap.servers</c> of the cluster's brokers (<c>127.0.0.1:port,…</c>), for plain Kafka clients.</summary>
    public string BootstrapServers { get; private set; }

    /// <summary>How many brokers the cluster has; their ids are 1 to <see cref="BrokerCount"/>.</summary>
    public int BrokerCount { get; }

    /// <summary>
    /// Whether the cluster was started with transactions. The mock broker accepts InitProducerId,
    /// AddPartitionsToTxn, AddOffsetsToTxn, TxnOffsetCommit and EndTxn and writes commit and abort markers, but keeps
    /// nothing else of them: TxnOffsetCommit stores no offset, read_committed fetches return aborted records and those
    /// of open transactions, a producer whose transactional id is initialised again is not fenced, and transactions
    /// never time out. With transactions, clients reach each broker through a proxy in this process that supplies
    /// those semantics: offsets committed in a transaction become the group's when it commits (OffsetFetch returns
    /// them) and, until then, an OffsetFetch that requires stable offsets (read_committed consumers) is answered
    /// UNSTABLE_OFFSET_COMMIT for them; a TxnOffsetCommit whose group generation or member is no longer the group's
    /// is refused (ILLEGAL_GENERATION, UNKNOWN_MEMBER_ID, FENCED_INSTANCE_ID); read_committed fetches and ListOffsets
    /// stop at the last stable offset and list aborted transactions; re-initialising a transactional id aborts its
    /// open transaction and fences the old producer; and a transaction open longer than its producer's
    /// <c>transaction.timeout.ms</c> is aborted and its producer fenced. Frames the proxies cannot read are passed
    /// on unchanged and logged (see <see cref="Start"/>).
    /// </summary>
    public bool Transactions => transactions is not null;

    /// <summary>
    /// How long a new consumer group waits for more members before its first rebalance (Kafka's
    /// <c>group.initial.rebalance.delay.ms</c>; the mock's default is 3 seconds, which slows every test, so an
    /// embedded cluster starts at 0).
    /// </summary>
    public TimeSpan InitialRebalanceDelay
    {
        get => initialRebalanceDelay;
        set
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(value, TimeSpan.Zero);
            lock (gate)
            {
                MockNative.GroupInitialRebalanceDelayMs(Live(), (int)value.TotalMilliseconds);
                initialRebalanceDelay = value;
            }
        }
    }

    /// <summary>
    /// Starts a private cluster of <paramref name="brokers"/> brokers, reachable by apps as
    /// <c>embedded://<paramref name="name"/></c> until it is disposed.
    /// </summary>
    /// <param name="brokers">How many brokers, from 1 to 16.</param>
    /// <param name="name">Its name (letters, digits, '.', '_', '-', starting with a letter), or null for a new unique one.</param>
    /// <param name="transactions">Whether the cluster keeps what Kafka transactions promise, which the mock broker
    /// alone does not (see <see cref="Transactions"/>); apps with <see cref="ProcessingGuarantee.ExactlyOnce"/> need it.</param>
    /// <param name="loggerFactory">Where the transaction proxies report frames they cannot read (passed on unchanged);
    /// none by default.</param>
    /// <exception cref="ArgumentException">The name is invalid or taken.</exception>
    public static EmbeddedKafkaCluster Start(int brokers = 1, string? name = null, bool transactions = false, ILoggerFactory? loggerFactory = null)
    {
        name ??= "cluster-" + Guid.NewGuid().ToString("N")[..12];
        if (!Validation.Urls.IsEmbeddedClusterName(name))
        {
            throw new ArgumentException($"'{name}' is not a cluster name: use letters, digits, '.', '_' and '-', starting with a letter.", nameof(name));
        }

        var started = new Lazy<EmbeddedKafkaCluster>(new EmbeddedKafkaCluster(name, brokers, transactions, loggerFactory));
        return Clusters.TryAdd(name, started)
            ? started.Value
            : Fail(started.Value, name);

        static EmbeddedKafkaCluster Fail(EmbeddedKafkaCluster cluster, string name)
        {
            cluster.Dispose();
            throw new ArgumentException($"An embedded cluster named '{name}' is running already.", nameof(name));
        }
    }

    /// <summary>
    /// The cluster <paramref name="brokerUrl"/> names: <c>embedded://</c> and <c>embedded://N</c> are shared by the
    /// process and created on first use (1 and N brokers); <c>embedded://NAME</c> is a cluster made by
    /// <see cref="Start"/>, or a one-broker cluster created on first use.
    /// </summary>
    /// <param name="brokerUrl">The <c>embedded://</c> URL.</param>
    /// <param name="transactions">Whether a cluster created now keeps what Kafka transactions promise (see
    /// <see cref="Transactions"/>); a cluster that runs already is returned as it is.</param>
    /// <param name="loggerFactory">Where a cluster created now logs (see <see cref="Start"/>); none by default.</param>
    /// <exception cref="ArgumentException"><paramref name="brokerUrl"/> is not an <c>embedded://</c> URL.</exception>
    public static EmbeddedKafkaCluster ForUrl(string brokerUrl, bool transactions = false, ILoggerFactory? loggerFactory = null)
    {
        if (!Validation.Urls.TrySplit(brokerUrl, out var scheme, out var rest) || scheme != "embedded" || Validation.Urls.BrokerUrlError(brokerUrl) is not null)
        {
            throw new ArgumentException($"'{brokerUrl}' is not an embedded:// broker URL: {Validation.Urls.BrokerUrlError(brokerUrl) ?? "expected the embedded scheme"}.", nameof(brokerUrl));
        }

        var brokers = rest.Length == 0 ? 1 : int.TryParse(rest, out var count) ? count : 1;
        return Clusters.GetOrAdd(rest, static (name, how) => new Lazy<EmbeddedKafkaCluster>(() => new EmbeddedKafkaCluster(name, how.brokers, how.transactions, how.loggerFactory)), (brokers, transactions, loggerFactory)).Value;
    }

    /// <summary>Creates <paramref name="topic"/> (the mock broker does not implement CreateTopics).</summary>
    /// <exception cref="InvalidOperationException">The topic exists, or the arguments are refused.</exception>
    public void CreateTopic(string topic, int partitions, int replicationFactor = 1)
    {
        if (!TryCreateTopic(topic, partitions, replicationFactor))
        {
            throw new InvalidOperationException($"Topic '{topic}' exists in embedded cluster '{Name}'.");
        }
    }

    /// <summary>Sets broker <paramref name="brokerId"/> (1 to <see cref="BrokerCount"/>) down: it closes its connections
    /// and refuses new ones, and the partitions it leads become unavailable, until <see cref="SetBrokerUp"/>.</summary>
    public void SetBrokerDown(int brokerId)
    {
        lock (gate)
        {
            Check(MockNative.BrokerSetDown(Live(), brokerId), $"set broker {brokerId} down");
        }
    }

    /// <summary>Brings broker <paramref name="brokerId"/> back up.</summary>
    public void SetBrokerUp(int brokerId)
    {
        lock (gate)
        {
            Check(MockNative.BrokerSetUp(Live(), brokerId), $"set broker {brokerId} up");
        }
    }

    /// <summary>
    /// Makes the next requests of <paramref name="api"/>, one per error, fail with <paramref name="errors"/> in
    /// order (on whichever broker receives them); <see cref="ErrorCode.NoError"/> lets one through.
    /// </summary>
    public unsafe void PushRequestErrors(KafkaApiKey api, params ErrorCode[] errors)
    {
        ArgumentNullException.ThrowIfNull(errors);
        var codes = Array.ConvertAll(errors, static e => (int)e);
        lock (gate)
        {
            fixed (int* first = codes)
            {
                MockNative.PushRequestErrorsArray(Live(), (short)api, (nuint)codes.Length, first);
            }
        }
    }

    /// <summary>Drops the errors still queued for <paramref name="api"/> by <see cref="PushRequestErrors"/>.</summary>
    public void ClearRequestErrors(KafkaApiKey api)
    {
        lock (gate)
        {
            MockNative.ClearRequestErrors(Live(), (short)api);
        }
    }

    /// <summary>
    /// Cuts the clients whose <c>client.id</c> starts with <paramref name="clientIdPrefix"/> off the cluster, for good:
    /// their connections are closed and new ones refused, as if their process had died, while the rest of the
    /// cluster carries on (their group members time out, their transactions expire). Only on a cluster started with
    /// <see cref="Transactions"/>, whose clients connect through the proxy that can cut them.
    /// </summary>
    /// <exception cref="InvalidOperationException">The cluster was started without transactions.</exception>
    public void Isolate(string clientIdPrefix)
    {
        ArgumentException.ThrowIfNullOrEmpty(clientIdPrefix);
        if (transactions is null)
        {
            throw new InvalidOperationException($"Embedded cluster '{Name}' was started without transactions; only such a cluster can isolate clients.");
        }

        isolated[clientIdPrefix] = 0;
        foreach (var proxy in proxies)
        {
            proxy.CutIsolated();
        }
    }

    /// <summary>Stops the brokers and frees the cluster; its topics are gone. Apps on it should stop first.</summary>
    public void Dispose()
    {
        lock (gate)
        {
            if (cluster == 0)
            {
                return;
            }

            foreach (var proxy in proxies)
            {
                proxy.Dispose();
            }

            transactions?.Dispose();

            if (Clusters.TryGetValue(Name, out var entry) && entry.IsValueCreated && ReferenceEquals(entry.Value, this))
            {
                Clusters.TryRemove(new KeyValuePair<string, Lazy<EmbeddedKafkaCluster>>(Name, entry));
            }

            MockNative.ClusterDestroy(cluster);
            MockNative.Destroy(handle);
            cluster = 0;
            handle = 0;
        }
    }

    /// <summary>Creates <paramref name="topic"/> unless it exists; returns whether it did.</summary>
    internal bool TryCreateTopic(string topic, int partitions, int replicationFactor)
    {
        ArgumentException.ThrowIfNullOrEmpty(topic);
        ArgumentOutOfRangeException.ThrowIfLessThan(partitions, 1);
        if (replicationFactor < 1 || replicationFactor > BrokerCount)
        {
            throw new ArgumentOutOfRangeException(nameof(replicationFactor), replicationFactor,
                $"Embedded cluster '{Name}' has {BrokerCount} broker(s): the replication factor must be from 1 to {BrokerCount}.");
        }

        int error;
        lock (gate)
        {
            error = MockNative.TopicCreate(Live(), topic, partitions, replicationFactor);
        }

        if (error == (int)ErrorCode.TopicAlreadyExists)
        {
            return false;
        }

        Check(error, $"create topic '{topic}'");
        return true;
    }

    /// <summary>Puts a proxy in front of every broker, has the brokers advertise the proxies, and has them advertise,
    /// for the requests the proxies read, the versions the proxies read.</summary>
    private void StartProxies(ILogger logger)
    {
        // The group coordinator's knowledge of the groups, whichever broker coordinates them.
        var groups = new GroupMembership();
        var listeners = BootstrapServers.Split(',');
        for (var i = 0; i < listeners.Length; i++)
        {
            var port = int.Parse(listeners[i][(listeners[i].LastIndexOf(':') + 1)..], System.Globalization.CultureInfo.InvariantCulture);
            var proxy = new BrokerProxy(new System.Net.IPEndPoint(System.Net.IPAddress.Loopback, port), transactions!, groups, IsIsolated, logger);
            proxies.Add(proxy);
            MockNative.BrokerSetHostPort(cluster, i + 1, "127.0.0.1", proxy.Port);
        }

        foreach (var api in ProxiedApi.All)
        {
            Check(MockNative.SetApiVersion(cluster, (short)api.Key, 0, api.MaxVersion), $"set the versions of request {api.Key} to 0-{api.MaxVersion}");
        }

        BootstrapServers = Marshal.PtrToStringUTF8(MockNative.ClusterBootstraps(cluster)) ?? string.Empty;
    }

    private bool IsIsolated(string clientId) => isolated.Keys.Any(prefix => clientId.StartsWith(prefix, StringComparison.Ordinal));

    private static string ErrorText(byte[] error) => Encoding.UTF8.GetString(error, 0, Math.Max(0, Array.IndexOf(error, (byte)0)));

    private void Check(int error, string what)
    {
        if (error != 0)
        {
            throw new InvalidOperationException($"Embedded cluster '{Name}' could not {what}: {new Error((ErrorCode)error).Reason}");
        }
    }

    private nint Live() => cluster != 0 ? cluster : throw new ObjectDisposedException(nameof(EmbeddedKafkaCluster), $"Embedded cluster '{Name}' was disposed.");
}
