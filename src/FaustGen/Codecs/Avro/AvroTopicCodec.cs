using System.Buffers;
using System.Buffers.Binary;
using System.Collections.Concurrent;
using System.Net;

namespace FaustGen.Codecs;

/// <summary>The <c>avro</c> codec of one topic's keys or values: Confluent's framing around a body codec, with the registry's ids.</summary>
internal sealed class AvroTopicCodec<T>(AvroRecordCodec<T> body, SchemaRegistryClient registry, string subject) : ICodec<T>
{
    private const byte MagicByte = 0;
    private const int HeaderLength = 5;

    // Resolvers by writer id; null means the writer's schema is the record's own, read directly.
    private readonly ConcurrentDictionary<int, AvroResolver?> writers = new();
    private readonly Lazy<AvroSchema> own = new(() => AvroSchema.Parse(body.Schema));
    private int id = -1;

    public string Name => "avro";

    /// <summary>The subject the schema is registered under.</summary>
    public string Subject => subject;

    public void Encode(T value, IBufferWriter<byte> output)
    {
        var schemaId = Volatile.Read(ref id);
        if (schemaId < 0)
        {
            schemaId = registry.RegisterSchema(subject, body.Schema);
            writers.TryAdd(schemaId, null);
            Volatile.Write(ref id, schemaId);
        }

        var header = output.GetSpan(HeaderLength);
        header[0] = MagicByte;
        BinaryPrimitives.WriteInt32BigEndian(header[1..], schemaId);
        output.Advance(HeaderLength);
        var writer = new AvroWriter(output);
        body.Write(ref writer, value);
        writer.Flush();
    }

    public T Decode(ReadOnlySpan<byte> input)
    {
        if (input.Length < HeaderLength || input[0] != MagicByte)
        {
            throw new FormatException("The payload is not in Confluent's Avro wire format (magic byte 0 and a schema id).");
        }

        var writerId = BinaryPrimitives.ReadInt32BigEndian(input[1..]);
        var resolver = writers.TryGetValue(writerId, out var known) ? known : Learn(writerId);
        if (resolver is null)
        {
            return Read(input[HeaderLength..]);
        }

        var buffer = ScratchBuffers.Rent();
        try
        {
            resolver.Rewrite(input[HeaderLength..], buffer);
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
        string schema;
        try
        {
            schema = registry.GetSchema(writerId);
        }
        catch (HttpRequestException ex) when (ex.StatusCode == HttpStatusCode.NotFound)
        {
            throw new FormatException($"Schema id {writerId} is unknown to the registry at {registry.Url}.", ex);
        }

        var writer = AvroSchema.Parse(schema);
        var resolver = writer.Canonical() == own.Value.Canonical() ? null : new AvroResolver(writer, own.Value);
        writers.TryAdd(writerId, resolver);
        return resolver;
    }
}
