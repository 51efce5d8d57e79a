namespace FaustGen.Codecs;

/// <summary>
/// The <c>avro</c> format in Confluent's wire format: a zero byte, the schema's registry id (4 bytes, big-endian),
/// then the Avro binary body. The schema of a <see cref="RecordAttribute">[Record]</see> is derived at build time; it is
/// registered under the subject <c>{topic}-value</c> or <c>{topic}-key</c> when the first message is written, and a
/// message written with another schema is resolved into the record's own by Avro's rules.
/// </summary>
/// <remarks>
/// Carries records, and strings, <c>bytes</c>, numbers, <see cref="bool"/>, <see cref="char"/>, <see cref="Guid"/>,
/// dates, <see cref="TimeSpan"/> and enums as whole keys or values, written as record fields of those types are. The built-in instance uses the registry at <see cref="AppSettings.AvroRegistryUrl"/>; register
/// <c>new AvroCodec(client)</c> to use another (for example with a custom HTTP handler).
/// </remarks>
public sealed class AvroCodec : Codec
{
    private readonly SchemaRegistryClient? registry;

    /// <summary>Creates an <c>avro</c> codec that uses <paramref name="registry"/> whatever the app's settings say.</summary>
    public AvroCodec(SchemaRegistryClient registry) : base("avro")
    {
        ArgumentNullException.ThrowIfNull(registry);
        this.registry = registry;
    }

    internal AvroCodec() : base("avro")
    {
    }

    /// <summary>Not available: the <c>avro</c> codec registers schemas per topic, so it needs <see cref="For{T}(CodecTarget)"/>.</summary>
    /// <exception cref="InvalidOperationException">Always.</exception>
    public override ICodec<T>? For<T>() =>
        throw new InvalidOperationException("The avro codec registers a schema per topic: get it with For<T>(CodecTarget).");

    /// <inheritdoc/>
    /// <exception cref="FaustConfigurationException">No schema registry is configured.</exception>
    public override ICodec<T>? For<T>(CodecTarget target)
    {
        ArgumentNullException.ThrowIfNull(target);
        var body = AvroPrimitiveCodecs.For<T>() ?? RecordCodecs<T>.Avro;
        if (body is null)
        {
            return null;
        }

        var client = registry ?? SchemaRegistryClient.For(target.Settings.AvroRegistryUrl ?? throw new FaustConfigurationException(
            $"The avro codec (for the {target}) needs a schema registry: set AvroRegistryUrl of app '{target.Settings.Id}'."));
        return new AvroTopicCodec<T>(body, client, target.Topic + (target.IsKey ? "-key" : "-value"));
    }
}
