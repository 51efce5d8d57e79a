using Google.Protobuf;

namespace FaustGen.Protobuf;

/// <summary>
/// Where the parsers of protobuf messages are registered, so the <c>protobuf</c> codec finds a message type's parser
/// without reflection. The generator registers every message type an <see cref="AppAttribute">[App]</see>'s topics,
/// tables and agents carry (from its <c>Parser</c>); register others yourself before resolving a codec for them.
/// </summary>
public static class ProtobufMessages
{
    /// <summary>Registers <paramref name="parser"/> as the parser of <typeparamref name="T"/>; registering again is harmless.</summary>
    public static void Register<T>(MessageParser<T> parser)
        where T : IMessage<T>
    {
        ArgumentNullException.ThrowIfNull(parser);
        ProtobufMessages<T>.Parser ??= parser;
    }
}

/// <summary>The registered parser of one message type: a static generic cache, read without a lookup.</summary>
internal static class ProtobufMessages<T>
{
    /// <summary>The parser, typed as the non-generic base so that an unconstrained <typeparamref name="T"/> can hold it.</summary>
    public static MessageParser? Parser;
}
