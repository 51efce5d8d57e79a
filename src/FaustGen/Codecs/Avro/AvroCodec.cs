namespace FaustGen.Codecs;

/// <summary>
/// The <c>avro</c> format in Confluent's wire format: a zero byte, the schema's registry id (4 bytes, big-endian),
/// then the Avro binary body. The schema of a <see cref="RecordAttribute">[Record]</see> is derived at build time; it is
/// registered under the subject <c>{topic}-value</c> or <c>{topic}-key</c> when the first message is written, and a
/// message written with another schema is resolved into the record's own by Avro's rules.
/// </summary>
/// <remarks>
/// Carries records, and strings, <c>bytes</c>, numbers, <see cref="bool"/>, <see cref="char"/>, <see cref="Guid"/>,
/// dates, <see cref="TimeSpan"/> and enums as whole keys or values, written as record fields of those types are. The
/// built-in instance uses the registry at <see cref="AppSettings.SchemaRegistryUrl"/>; register
/// <c>new AvroCodec(client)</c> to use another (for example with a custom HTTP handler).
/// </remarks>
public sealed class AvroCodec : SchemaRegistryCodec
{
    /// <summary>Creates an <c>avro</c> codec that uses <paramref name="registry"/> whatever the app's settings say.</summary>
    public AvroCodec(SchemaRegistryClient registry) : base("avro", registry ?? throw new ArgumentNullException(nameof(registry)))
    {
    }

    internal AvroCodec() : base("avro", null)
    {
    }

    /// <summary>
    /// The codec for <typeparamref name="T"/> outside a topic: its schema is registered under the subject of its full
    /// name (Confluent's record name strategy). Only an <c>avro</c> codec made with a registry client has one.
    /// </summary>
    /// <exception cref="InvalidOperationException">This is the built-in codec, whose registry comes with a topic's app.</exception>
    public override ICodec<T>? For<T>() =>
        Body<T>() is { } body ? new AvroTopicCodec<T>(body, SchemaFor(AvroSchema.Parse(body.Schema).Name, new RegistrySchema(body.Schema, SchemaFormat.Avro))) : null;

    /// <inheritdoc/>
    /// <exception cref="FaustConfigurationException">No schema registry is configured.</exception>
    public override ICodec<T>? For<T>(CodecTarget target)
    {
        ArgumentNullException.ThrowIfNull(target);
        return Body<T>() is { } body
            ? new AvroTopicCodec<T>(body, SchemaFor(target, new RegistrySchema(body.Schema, SchemaFormat.Avro)))
            : null;
    }

    private static AvroRecordCodec<T>? Body<T>() => AvroPrimitiveCodecs.For<T>() ?? RecordCodecs<T>.Avro;
}
