using Confluent.Kafka;
using Confluent.Kafka.Admin;
using FaustGen.Kafka.Embedded;

namespace FaustGen.TestSupport;

/// <summary>
/// The Kafka broker of a test, so that a test does not care which one it runs on. Normally a private embedded cluster
/// (librdkafka's mock cluster in this process). With <c>FAUSTGEN_TEST_BROKER=kafka://host:port</c> it is that broker,
/// shared by every test and every run: a test's topics, apps and groups then take a prefix of their own
/// (<see cref="Name"/>), topics are created with the admin API, and what the test made is deleted at the end. Tests that
/// need the embedded cluster itself are <see cref="EmbeddedFactAttribute"/>s. Linked into the test projects that need it.
/// </summary>
/// <remarks>No Kafka broker can be installed on the machines FaustGen is developed on, so the real-broker mode has not
/// been run there.</remarks>
internal sealed class TestBroker : IDisposable
{
    private readonly EmbeddedKafkaCluster? embedded;
    private readonly string prefix;

    private TestBroker(EmbeddedKafkaCluster? embedded, string brokerUrl, string bootstrapServers, string prefix)
    {
        this.embedded = embedded;
        BrokerUrl = brokerUrl;
        BootstrapServers = bootstrapServers;
        this.prefix = prefix;
    }

    /// <summary>The real broker the suites run against (<c>FAUSTGEN_TEST_BROKER</c>), or null: embedded clusters.</summary>
    public static string? External { get; } = ReadExternal();

    /// <summary>The broker URL an app is given: <c>embedded://NAME</c>, or the external <c>kafka://</c> URL.</summary>
    public string BrokerUrl { get; }

    /// <summary>What plain Confluent.Kafka clients are given.</summary>
    public string BootstrapServers { get; }

    /// <summary>The embedded cluster, for what only it can do (fault injection); only [EmbeddedFact]s ask for it.</summary>
    public EmbeddedKafkaCluster Embedded => embedded ?? throw new InvalidOperationException(
        "This test needs the embedded cluster; mark it [EmbeddedFact] so that it is skipped on a real broker.");

    /// <summary>Starts a private embedded cluster of <paramref name="brokers"/> brokers (that keeps transactions, when
    /// asked); on the external broker, a handle on it (with the brokers it has).</summary>
    public static TestBroker Start(int brokers = 1, bool transactions = false)
    {
        if (External is { } url)
        {
            var hosts = url["kafka://".Length..].Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            return new TestBroker(null, url, string.Join(',', hosts), $"t{Guid.NewGuid():N}"[..13] + "-");
        }

        var cluster = EmbeddedKafkaCluster.Start(brokers, transactions: transactions);
        return new TestBroker(cluster, cluster.BrokerUrl, cluster.BootstrapServers, string.Empty);
    }

    /// <summary>The skip reason of a test that needs the embedded cluster: null (it runs) unless the broker is external.</summary>
    public static string? SkipUnlessEmbedded(string needs) =>
        External is null ? null : $"Needs the embedded cluster (it {needs}); FAUSTGEN_TEST_BROKER runs the suites on {External}.";

    /// <summary>The name of a test's topic, app or group: <paramref name="name"/> on an embedded cluster (it is the test's
    /// own), with the test's prefix on the external broker. Prefixes compose with the app's internal topics:
    /// <c>Name("orders") + "-counts-changelog" == Name("orders-counts-changelog")</c>.</summary>
    public string Name(string name) => prefix + name;

    /// <summary>Creates topic <see cref="Name"/>(<paramref name="name"/>) and returns its name.</summary>
    public string CreateTopic(string name, int partitions, int replicationFactor = 1)
    {
        var topic = Name(name);
        if (embedded is not null)
        {
            embedded.CreateTopic(topic, partitions, replicationFactor);
            return topic;
        }

        using var admin = Admin();
        admin.CreateTopicsAsync([new TopicSpecification { Name = topic, NumPartitions = partitions, ReplicationFactor = (short)replicationFactor }])
            .GetAwaiter().GetResult();
        return topic;
    }

    public void Dispose()
    {
        if (embedded is not null)
        {
            embedded.Dispose();
            return;
        }

        // The test's topics and its apps' internal topics all carry its prefix. Best effort: a broker may refuse deletes.
        using var admin = Admin();
        try
        {
            var made = admin.GetMetadata(TimeSpan.FromSeconds(10)).Topics.Select(t => t.Topic).Where(t => t.StartsWith(prefix, StringComparison.Ordinal)).ToList();
            if (made.Count > 0)
            {
                admin.DeleteTopicsAsync(made).GetAwaiter().GetResult();
            }
        }
        catch (KafkaException)
        {
        }
    }

    private static string? ReadExternal()
    {
        var url = Environment.GetEnvironmentVariable("FAUSTGEN_TEST_BROKER");
        if (string.IsNullOrWhiteSpace(url))
        {
            return null;
        }

        return url.StartsWith("kafka://", StringComparison.Ordinal)
            ? url
            : throw new InvalidOperationException($"FAUSTGEN_TEST_BROKER must be a kafka:// URL (kafka://host:9092), not '{url}'.");
    }

    private IAdminClient Admin() => new AdminClientBuilder(new AdminClientConfig { BootstrapServers = BootstrapServers }).Build();
}
