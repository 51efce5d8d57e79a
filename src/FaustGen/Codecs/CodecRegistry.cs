using System.Collections.Concurrent;

namespace FaustGen.Codecs;

/// <summary>
/// The codecs an app knows by name: the built-in ones and those the app registers. Settings that name a
/// codec are resolved here when the app starts, so an unknown name fails at startup, not at the first message.
/// </summary>
public sealed class CodecRegistry
{
    private readonly ConcurrentDictionary<string, Codec> codecs = new(StringComparer.Ordinal);

    /// <summary>Creates a registry holding the built-in codecs.</summary>
    public CodecRegistry()
    {
        Register(Codec.Json);
        Register(Codec.Raw);
    }

    /// <summary>The names of the registered codecs.</summary>
    public IReadOnlyCollection<string> Names => codecs.Keys.Order(StringComparer.Ordinal).ToArray();

    /// <summary>Registers <paramref name="codec"/> under its name, replacing a codec of the same name.</summary>
    public void Register(Codec codec)
    {
        ArgumentNullException.ThrowIfNull(codec);
        if (codec is NamedCodecReference)
        {
            throw new ArgumentException($"'{codec.Name}' is a reference to a codec, not a codec.", nameof(codec));
        }

        codecs[codec.Name] = codec;
    }

    /// <summary>Finds the codec that <paramref name="codec"/> names, or returns it when it is already an instance.</summary>
    /// <exception cref="KeyNotFoundException">No codec of that name is registered.</exception>
    public Codec Resolve(Codec codec)
    {
        ArgumentNullException.ThrowIfNull(codec);
        if (codec is not NamedCodecReference)
        {
            return codec;
        }

        return codecs.TryGetValue(codec.Name, out var found)
            ? found
            : throw new KeyNotFoundException($"Unknown codec '{codec.Name}'. Known codecs: {string.Join(", ", Names)}.");
    }

    /// <summary>
    /// The typed codec for <typeparamref name="T"/> from <paramref name="codec"/>; <paramref name="usedFor"/>
    /// says where it is used (for example <c>value of topic 'orders'</c>) in the error when it cannot be had.
    /// </summary>
    /// <exception cref="FaustConfigurationException">The codec is unknown or cannot carry <typeparamref name="T"/>.</exception>
    public ICodec<T> Get<T>(Codec codec, string usedFor)
    {
        Codec resolved;
        try
        {
            resolved = Resolve(codec);
        }
        catch (KeyNotFoundException ex)
        {
            throw new FaustConfigurationException($"{ex.Message} (for the {usedFor})", ex);
        }

        return resolved.For<T>()
            ?? throw new FaustConfigurationException(
                $"Codec '{resolved.Name}' cannot carry type {typeof(T)} (for the {usedFor}). Choose a codec that supports it, or mark the type [Record].");
    }
}
