using System.Buffers;
using System.Collections.Concurrent;

namespace FaustGen.Codecs;

/// <summary>The <c>avro</c> codec of one topic's keys or values: Confluent's framing around a body codec, with the registry's ids.</summary>
internal sealed class AvroTopicCodec<T>(AvroRecordCodec<T> body, SubjectSchema schema) : ICodec<T>
{
    // Resolvers by writer id; null means the writer's schema is the record's own, read directly.
    private readonly ConcurrentDictionary<int, AvroResolver?> writers = new();
    private readonly Lazy<AvroSchema> own = new(() => AvroSchema.Parse(body.Schema));

    public string Name => "avro";

    /// <summary>The subject the schema is registered under.</summary>
    public string Subject => schema.Subject;

    public void Encode(T value, IBufferWriter<byte> output)
    {
        ConfluentFraming.WriteHeader(output, schema.Id);
        var writer = new AvroWriter(output);
        body.Write(ref writer, value);
        writer.Flush();
    }

    public T Decode(ReadOnlySpan<byte> input)
    {
        var writerId = ConfluentFraming.ReadHeader(input, "Avro", out var avro);
        var resolver = writers.TryGetValue(writerId, out var known) ? known : Learn(writerId);
        if (resolver is null)
        {
            return Read(avro);
        }

        var buffer = ScratchBuffers.Rent();
        try
        {
            resolver.Rewrite(avro, buffer);
            return Read(buffer.WrittenSpan);
        }
        finally
        {
            ScratchBuffers.Return(buffer);
        }
    }

    private T Read(ReadOnlySpan<byte> avro)
    {
        var reader = new AvroReader(avro);
        var value = body.Read(ref reader);
        return reader.End ? value : throw new FormatException($"Unexpected bytes after the Avro {typeof(T).Name}.");
    }

    /// <summary>Fetches the writer's schema of an id not seen before and decides how to read it.</summary>
    private AvroResolver? Learn(int writerId)
    {
        if (schema.RegisteredId == writerId)
        {
            writers.TryAdd(writerId, null);
            return null;
        }

        var written = schema.WriterSchema(writerId);
        if (written.Format != SchemaFormat.Avro)
        {
            throw new FormatException($"Schema id {writerId} is a {written.FormatName} schema, not an Avro one.");
        }

        var writer = AvroSchema.Parse(written.Text);
        var resolver = writer.Canonical() == own.Value.Canonical() ? null : new AvroResolver(writer, own.Value);
        writers.TryAdd(writerId, resolver);
        return resolver;
    }
}
