using System.Buffers;
using System.Buffers.Binary;
using Avro;
using Avro.Generic;
using Confluent.Kafka;
using Confluent.SchemaRegistry;
using Confluent.SchemaRegistry.Serdes;

namespace FaustGen.Codecs.Tests;

public sealed class AvroTests : IDisposable
{
    private readonly RegistryServer registry = new();
    private readonly AppSettings settings;

    public AvroTests()
    {
        settings = new AppSettings { Id = "avro-tests", SchemaRegistryUrl = registry.Url };
    }

    public void Dispose() => registry.Dispose();

    private ICodec<T> For<T>(string topic, bool isKey = false) => Codecs.Codec.Avro.For<T>(new CodecTarget(topic, isKey, settings))!;

    [Fact]
    public void The_schema_is_derived_at_build_time()
    {
        Assert.Equal(
            """{"type":"record","name":"Customer","namespace":"FaustGen.Codecs.Tests","fields":[{"name":"Name","type":"string"},{"name":"e_mail","type":["null","string"],"default":null},{"name":"Tier","type":"int","default":1}]}""",
            Customer.FaustGenCodecs.Avro.SchemaText);
        Assert.StartsWith("""[{"type":"record","name":"Circle",""", Shape.FaustGenCodecs.Avro.SchemaText, StringComparison.Ordinal);
    }

    [Fact]
    public void Values_are_framed_in_Confluents_wire_format_with_the_id_registered_for_the_topics_subject()
    {
        var codec = For<Customer>("customers");

        var bytes = Samples.Encode(codec, new Customer("Ada", "a@b", 2));

        Assert.Equal(0, bytes[0]);
        var id = BinaryPrimitives.ReadInt32BigEndian(bytes.AsSpan(1));
        Assert.Equal([id], registry.Subjects["customers-value"]);
        Assert.Equal(new Customer("Ada", "a@b", 2), codec.Decode(bytes));
    }

    [Fact]
    public void Keys_register_under_the_key_subject_and_ids_are_cached()
    {
        var codec = For<string>("words", isKey: true);

        for (var i = 0; i < 3; i++)
        {
            Assert.Equal("word", codec.Decode(Samples.Encode(codec, "word")));
        }

        Assert.True(registry.Subjects.ContainsKey("words-key"));
        Assert.Single(registry.Requests, r => r.StartsWith("POST", StringComparison.Ordinal));
    }

    [Fact]
    public void A_record_round_trips_with_every_member()
    {
        var codec = For<Everything>("everything");
        var value = Samples.Full();

        var decoded = codec.Decode(Samples.Encode(codec, value));

        Assert.Equal(Samples.Render(value), Samples.Render(decoded));
    }

    [Fact]
    public void Polymorphic_and_nested_records_round_trip()
    {
        var drawings = For<Drawing>("drawings");
        var orders = For<Order>("orders");
        var drawing = new Drawing([new Circle("c", 1), new Square("s", 2)], new Circle("h", 3), new Loud("x", 9));
        var order = new Order { Id = "o", Quantity = 2, Lines = [new Line("a", 1)] };

        var decoded = drawings.Decode(Samples.Encode(drawings, drawing));

        Assert.Equal(drawing.Shapes, decoded.Shapes);
        Assert.Equal(drawing.Highlight, decoded.Highlight);
        Assert.Equal(drawing.Caption, decoded.Caption);
        Assert.Equal(Samples.Render(order), Samples.Render(orders.Decode(Samples.Encode(orders, order))));
    }

    [Fact]
    public async Task Confluents_serializer_writes_what_our_codec_reads()
    {
        using var client = new CachedSchemaRegistryClient(new SchemaRegistryConfig { Url = registry.Url });
        var serializer = new AvroSerializer<GenericRecord>(client);
        var record = new GenericRecord((RecordSchema)Avro.Schema.Parse(Customer.FaustGenCodecs.Avro.SchemaText));
        record.Add("Name", "Grace");
        record.Add("e_mail", "g@navy.mil");
        record.Add("Tier", 7);

        var bytes = await serializer.SerializeAsync(record, new SerializationContext(MessageComponentType.Value, "people"));

        Assert.Equal(new Customer("Grace", "g@navy.mil", 7), For<Customer>("people").Decode(bytes));
    }

    [Fact]
    public async Task Confluents_deserializer_reads_what_our_codec_writes()
    {
        using var client = new CachedSchemaRegistryClient(new SchemaRegistryConfig { Url = registry.Url });
        var deserializer = new AvroDeserializer<GenericRecord>(client);
        var order = new Order { Id = "o-9", Quantity = 4, Note = null, Lines = [new Line("sku", 3)] };

        var record = await deserializer.DeserializeAsync(Samples.Encode(For<Order>("orders"), order), false, new SerializationContext(MessageComponentType.Value, "orders"));

        Assert.Equal("o-9", record["Id"]);
        Assert.Equal(4, record["Quantity"]);
        Assert.Null(record["Note"]);
        var line = (GenericRecord)((object[])record["Lines"])[0];
        Assert.Equal("sku", line["Sku"]);
        Assert.Equal(3, record["Total"]);
    }

    [Fact]
    public async Task Data_written_with_an_older_schema_is_resolved_into_the_records_own()
    {
        const string older = """{"type":"record","name":"Customer","namespace":"FaustGen.Codecs.Tests","fields":[{"name":"Legacy","type":{"type":"array","items":"long"}},{"name":"Name","type":"string"}]}""";
        using var client = new CachedSchemaRegistryClient(new SchemaRegistryConfig { Url = registry.Url });
        var serializer = new AvroSerializer<GenericRecord>(client);
        var record = new GenericRecord((RecordSchema)Avro.Schema.Parse(older));
        record.Add("Legacy", new long[] { 1, 2, 3 });
        record.Add("Name", "Old");

        var bytes = await serializer.SerializeAsync(record, new SerializationContext(MessageComponentType.Value, "legacy"));

        // Legacy is dropped; e-mail and Tier take their defaults.
        Assert.Equal(new Customer("Old", null, 1), For<Customer>("legacy").Decode(bytes));
    }

    [Fact]
    public async Task Resolution_promotes_numbers_matches_enum_symbols_by_name_and_wraps_values_in_unions()
    {
        const string older = """
            {"type":"record","name":"Evolving","namespace":"FaustGen.Codecs.Tests","fields":[
              {"name":"Old","type":{"type":"map","values":{"type":"array","items":"string"}}},
              {"name":"Note","type":"string"},
              {"name":"Color","type":{"type":"enum","name":"Color","symbols":["Blue","Green","Red"]}},
              {"name":"Count","type":"int"}]}
            """;
        using var client = new CachedSchemaRegistryClient(new SchemaRegistryConfig { Url = registry.Url });
        var schema = (RecordSchema)Avro.Schema.Parse(older);
        var record = new GenericRecord(schema);
        record.Add("Old", new Dictionary<string, object> { ["k"] = new[] { "a", "b" } });
        record.Add("Note", "kept");
        record.Add("Color", new GenericEnum((EnumSchema)schema["Color"].Schema, "Red"));
        record.Add("Count", 42);

        var bytes = await new AvroSerializer<GenericRecord>(client).SerializeAsync(record, new SerializationContext(MessageComponentType.Value, "evolving"));

        Assert.Equal(new Evolving(42, Color.Red, "kept"), For<Evolving>("evolving").Decode(bytes));
    }

    [Fact]
    public void Data_whose_schema_lacks_a_field_without_default_does_not_decode()
    {
        var id = registry.Register("lines-value", """{"type":"record","name":"Line","fields":[{"name":"Sku","type":"string"}]}""");
        var payload = new byte[] { 0, 0, 0, 0, (byte)id, 2, (byte)'x' };

        Assert.Throws<FormatException>(() => For<Line>("lines").Decode(payload));
    }

    [Fact]
    public void An_unknown_schema_id_or_a_bad_frame_is_a_format_error()
    {
        var codec = For<Line>("lines");

        Assert.Throws<FormatException>(() => codec.Decode(new byte[] { 0, 0, 1, 0, 0, 2, (byte)'x', 2 }));
        Assert.Throws<FormatException>(() => codec.Decode(new byte[] { 1, 0, 0, 0, 1 }));
        Assert.Throws<FormatException>(() => codec.Decode(new byte[] { 0, 0 }));
    }

    [Fact]
    public void Without_a_registry_the_avro_codec_fails_at_resolution()
    {
        var error = Assert.Throws<FaustConfigurationException>(() => Codecs.Codec.Avro.For<Line>(new CodecTarget("lines", false, new AppSettings { Id = "x" })));

        Assert.Contains("SchemaRegistryUrl", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Encoding_into_a_reused_buffer_allocates_nothing()
    {
        var codec = For<Everything>("alloc");
        var value = Samples.Full();
        var buffer = new ArrayBufferWriter<byte>(4096);
        codec.Encode(value, buffer);

        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 100; i++)
        {
            buffer.ResetWrittenCount();
            codec.Encode(value, buffer);
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }
}
