namespace FaustGen.Codecs;

/// <summary>
/// The <c>json-schema</c> format: Confluent's JSON Schema wire format, a zero byte, the schema's registry id (4 bytes,
/// big-endian), then the JSON the <c>json</c> codec writes. The JSON Schema of a <see cref="RecordAttribute">[Record]</see>
/// is derived at build time and registered under the subject <c>{topic}-value</c> or <c>{topic}-key</c> when the first
/// message is written.
/// </summary>
/// <remarks>
/// Carries <see cref="RecordAttribute">[Record]</see> types. Reading does not ask the registry: the JSON is read by the
/// record's generated reader, which refuses a payload without a required field as the <c>json</c> codec does, and
/// skips unknown properties, so payloads written with an older or newer schema read as far as their fields allow. The
/// built-in instance uses the registry at <see cref="AppSettings.SchemaRegistryUrl"/>; register
/// <c>new JsonSchemaCodec(client)</c> to use another.
/// </remarks>
public sealed class JsonSchemaCodec : SchemaRegistryCodec
{
    /// <summary>Creates a <c>json-schema</c> codec that uses <paramref name="registry"/> whatever the app's settings say.</summary>
    public JsonSchemaCodec(SchemaRegistryClient registry) : base("json-schema", registry ?? throw new ArgumentNullException(nameof(registry)))
    {
    }

    internal JsonSchemaCodec() : base("json-schema", null)
    {
    }

    /// <summary>
    /// The codec for <typeparamref name="T"/> outside a topic: its schema is registered under the subject of its full
    /// name (Confluent's record name strategy). Only a codec made with a registry client has one.
    /// </summary>
    /// <exception cref="InvalidOperationException">This is the built-in codec, whose registry comes with a topic's app.</exception>
    public override ICodec<T>? For<T>() =>
        RecordCodecs<T>.Json is { } json
            ? new JsonSchemaTopicCodec<T>(json, SchemaFor(typeof(T).FullName ?? typeof(T).Name, new RegistrySchema(json.Schema, SchemaFormat.Json)))
            : null;

    /// <inheritdoc/>
    /// <exception cref="FaustConfigurationException">No schema registry is configured.</exception>
    public override ICodec<T>? For<T>(CodecTarget target)
    {
        ArgumentNullException.ThrowIfNull(target);
        return RecordCodecs<T>.Json is { } json
            ? new JsonSchemaTopicCodec<T>(json, SchemaFor(target, new RegistrySchema(json.Schema, SchemaFormat.Json)))
            : null;
    }
}
