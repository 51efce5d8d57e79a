using FaustGen.Codecs;
using Google.Protobuf;
using Google.Protobuf.Reflection;

namespace FaustGen.Protobuf;

/// <summary>
/// The <c>protobuf</c> format: Google.Protobuf messages in Confluent's Protobuf wire format, a zero byte, the schema's
/// registry id (4 bytes, big-endian), the message indexes (which message of the file, as zig-zag varints), then the
/// message's own bytes. The message's <c>.proto</c> file, printed from its descriptor, is registered under the subject
/// <c>{topic}-value</c> or <c>{topic}-key</c> on first use, with the files it imports as references.
/// </summary>
/// <remarks>
/// Carries the message types registered with <see cref="ProtobufMessages"/>, which the generator does for the types
/// of an app's topics, tables and agents; nothing is looked up by reflection. Reading parses with the message's own
/// parser whatever schema the writer registered (protobuf's encoding reads across compatible versions of a message),
/// without asking the registry. The instance the generator registers uses the registry at
/// <see cref="AppSettings.SchemaRegistryUrl"/>; <c>new ProtobufCodec(client)</c> uses another.
/// </remarks>
[CodecName("protobuf")]
public sealed class ProtobufCodec : SchemaRegistryCodec
{
    /// <summary>Creates the codec that uses the registry of its topic's app.</summary>
    public ProtobufCodec() : base("protobuf", null)
    {
    }

    /// <summary>Creates a codec that uses <paramref name="registry"/> whatever the app's settings say.</summary>
    public ProtobufCodec(SchemaRegistryClient registry) : base("protobuf", registry ?? throw new ArgumentNullException(nameof(registry)))
    {
    }

    /// <summary>
    /// The codec for <typeparamref name="T"/> outside a topic: its file is registered under the subject of the message's
    /// full name (Confluent's record name strategy). Only a codec made with a registry client has one.
    /// </summary>
    /// <exception cref="InvalidOperationException">The codec takes its registry from a topic's app.</exception>
    public override ICodec<T>? For<T>() =>
        ProtobufMessages<T>.Parser is { } parser ? Create<T>(parser, descriptor => SchemaFor(descriptor.FullName, ProtoSchemas.Of(descriptor.File), ProtoSchemas.Imports(descriptor.File))) : null;

    /// <inheritdoc/>
    /// <exception cref="FaustConfigurationException">No schema registry is configured.</exception>
    public override ICodec<T>? For<T>(CodecTarget target)
    {
        ArgumentNullException.ThrowIfNull(target);
        return ProtobufMessages<T>.Parser is { } parser
            ? Create<T>(parser, descriptor => SchemaFor(target, ProtoSchemas.Of(descriptor.File), ProtoSchemas.Imports(descriptor.File)))
            : null;
    }

    private static ProtobufTopicCodec<T> Create<T>(MessageParser parser, Func<MessageDescriptor, SubjectSchema> schema)
    {
        // The parser's empty message gives the descriptor: generated code builds it from its own data, no reflection.
        var descriptor = parser.ParseFrom(ReadOnlySpan<byte>.Empty).Descriptor;
        return new ProtobufTopicCodec<T>(parser, schema(descriptor), MessageIndexes.Encode(MessageIndexes.Of(descriptor)));
    }
}
