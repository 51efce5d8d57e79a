using FaustGen.Codecs;
using FaustGen.Transport;

namespace FaustGen.Monitoring;

/// <summary>A topic of an app seen without its types, for tools that take keys and values as text (the command line).</summary>
public abstract class TopicView
{
    private protected TopicView()
    {
    }

    /// <summary>The topic's name.</summary>
    public abstract string Name { get; }

    /// <summary>The key's type as C# writes it (<c>string</c>, <c>List&lt;int&gt;</c>).</summary>
    public abstract string KeyType { get; }

    /// <summary>The value's type as C# writes it.</summary>
    public abstract string ValueType { get; }

    /// <summary>The partition count the app declares, or null when the broker decides.</summary>
    public abstract int? Partitions { get; }

    /// <summary>Encodes a message from text: each of <paramref name="key"/> and <paramref name="value"/> is read as its
    /// type (by the topic's codec when the text is its encoding, else as JSON, else, for strings, as the text) and
    /// encoded with the topic's codec, or with <paramref name="valueCodec"/> when given.</summary>
    /// <exception cref="FormatException">The key or the value cannot be read; the message says what was expected.</exception>
    public abstract OutgoingMessage Encode(string? key, string value, int? partition, Codec? valueCodec);
}

/// <summary>The view of a <see cref="Topic{TKey, TValue}"/>, whose codecs are resolved when it is made.</summary>
internal sealed class TopicView<TKey, TValue>(Topic<TKey, TValue> topic) : TopicView
{
    public override string Name => topic.Name;

    public override string KeyType => CSharpTypeNames.Of(typeof(TKey));

    public override string ValueType => CSharpTypeNames.Of(typeof(TValue));

    public override int? Partitions => topic.Options.Partitions;

    public override OutgoingMessage Encode(string? key, string value, int? partition, Codec? valueCodec)
    {
        var valueCodecOf = valueCodec is null
            ? topic.ValueCodec
            : topic.App.Codecs.Get<TValue>(valueCodec, valueCodec, new CodecTarget(topic.Name, false, topic.App.Settings));
        var keyBytes = key is null ? null : Payload.Encode(topic.KeyCodec, TextValues.Parse(key, topic.KeyCodec, "Key"));
        var valueBytes = Payload.Encode(valueCodecOf, TextValues.Parse(value, valueCodecOf, "Value"));
        return new OutgoingMessage(topic.Name, partition, keyBytes, valueBytes);
    }
}
