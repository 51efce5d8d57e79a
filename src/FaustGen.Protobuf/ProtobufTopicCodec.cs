using System.Buffers;
using FaustGen.Codecs;
using Google.Protobuf;

namespace FaustGen.Protobuf;

/// <summary>The <c>protobuf</c> codec of one topic's keys or values: Confluent's framing and message indexes around the message.</summary>
internal sealed class ProtobufTopicCodec<T>(MessageParser parser, SubjectSchema schema, byte[] indexes) : ICodec<T>
{
    public string Name => "protobuf";

    /// <summary>The subject the schema is registered under.</summary>
    public string Subject => schema.Subject;

    public void Encode(T value, IBufferWriter<byte> output)
    {
        var message = value as IMessage ?? throw new ArgumentException($"A {typeof(T).Name} is not a protobuf message.", nameof(value));
        ConfluentFraming.WriteHeader(output, schema.Id);
        output.Write(indexes);
        message.WriteTo(output);
    }

    public T Decode(ReadOnlySpan<byte> input)
    {
        ConfluentFraming.ReadHeader(input, "Protobuf", out var body);
        MessageIndexes.Read(body, out var consumed);
        try
        {
            return (T)parser.ParseFrom(body[consumed..]);
        }
        catch (InvalidProtocolBufferException ex)
        {
            throw new FormatException($"Invalid Protobuf {typeof(T).Name}: {ex.Message}", ex);
        }
    }
}
