namespace FaustGen.Codecs;

/// <summary>
/// A named serialization format that can make a typed <see cref="ICodec{T}"/> for the types it supports
/// (Faust's codecs: <c>json</c>, <c>raw</c>, …). Settings take a codec as an instance or by name:
/// a string converts to a reference that the app resolves, when it starts, against its registered codecs.
/// </summary>
public abstract class Codec
{
    /// <summary>Creates a codec with the given name.</summary>
    protected Codec(string name)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        Name = name;
    }

    /// <summary>The codec's name.</summary>
    public string Name { get; }

    /// <summary>The codec for <typeparamref name="T"/>, or <see langword="null"/> when this format cannot carry it.</summary>
    public abstract ICodec<T>? For<T>();

    /// <summary>
    /// The codec for <typeparamref name="T"/> where it is used, or <see langword="null"/> when this format cannot carry
    /// it. Formats that depend on the topic override it; the others return <see cref="For{T}()"/>.
    /// </summary>
    public virtual ICodec<T>? For<T>(CodecTarget target) => For<T>();

    /// <summary>JSON (the default value serializer).</summary>
    public static Codec Json { get; } = new JsonCodec();

    /// <summary>Bytes as they are; also carries strings as UTF-8 (the default key serializer).</summary>
    public static Codec Raw { get; } = new RawCodec();

    /// <summary>Text as UTF-8: strings, and numbers, dates and the other primitives in their invariant text form.</summary>
    public static Codec String { get; } = new StringCodec();

    /// <summary>MessagePack, interoperable with MessagePack-CSharp's standard resolver.</summary>
    public static Codec MsgPack { get; } = new MsgPackCodec();

    /// <summary>Avro in Confluent's wire format, with the schema registry at <see cref="AppSettings.SchemaRegistryUrl"/>.</summary>
    public static Codec Avro { get; } = new AvroCodec();

    /// <summary>JSON in Confluent's JSON Schema wire format, with the schema registry at <see cref="AppSettings.SchemaRegistryUrl"/>.</summary>
    public static Codec JsonSchema { get; } = new JsonSchemaCodec();

    /// <summary>A reference to a codec by name, resolved when the app starts. Names may chain formats,
    /// for example <c>json|binary</c>.</summary>
    public static implicit operator Codec(string name) => new NamedCodecReference(name);

    /// <inheritdoc/>
    public override string ToString() => Name;
}
