namespace FaustGen.Codecs;

/// <summary>
/// A message's key or value did not decode. The message names the codec, the type, and the topic, partition
/// and offset the bytes came from; the agent's <see cref="AgentErrorPolicy"/> decides what happens next.
/// </summary>
public sealed class DeserializationException : Exception
{
    /// <summary>Creates the exception.</summary>
    public DeserializationException(string codec, Type type, string part, TopicPartitionOffset position, Exception innerException)
        : base($"The {part} at {position} did not decode as {type} with codec '{codec}': {innerException.Message}", innerException)
    {
        Codec = codec;
        TargetType = type;
        Part = part;
        Position = position;
    }

    /// <summary>The codec's name.</summary>
    public string Codec { get; }

    /// <summary>The type the bytes were decoded as.</summary>
    public Type TargetType { get; }

    /// <summary><c>key</c> or <c>value</c>.</summary>
    public string Part { get; }

    /// <summary>Where the message was read.</summary>
    public TopicPartitionOffset Position { get; }
}
