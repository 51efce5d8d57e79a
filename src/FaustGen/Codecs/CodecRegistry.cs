using System.Collections.Concurrent;
using FaustGen.Validation;

namespace FaustGen.Codecs;

/// <summary>
/// The codecs an app knows by name: the built-in ones and those the app registers. Settings that name a
/// codec are resolved here when the app starts, so an unknown name fails at startup, not at the first message.
/// </summary>
/// <remarks>
/// A name may chain a format with byte transforms, as in Faust: <c>json|binary</c> is JSON, then base64.
/// Which codec a topic uses: the topic's own setting, else the record's <c>[Record(Serializer = ...)]</c>, else
/// the app's <see cref="AppSettings.KeySerializer"/> or <see cref="AppSettings.ValueSerializer"/>.
/// </remarks>
public sealed class CodecRegistry
{
    private readonly ConcurrentDictionary<string, Codec> codecs = new(StringComparer.Ordinal);

    /// <summary>Creates a registry holding the built-in codecs.</summary>
    public CodecRegistry()
    {
        Register(Codec.Json);
        Register(Codec.Raw);
        Register(Codec.String);
        Register(Codec.MsgPack);
        Register(Codec.Avro);
        Register(Codec.JsonSchema);
    }

    /// <summary>The names of the registered codecs.</summary>
    public IReadOnlyCollection<string> Names => codecs.Keys.Order(StringComparer.Ordinal).ToArray();

    /// <summary>Registers <paramref name="codec"/> under its name, replacing a codec of the same name.</summary>
    /// <exception cref="ArgumentException">The codec is a name, or its name is a byte transform's or contains '|'.</exception>
    public void Register(Codec codec)
    {
        ArgumentNullException.ThrowIfNull(codec);
        if (codec is NamedCodecReference)
        {
            throw new ArgumentException($"'{codec.Name}' is a reference to a codec, not a codec.", nameof(codec));
        }

        if (codec.Name.Contains('|', StringComparison.Ordinal) || Array.IndexOf(CodecNames.Transforms, codec.Name) >= 0)
        {
            throw new ArgumentException($"'{codec.Name}' cannot name a codec: it is a byte transform or a chain.", nameof(codec));
        }

        codecs[codec.Name] = codec;
    }

    /// <summary>
    /// Finds the codec that <paramref name="codec"/> names, or returns it when it is already an instance. A chain
    /// such as <c>json|binary</c> resolves to its format wrapped in its transforms.
    /// </summary>
    /// <exception cref="KeyNotFoundException">The name is not a registered codec or a valid chain of one.</exception>
    public Codec Resolve(Codec codec)
    {
        ArgumentNullException.ThrowIfNull(codec);
        if (codec is not NamedCodecReference)
        {
            return codec;
        }

        if (codecs.TryGetValue(codec.Name, out var found))
        {
            return found;
        }

        if (CodecNames.Error(codec.Name, codecs.Keys.ToArray()) is { } error)
        {
            throw new KeyNotFoundException($"Unknown codec '{codec.Name}': {error}. Known codecs: {string.Join(", ", Names)}.");
        }

        var parts = CodecNames.Parts(codec.Name);
        Codec resolved = codecs[parts[0]];
        for (var i = 1; i < parts.Length; i++)
        {
            // The grammar admits only known transforms after the format; "binary" is the one there is.
            resolved = new ChainedCodec(resolved, Base64Transform.Instance);
        }

        return resolved;
    }

    /// <summary>
    /// The typed codec for <typeparamref name="T"/> from <paramref name="codec"/>; <paramref name="usedFor"/>
    /// says where it is used (for example <c>value of topic 'orders'</c>) in the error when it cannot be had.
    /// </summary>
    /// <exception cref="FaustConfigurationException">The codec is unknown or cannot carry <typeparamref name="T"/>.</exception>
    public ICodec<T> Get<T>(Codec codec, string usedFor)
    {
        var resolved = ResolveFor(codec, usedFor);
        return resolved.For<T>() ?? throw CannotCarry<T>(resolved, usedFor);
    }

    /// <summary>
    /// The typed codec for the keys or values of a topic: <paramref name="topicCodec"/> when the topic names one,
    /// else the codec the record type <typeparamref name="T"/> names in <c>[Record(Serializer = ...)]</c>, else
    /// <paramref name="appCodec"/> (the app's default for keys or values).
    /// </summary>
    /// <exception cref="FaustConfigurationException">The codec is unknown or cannot carry <typeparamref name="T"/>.</exception>
    public ICodec<T> Get<T>(Codec? topicCodec, Codec appCodec, CodecTarget target)
    {
        ArgumentNullException.ThrowIfNull(appCodec);
        ArgumentNullException.ThrowIfNull(target);
        var usedFor = target.ToString();
        var resolved = ResolveFor(topicCodec ?? RecordCodecs<T>.Serializer ?? appCodec, usedFor);
        return resolved.For<T>(target) ?? throw CannotCarry<T>(resolved, usedFor);
    }

    private Codec ResolveFor(Codec codec, string usedFor)
    {
        try
        {
            return Resolve(codec);
        }
        catch (KeyNotFoundException ex)
        {
            throw new FaustConfigurationException($"{ex.Message} (for the {usedFor})", ex);
        }
    }

    private static FaustConfigurationException CannotCarry<T>(Codec codec, string usedFor) =>
        new($"Codec '{codec.Name}' cannot carry type {typeof(T)} (for the {usedFor}). Choose a codec that supports it, or mark the type [Record].");
}
