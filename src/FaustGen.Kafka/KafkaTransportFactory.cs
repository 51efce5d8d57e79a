using FaustGen.Kafka.Embedded;
using FaustGen.Transport;
using FaustGen.Validation;

namespace FaustGen.Kafka;

/// <summary>
/// Makes <c>kafka://</c> transports: <c>kafka://h1:9092;h2:9092</c> becomes <c>bootstrap.servers</c>
/// <c>h1:9092,h2:9092</c>. The generator registers it in every app of a project that references FaustGen.Kafka.
/// </summary>
public sealed class KafkaTransportFactory : ITransportFactory
{
    /// <inheritdoc/>
    public string Scheme => "kafka";

    /// <inheritdoc/>
    public ITransport Create(TransportContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        Urls.TrySplit(context.Settings.Broker, out _, out var rest);
        return new KafkaTransport(context, string.Join(',', Urls.HostPorts(rest)), embedded: null);
    }
}

/// <summary>
/// Makes <c>embedded://</c> transports: the real Kafka client against an <see cref="EmbeddedKafkaCluster"/> in
/// this process (<c>embedded://</c>, <c>embedded://3</c>, <c>embedded://NAME</c>; see there how they are shared).
/// </summary>
public sealed class EmbeddedKafkaTransportFactory : ITransportFactory
{
    /// <inheritdoc/>
    public string Scheme => "embedded";

    /// <inheritdoc/>
    public ITransport Create(TransportContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        // An app that needs transactions gets a cluster that keeps them, and logs through the app, when it creates it.
        var cluster = EmbeddedKafkaCluster.ForUrl(context.Settings.Broker, context.Settings.ProcessingGuarantee == ProcessingGuarantee.ExactlyOnce, context.LoggerFactory);
        return new KafkaTransport(context, cluster.BootstrapServers, cluster);
    }
}
