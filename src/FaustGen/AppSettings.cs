using System.Globalization;
using FaustGen.Codecs;
using FaustGen.Validation;
using Microsoft.Extensions.Configuration;

namespace FaustGen;

/// <summary>
/// The settings of an app, after Faust's "Application" guide. The <see cref="AppAttribute">[App]</see>
/// attribute sets their defaults; code and <see cref="Bind(IConfiguration)"/> may change them until the app
/// starts, when they are validated and frozen.
/// </summary>
public sealed class AppSettings
{
    /// <summary>The default broker URL.</summary>
    public const string DefaultBroker = "kafka://localhost:9092";

    /// <summary>The configuration section FaustGen.Hosting and FaustGen.CommandLine read settings from
    /// (<c>"FaustGen": { "Broker": … }</c> in appsettings.json, or the environment variable <c>FaustGen__Broker</c>).</summary>
    public const string ConfigurationSection = "FaustGen";

    /// <summary>The prefix of the environment variables <see cref="BindEnvironment"/> reads (<c>FAUSTGEN_BROKER</c>).</summary>
    public const string EnvironmentPrefix = "FAUSTGEN_";

    private string id = string.Empty;
    private string broker = DefaultBroker;
    private TimeSpan brokerConnectTimeout = TimeSpan.FromSeconds(10);
    private string store = "memory://";
    private string? schemaRegistryUrl;
    private string? schemaRegistryUserInfo;
    private string? schemaRegistryBearerToken;
    private string clientId = "faustgen-" + (typeof(AppSettings).Assembly.GetName().Version?.ToString(3) ?? "0");
    private TimeSpan commitInterval = TimeSpan.FromSeconds(30);
    private Codec keySerializer = Codec.Raw;
    private Codec valueSerializer = Codec.Json;
    private int standbyReplicas;
    private string? dataDirectory;
    private TimeSpan revokedStateRetention = TimeSpan.FromMinutes(10);
    private string? instanceId;
    private int replicationFactor = 1;
    private int topicPartitions = 8;
    private int streamBufferMaxSize = 4096;
    private TimeSpan shutdownTimeout = TimeSpan.FromSeconds(30);
    private bool recordEventDurations;
    private OffsetReset consumerAutoOffsetReset = OffsetReset.Earliest;
    private PartitionAssignmentStrategy partitionAssignmentStrategy = PartitionAssignmentStrategy.Range;
    private ProcessingGuarantee processingGuarantee = ProcessingGuarantee.AtLeastOnce;
    private AgentStoppedAction onAgentStopped = AgentStoppedAction.FailApp;
    private string? canonicalUrl;
    private TimeSpan clusterHeartbeatInterval = TimeSpan.FromSeconds(3);
    private bool webEnabled = true;
    private int webPort = 6066;
    private string webBind = "127.0.0.1";
    private IDictionary<string, string> brokerProperties = new Dictionary<string, string>(StringComparer.Ordinal);
    private bool frozen;
    private bool bound;

    /// <summary>The application id, shared by every worker of the app: it names the consumer group and
    /// prefixes internal topics. Required.</summary>
    public string Id { get => id; set => Set(ref id, value); }

    /// <summary>The broker URL: <c>kafka://host:port</c>, several hosts separated by ';'
    /// (<c>kafka://k1:9092;k2:9092</c>), <c>embedded://[brokers]</c> for a Kafka cluster inside the process,
    /// or <c>memory://[name]</c> for the in-process transport. Default <c>kafka://localhost:9092</c>.</summary>
    public string Broker { get => broker; set => Set(ref broker, value); }

    /// <summary>How long a start (and the command line's <c>send</c>) waits for the brokers of <see cref="Broker"/> to
    /// answer before it fails with a <see cref="Transport.BrokerUnreachableException"/> that names them. Default 10 seconds.</summary>
    public TimeSpan BrokerConnectTimeout { get => brokerConnectTimeout; set => Set(ref brokerConnectTimeout, value); }

    /// <summary>Where tables keep their data: <c>memory://</c> (default) or <c>rocksdb://</c>.</summary>
    public string Store { get => store; set => Set(ref store, value); }

    /// <summary>
    /// The URL of the schema registry the <c>avro</c>, <c>json-schema</c> and <c>protobuf</c> codecs register and fetch
    /// schemas with (Confluent's or a compatible one). User info in it (<c>https://key:secret@host</c>) is basic
    /// authentication. Default none.
    /// </summary>
    public string? SchemaRegistryUrl { get => schemaRegistryUrl; set => Set(ref schemaRegistryUrl, value); }

    /// <summary>The older name of <see cref="SchemaRegistryUrl"/>, from when only <c>avro</c> used a registry: the same setting.</summary>
    [System.ComponentModel.EditorBrowsable(System.ComponentModel.EditorBrowsableState.Never)]
    public string? AvroRegistryUrl { get => SchemaRegistryUrl; set => SchemaRegistryUrl = value; }

    /// <summary>Basic authentication with the schema registry as <c>user:password</c> (Confluent's
    /// <c>basic.auth.user.info</c>), instead of user info in <see cref="SchemaRegistryUrl"/>. Default none.</summary>
    public string? SchemaRegistryUserInfo { get => schemaRegistryUserInfo; set => Set(ref schemaRegistryUserInfo, value); }

    /// <summary>A bearer token the schema registry client sends (<c>Authorization: Bearer …</c>). Default none.</summary>
    public string? SchemaRegistryBearerToken { get => schemaRegistryBearerToken; set => Set(ref schemaRegistryBearerToken, value); }

    /// <summary>The client id reported to the broker. Default <c>faustgen-VERSION</c>.</summary>
    public string ClientId { get => clientId; set => Set(ref clientId, value); }

    /// <summary>How often offsets of fully processed events are committed. Default 30 seconds.</summary>
    public TimeSpan CommitInterval { get => commitInterval; set => Set(ref commitInterval, value); }

    /// <summary>The codec for keys where a topic or table names none. Default <c>raw</c> (bytes, or strings as UTF-8).</summary>
    /// <remarks>Assign a name (<c>"json"</c>, <c>"json|binary"</c>) or a <see cref="Codec"/> instance.</remarks>
    public Codec KeySerializer { get => keySerializer; set => Set(ref keySerializer, value ?? throw new ArgumentNullException(nameof(value))); }

    /// <summary>The codec for values where a topic or table names none. Default <c>json</c>.</summary>
    /// <remarks>Assign a name (<c>"json"</c>, <c>"json|binary"</c>) or a <see cref="Codec"/> instance.</remarks>
    public Codec ValueSerializer { get => valueSerializer; set => Set(ref valueSerializer, value ?? throw new ArgumentNullException(nameof(value))); }

    /// <summary>How many lost workers standby copies prepare for: with N, every worker keeps copies of the table
    /// partitions it would be assigned if up to N other workers were lost, so it resumes them with little to
    /// replay. Default 0 (none).</summary>
    public int StandbyReplicas { get => standbyReplicas; set => Set(ref standbyReplicas, value); }

    /// <summary>Where persistent stores (<c>rocksdb://</c>) keep table data. Default <c>.faustgen/{Id}</c> under
    /// the current directory.</summary>
    public string DataDirectory { get => dataDirectory ?? Path.Combine(".faustgen", Id); set => Set(ref dataDirectory, value); }

    /// <summary>How long a table partition this worker gave up stays in its store, so that getting it back
    /// replays only the changelog records written since. Default 10 minutes.</summary>
    public TimeSpan RevokedStateRetention { get => revokedStateRetention; set => Set(ref revokedStateRetention, value); }

    /// <summary>This worker's static group membership id (Kafka's <c>group.instance.id</c>), unique per worker and
    /// kept across restarts: a worker restarted within the session timeout gets its partitions back without a
    /// rebalance, and with a persistent store its local table data too. Default none (dynamic membership).</summary>
    public string? InstanceId { get => instanceId; set => Set(ref instanceId, value); }

    /// <summary>The replication factor of the changelog and repartition topics the app creates. Default 1.</summary>
    public int ReplicationFactor { get => replicationFactor; set => Set(ref replicationFactor, value); }

    /// <summary>The partition count of internal topics (changelogs, repartition topics) when no source topic
    /// says otherwise. Default 8.</summary>
    public int TopicPartitions { get => topicPartitions; set => Set(ref topicPartitions, value); }

    /// <summary>How many events of one partition may wait for agents before the partition is paused
    /// (back-pressure). Default 4096.</summary>
    public int StreamBufferMaxSize { get => streamBufferMaxSize; set => Set(ref streamBufferMaxSize, value); }

    /// <summary>The longest a graceful stop (or a partition revocation) waits for events in flight. Default 30 seconds.</summary>
    public TimeSpan ShutdownTimeout { get => shutdownTimeout; set => Set(ref shutdownTimeout, value); }

    /// <summary>
    /// Whether every event's processing time is recorded in the <c>faustgen.event.duration</c> histogram. Default
    /// false: it takes two clock reads and a histogram record per event, which on our 2-core machines costs more
    /// than the rest of dispatching an event (see docs/benchmarks.md) — Kafka Streams, too, records per-record
    /// latency only at its DEBUG recording level. Event counts and rates are kept either way.
    /// </summary>
    public bool RecordEventDurations { get => recordEventDurations; set => Set(ref recordEventDurations, value); }

    /// <summary>Where a worker starts reading a partition its group has no committed offset for. Default
    /// <see cref="OffsetReset.Earliest"/>, as in Faust.</summary>
    public OffsetReset ConsumerAutoOffsetReset { get => consumerAutoOffsetReset; set => Set(ref consumerAutoOffsetReset, value); }

    /// <summary>How the consumer group spreads partitions over workers. Default <see cref="PartitionAssignmentStrategy.Range"/>,
    /// the one that keeps co-partitioned topics together.</summary>
    public PartitionAssignmentStrategy PartitionAssignmentStrategy { get => partitionAssignmentStrategy; set => Set(ref partitionAssignmentStrategy, value); }

    /// <summary>What a crash may do to processing. Default <see cref="ProcessingGuarantee.AtLeastOnce"/>;
    /// <see cref="ProcessingGuarantee.ExactlyOnce"/> commits outputs, changelog writes and consumed offsets in Kafka
    /// transactions (see docs/tables.md).</summary>
    public ProcessingGuarantee ProcessingGuarantee { get => processingGuarantee; set => Set(ref processingGuarantee, value); }

    /// <summary>What the app does when an agent stops on an error. Default <see cref="AgentStoppedAction.FailApp"/>: the
    /// app stops and ends Failed, for its supervisor to restart it.</summary>
    public AgentStoppedAction OnAgentStopped { get => onAgentStopped; set => Set(ref onAgentStopped, value); }

    /// <summary>Where other workers reach this worker's web site (<c>http://host:port</c>), published in the
    /// cluster map for key routing. Default none.</summary>
    public string? CanonicalUrl { get => canonicalUrl; set => Set(ref canonicalUrl, value); }

    /// <summary>How often a worker republishes its entry in the cluster map; a worker not heard from for three
    /// intervals is taken for gone. Default 3 seconds.</summary>
    public TimeSpan ClusterHeartbeatInterval { get => clusterHeartbeatInterval; set => Set(ref clusterHeartbeatInterval, value); }

    /// <summary>Whether the app's web site (see <see cref="App.CreateWebSite"/>) serves. Default true; an app serves
    /// nothing unless it creates a site.</summary>
    public bool WebEnabled { get => webEnabled; set => Set(ref webEnabled, value); }

    /// <summary>The port the web site listens on, as in Faust. Default 6066; 0 takes any free port.</summary>
    public int WebPort { get => webPort; set => Set(ref webPort, value); }

    /// <summary>The address the web site listens on. Default <c>127.0.0.1</c>, reachable from this machine only;
    /// serving others is an explicit choice (<c>0.0.0.0</c>, <c>::</c> or an interface's address).</summary>
    public string WebBind { get => webBind; set => Set(ref webBind, value); }

    /// <summary>Where other workers reach this one's web site: <see cref="CanonicalUrl"/>, else the web site's bind
    /// address and port (the host's name when it binds every address), else null.</summary>
    internal string? AdvertisedUrl
    {
        get
        {
            if (CanonicalUrl is not null || !WebEnabled || WebPort == 0)
            {
                return CanonicalUrl;
            }

            var host = WebBind is "0.0.0.0" or "::" or "*" ? Environment.MachineName.ToLowerInvariant()
                : WebBind.Contains(':', StringComparison.Ordinal) ? $"[{WebBind}]" : WebBind;
            return $"http://{host}:{WebPort.ToString(CultureInfo.InvariantCulture)}";
        }
    }

    /// <summary>
    /// Client properties passed to the broker's client as they are: for Kafka, librdkafka's settings (SASL, SSL,
    /// tuning such as <c>linger.ms</c>). A key prefixed <c>consumer.</c>, <c>producer.</c> or <c>admin.</c> goes to
    /// that client only. Bound from the configuration section <c>BrokerProperties</c>
    /// (<c>BrokerProperties:sasl.mechanism</c>). Read-only once the app has started.
    /// </summary>
    public IDictionary<string, string> BrokerProperties => brokerProperties;

    /// <summary>Whether the settings are frozen (the app has started).</summary>
    public bool IsFrozen => Volatile.Read(ref frozen);

    /// <summary>Whether settings were read from a configuration or the environment (<see cref="Bind(IConfiguration)"/>,
    /// <see cref="BindEnvironment"/>); the command line reads appsettings.json and the environment only when not, so
    /// that it does not read them again over what FaustGen.Hosting or the program read.</summary>
    public bool IsBound => bound;

    /// <summary>
    /// Reads settings from <paramref name="configuration"/>: the keys are the property names (<c>Broker</c>,
    /// <c>CommitInterval</c>, …), so an environment variable <c>FAUSTGEN_BROKER</c> read through
    /// <c>AddEnvironmentVariables("FAUSTGEN_")</c> sets <see cref="Broker"/>. Keys that are absent leave
    /// settings as they are. Durations are seconds (<c>2.5</c>) or <c>hh:mm:ss</c>.
    /// </summary>
    /// <exception cref="FaustConfigurationException">A value cannot be read; the message names the key and the value.</exception>
    public AppSettings Bind(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        return Bind(
            key => configuration[key],
            configuration.GetSection(nameof(BrokerProperties)).GetChildren().Select(property => KeyValuePair.Create(property.Key, property.Value)));
    }

    /// <summary>
    /// Reads settings from the environment variables named <paramref name="prefix"/> and a setting's name, in any case
    /// (<c>FAUSTGEN_BROKER</c>, <c>FAUSTGEN_COMMITINTERVAL=5</c>), and broker properties from
    /// <c>FAUSTGEN_BROKERPROPERTIES__name</c> (<c>FAUSTGEN_BROKERPROPERTIES__sasl.mechanism</c>): what
    /// <see cref="Bind(IConfiguration)"/> reads from <c>AddEnvironmentVariables("FAUSTGEN_")</c>, without that package. Variables that are
    /// not set leave settings as they are.
    /// </summary>
    /// <exception cref="FaustConfigurationException">A value cannot be read; the message names the setting and the value.</exception>
    public AppSettings BindEnvironment(string prefix = EnvironmentPrefix)
    {
        ArgumentNullException.ThrowIfNull(prefix);
        var values = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        foreach (System.Collections.DictionaryEntry variable in Environment.GetEnvironmentVariables())
        {
            if (variable.Key is string name && name.StartsWith(prefix, StringComparison.OrdinalIgnoreCase))
            {
                // A double underscore separates sections, as in Microsoft.Extensions.Configuration.
                values[name[prefix.Length..].Replace("__", ":", StringComparison.Ordinal)] = variable.Value as string;
            }
        }

        var section = nameof(BrokerProperties) + ":";
        return Bind(
            key => values.GetValueOrDefault(key),
            values.Where(v => v.Key.StartsWith(section, StringComparison.OrdinalIgnoreCase) && !v.Key.AsSpan(section.Length).Contains(':'))
                .Select(v => KeyValuePair.Create(v.Key[section.Length..], v.Value)));
    }

    /// <summary>Checks every setting and throws for the first invalid one, naming it and its value.</summary>
    /// <exception cref="FaustConfigurationException">A setting is invalid.</exception>
    public void Validate() => Validate([], []);

    /// <summary>Checks every setting, accepting the broker and store schemes an app's extensions registered.</summary>
    internal void Validate(ICollection<string> brokerSchemes, ICollection<string> storeSchemes)
    {
        Check(nameof(Id), Id, Names.AppIdError(Id));
        Check(nameof(Broker), Broker, Urls.BrokerUrlError(Broker, brokerSchemes));
        Check(nameof(BrokerConnectTimeout), BrokerConnectTimeout, BrokerConnectTimeout > TimeSpan.Zero ? null : "must be longer than zero");
        Check(nameof(Store), Store, Urls.StoreUrlError(Store, storeSchemes));
        if (SchemaRegistryUrl is not null &&
            !(Uri.TryCreate(SchemaRegistryUrl, UriKind.Absolute, out var registry) && (registry.Scheme == Uri.UriSchemeHttp || registry.Scheme == Uri.UriSchemeHttps)))
        {
            throw FaustConfigurationException.ForSetting(nameof(SchemaRegistryUrl), SchemaRegistryUrl, "expected an absolute http:// or https:// URL");
        }

        Check(nameof(ClientId), ClientId, string.IsNullOrWhiteSpace(ClientId) ? "the client id must not be empty" : null);
        Check(nameof(CommitInterval), CommitInterval, CommitInterval > TimeSpan.Zero ? null : "must be longer than zero");
        Check(nameof(StandbyReplicas), StandbyReplicas, StandbyReplicas >= 0 ? null : "must be 0 or more");
        Check(nameof(DataDirectory), DataDirectory, string.IsNullOrWhiteSpace(DataDirectory) ? "must not be empty" : null);
        Check(nameof(RevokedStateRetention), RevokedStateRetention, RevokedStateRetention >= TimeSpan.Zero ? null : "must not be negative");
        Check(nameof(InstanceId), InstanceId, InstanceId is not null && string.IsNullOrWhiteSpace(InstanceId) ? "must not be empty (leave it unset for dynamic membership)" : null);
        Check(nameof(ReplicationFactor), ReplicationFactor, ReplicationFactor >= 1 ? null : "must be 1 or more");
        Check(nameof(TopicPartitions), TopicPartitions, TopicPartitions >= 1 ? null : "must be 1 or more");
        Check(nameof(StreamBufferMaxSize), StreamBufferMaxSize, StreamBufferMaxSize >= 1 ? null : "must be 1 or more");
        Check(nameof(ShutdownTimeout), ShutdownTimeout, ShutdownTimeout >= TimeSpan.Zero ? null : "must not be negative");
        Check(nameof(ConsumerAutoOffsetReset), ConsumerAutoOffsetReset, Enum.IsDefined(ConsumerAutoOffsetReset) ? null : "expected Earliest or Latest");
        Check(nameof(PartitionAssignmentStrategy), PartitionAssignmentStrategy, Enum.IsDefined(PartitionAssignmentStrategy) ? null : "expected Range or CooperativeSticky");
        Check(nameof(ProcessingGuarantee), ProcessingGuarantee, Enum.IsDefined(ProcessingGuarantee) ? null : "expected AtLeastOnce or ExactlyOnce");
        Check(nameof(OnAgentStopped), OnAgentStopped, Enum.IsDefined(OnAgentStopped) ? null : "expected FailApp or KeepRunning");
        if (CanonicalUrl is not null &&
            !(Uri.TryCreate(CanonicalUrl, UriKind.Absolute, out var canonical) && (canonical.Scheme == Uri.UriSchemeHttp || canonical.Scheme == Uri.UriSchemeHttps)))
        {
            throw FaustConfigurationException.ForSetting(nameof(CanonicalUrl), CanonicalUrl, "expected an absolute http:// or https:// URL");
        }

        ValidateSchemaRegistryCredentials();
        Check(nameof(ClusterHeartbeatInterval), ClusterHeartbeatInterval, ClusterHeartbeatInterval > TimeSpan.Zero ? null : "must be longer than zero");
        Check(nameof(WebPort), WebPort, WebPort is >= 0 and <= 65535 ? null : "expected a port from 1 to 65535, or 0 for any free port");
        Check(nameof(WebBind), WebBind, WebBind is "*" || System.Net.IPAddress.TryParse(WebBind, out _) || WebBind == "localhost"
            ? null
            : "expected an IP address (127.0.0.1, 0.0.0.0, ::), localhost or *");
        foreach (var (key, value) in BrokerProperties)
        {
            Check($"{nameof(BrokerProperties)}:{key}", value, string.IsNullOrWhiteSpace(key) ? "property names must not be empty" : value is null ? "values must not be null" : null);
        }
    }

    private AppSettings Bind(Func<string, string?> read, IEnumerable<KeyValuePair<string, string?>> brokerPropertyValues)
    {
        foreach (var (key, apply) in Binders)
        {
            if (read(key) is { } value)
            {
                apply(this, key, value);
            }
        }

        foreach (var (key, value) in brokerPropertyValues)
        {
            if (value is not null)
            {
                BrokerProperties[key] = value;
            }
        }

        bound = true;
        return this;
    }

    // Secrets are not shown in the errors: only what is wrong with them.
    private void ValidateSchemaRegistryCredentials()
    {
        if (SchemaRegistryUserInfo is not null && !SchemaRegistryUserInfo.Contains(':', StringComparison.Ordinal))
        {
            throw FaustConfigurationException.ForSetting(nameof(SchemaRegistryUserInfo), "(hidden)", "expected user:password");
        }

        var basic = SchemaRegistryUserInfo is not null || (SchemaRegistryUrl is not null && Uri.TryCreate(SchemaRegistryUrl, UriKind.Absolute, out var url) && url.UserInfo.Length > 0);
        if (basic && SchemaRegistryBearerToken is not null)
        {
            throw FaustConfigurationException.ForSetting(nameof(SchemaRegistryBearerToken), "(hidden)", "the schema registry takes basic or bearer authentication, not both");
        }
    }

    internal void Freeze()
    {
        brokerProperties = brokerProperties.AsReadOnly();
        Volatile.Write(ref frozen, true);
    }

    private static void Check(string setting, object? value, string? error)
    {
        if (error is not null)
        {
            throw FaustConfigurationException.ForSetting(setting, value, error);
        }
    }

    private void Set<T>(ref T field, T value)
    {
        if (IsFrozen)
        {
            throw new InvalidOperationException($"The settings of app '{Id}' are frozen: the app has started. Change settings before starting it.");
        }

        field = value;
    }

    private static readonly (string Key, Action<AppSettings, string, string> Apply)[] Binders =
    [
        (nameof(Id), static (s, _, v) => s.Id = v),
        (nameof(Broker), static (s, _, v) => s.Broker = v),
        (nameof(BrokerConnectTimeout), static (s, k, v) => s.BrokerConnectTimeout = ParseDuration(k, v)),
        (nameof(Store), static (s, _, v) => s.Store = v),
        (nameof(AvroRegistryUrl), static (s, _, v) => s.AvroRegistryUrl = v.Length == 0 ? null : v),
        (nameof(ClientId), static (s, _, v) => s.ClientId = v),
        (nameof(CommitInterval), static (s, k, v) => s.CommitInterval = ParseDuration(k, v)),
        (nameof(KeySerializer), static (s, _, v) => s.KeySerializer = v),
        (nameof(ValueSerializer), static (s, _, v) => s.ValueSerializer = v),
        (nameof(StandbyReplicas), static (s, k, v) => s.StandbyReplicas = ParseInt(k, v)),
        (nameof(DataDirectory), static (s, _, v) => s.DataDirectory = v),
        (nameof(RevokedStateRetention), static (s, k, v) => s.RevokedStateRetention = ParseDuration(k, v)),
        (nameof(InstanceId), static (s, _, v) => s.InstanceId = v.Length == 0 ? null : v),
        (nameof(ReplicationFactor), static (s, k, v) => s.ReplicationFactor = ParseInt(k, v)),
        (nameof(TopicPartitions), static (s, k, v) => s.TopicPartitions = ParseInt(k, v)),
        (nameof(StreamBufferMaxSize), static (s, k, v) => s.StreamBufferMaxSize = ParseInt(k, v)),
        (nameof(ShutdownTimeout), static (s, k, v) => s.ShutdownTimeout = ParseDuration(k, v)),
        (nameof(RecordEventDurations), static (s, k, v) => s.RecordEventDurations = ParseBool(k, v)),
        (nameof(ConsumerAutoOffsetReset), static (s, k, v) => s.ConsumerAutoOffsetReset = ParseOffsetReset(k, v)),
        (nameof(PartitionAssignmentStrategy), static (s, k, v) => s.PartitionAssignmentStrategy = ParseAssignmentStrategy(k, v)),
        (nameof(ProcessingGuarantee), static (s, k, v) => s.ProcessingGuarantee = ParseGuarantee(k, v)),
        (nameof(OnAgentStopped), static (s, k, v) => s.OnAgentStopped = ParseAgentStopped(k, v)),
        (nameof(CanonicalUrl), static (s, _, v) => s.CanonicalUrl = v.Length == 0 ? null : v),
        (nameof(ClusterHeartbeatInterval), static (s, k, v) => s.ClusterHeartbeatInterval = ParseDuration(k, v)),
        (nameof(WebEnabled), static (s, k, v) => s.WebEnabled = ParseBool(k, v)),
        (nameof(WebPort), static (s, k, v) => s.WebPort = ParseInt(k, v)),
        (nameof(WebBind), static (s, _, v) => s.WebBind = v),
        (nameof(SchemaRegistryUrl), static (s, _, v) => s.SchemaRegistryUrl = v.Length == 0 ? null : v),
        (nameof(SchemaRegistryUserInfo), static (s, _, v) => s.SchemaRegistryUserInfo = v.Length == 0 ? null : v),
        (nameof(SchemaRegistryBearerToken), static (s, _, v) => s.SchemaRegistryBearerToken = v.Length == 0 ? null : v),
    ];

    private static OffsetReset ParseOffsetReset(string key, string value) => value.ToLowerInvariant() switch
    {
        "earliest" => OffsetReset.Earliest,
        "latest" => OffsetReset.Latest,
        _ => throw FaustConfigurationException.ForSetting(key, value, "expected earliest or latest"),
    };

    private static PartitionAssignmentStrategy ParseAssignmentStrategy(string key, string value) => value.ToLowerInvariant() switch
    {
        "range" => PartitionAssignmentStrategy.Range,
        "cooperative-sticky" or "cooperativesticky" => PartitionAssignmentStrategy.CooperativeSticky,
        _ => throw FaustConfigurationException.ForSetting(key, value, "expected range or cooperative-sticky"),
    };

    private static ProcessingGuarantee ParseGuarantee(string key, string value) => value.ToLowerInvariant() switch
    {
        "at-least-once" or "atleastonce" or "at_least_once" => ProcessingGuarantee.AtLeastOnce,
        "exactly-once" or "exactlyonce" or "exactly_once" => ProcessingGuarantee.ExactlyOnce,
        _ => throw FaustConfigurationException.ForSetting(key, value, "expected at-least-once or exactly-once"),
    };

    private static AgentStoppedAction ParseAgentStopped(string key, string value) => value.ToLowerInvariant() switch
    {
        "fail-app" or "failapp" or "fail_app" => AgentStoppedAction.FailApp,
        "keep-running" or "keeprunning" or "keep_running" => AgentStoppedAction.KeepRunning,
        _ => throw FaustConfigurationException.ForSetting(key, value, "expected fail-app or keep-running"),
    };

    private static bool ParseBool(string key, string value) => value.ToLowerInvariant() switch
    {
        "true" or "1" or "yes" => true,
        "false" or "0" or "no" => false,
        _ => throw FaustConfigurationException.ForSetting(key, value, "expected true or false"),
    };

    private static int ParseInt(string key, string value) =>
        int.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var parsed)
            ? parsed
            : throw FaustConfigurationException.ForSetting(key, value, "expected a whole number");

    private static TimeSpan ParseDuration(string key, string value)
    {
        if (double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds) && double.IsFinite(seconds))
        {
            return TimeSpan.FromSeconds(seconds);
        }

        return TimeSpan.TryParse(value, CultureInfo.InvariantCulture, out var span)
            ? span
            : throw FaustConfigurationException.ForSetting(key, value, "expected seconds (for example 2.5) or hh:mm:ss");
    }
}

/// <summary>Where a worker starts reading a partition that has no committed offset.</summary>
public enum OffsetReset
{
    /// <summary>At the oldest message kept.</summary>
    Earliest,

    /// <summary>At the next message written.</summary>
    Latest,
}

/// <summary>How a consumer group spreads partitions over its workers.</summary>
public enum PartitionAssignmentStrategy
{
    /// <summary>Kafka's range assignor with the eager protocol: every rebalance revokes all partitions first.
    /// It gives partition p of every topic with the same partition count to the same worker (co-partitioning).</summary>
    Range,

    /// <summary>Kafka's cooperative-sticky assignor: a rebalance moves only the partitions that change hands, but
    /// partitions of different topics with the same number may land on different workers, so use it for apps
    /// without tables or joins.</summary>
    CooperativeSticky,
}

/// <summary>What a worker's crash may do to the processing of events (Faust's and Kafka Streams' <c>processing_guarantee</c>).</summary>
public enum ProcessingGuarantee
{
    /// <summary>No event is lost; events not committed when a worker crashes are processed again by the next owner of
    /// their partition, so their effects (table changes, messages sent) may happen twice.</summary>
    AtLeastOnce,

    /// <summary>Each event's effects happen once: messages sent, changelog writes and consumed offsets are committed
    /// together in Kafka transactions, consumers and changelog readers read only committed messages, and a crashed
    /// worker's uncommitted work is aborted. Needs a broker with transactions (Kafka, or an embedded cluster started
    /// with transactions).</summary>
    ExactlyOnce,
}
