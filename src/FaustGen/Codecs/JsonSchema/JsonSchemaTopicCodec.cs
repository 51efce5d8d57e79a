using System.Buffers;

namespace FaustGen.Codecs;

/// <summary>The <c>json-schema</c> codec of one topic's keys or values: Confluent's framing around the record's JSON codec.</summary>
internal sealed class JsonSchemaTopicCodec<T>(JsonRecordCodec<T> json, SubjectSchema schema) : ICodec<T>
{
    public string Name => "json-schema";

    /// <summary>The subject the schema is registered under.</summary>
    public string Subject => schema.Subject;

    public void Encode(T value, IBufferWriter<byte> output)
    {
        ConfluentFraming.WriteHeader(output, schema.Id);
        json.Encode(value, output);
    }

    public T Decode(ReadOnlySpan<byte> input)
    {
        ConfluentFraming.ReadHeader(input, "JSON Schema", out var body);
        return json.Decode(body);
    }
}
