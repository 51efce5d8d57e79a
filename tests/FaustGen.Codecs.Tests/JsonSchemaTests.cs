using System.Buffers.Binary;
using System.Text;
using System.Text.Json.Nodes;
using Confluent.Kafka;
using Confluent.SchemaRegistry;
using Confluent.SchemaRegistry.Serdes;

namespace FaustGen.Codecs.Tests;

public sealed class JsonSchemaTests : IDisposable
{
    private readonly RegistryServer registry = new();
    private readonly AppSettings settings;

    public JsonSchemaTests()
    {
        settings = new AppSettings { Id = "json-schema-tests", SchemaRegistryUrl = registry.Url };
    }

    public void Dispose() => registry.Dispose();

    private ICodec<T> For<T>(string topic, bool isKey = false) => Codec.JsonSchema.For<T>(new CodecTarget(topic, isKey, settings))!;

    [Fact]
    public void The_schema_is_derived_at_build_time()
    {
        Assert.Equal(
            """{"$schema":"http://json-schema.org/draft-07/schema#","title":"Customer","type":"object","properties":{"Name":{"type":"string"},"e-mail":{"anyOf":[{"type":"null"},{"type":"string"}]},"Tier":{"type":"integer","minimum":-2147483648,"maximum":2147483647}},"required":["Name"]}""",
            Customer.FaustGenCodecs.Json.SchemaText);
        Assert.Equal(
            """{"$schema":"http://json-schema.org/draft-07/schema#","title":"Shape","anyOf":[{"allOf":[{"$ref":"#/definitions/Circle"},{"properties":{"kind":{"const":"circle"}},"required":["kind"]}]},{"allOf":[{"$ref":"#/definitions/Square"},{"properties":{"kind":{"const":"square"}},"required":["kind"]}]}],"definitions":{"Circle":{"type":"object","properties":{"Name":{"type":"string"},"Radius":{"anyOf":[{"type":"number"},{"enum":["NaN","Infinity","-Infinity"]}]}},"required":["Name","Radius"]},"Square":{"type":"object","properties":{"Name":{"type":"string"},"Side":{"anyOf":[{"type":"number"},{"enum":["NaN","Infinity","-Infinity"]}]}},"required":["Name","Side"]}}}""",
            Shape.FaustGenCodecs.Json.SchemaText);
    }

    [Fact]
    public void Values_are_framed_with_the_id_registered_as_a_json_schema_under_the_topics_subject()
    {
        var codec = For<Customer>("customers");

        var bytes = Samples.Encode(codec, new Customer("Ada", "a@b", 2));

        Assert.Equal(0, bytes[0]);
        var id = BinaryPrimitives.ReadInt32BigEndian(bytes.AsSpan(1));
        Assert.Equal([id], registry.Subjects["customers-value"]);
        Assert.Equal("JSON", registry.Schema(id)["schemaType"]!.GetValue<string>());
        Assert.Equal("""{"Name":"Ada","e-mail":"a@b","Tier":2}""", Encoding.UTF8.GetString(bytes, 5, bytes.Length - 5));
        Assert.Equal(new Customer("Ada", "a@b", 2), codec.Decode(bytes));
    }

    [Fact]
    public async Task What_the_codec_writes_validates_against_the_schema_it_registers()
    {
        var everything = await NJsonSchema.JsonSchema.FromJsonAsync(Everything.FaustGenCodecs.Json.SchemaText);
        var drawing = await NJsonSchema.JsonSchema.FromJsonAsync(Drawing.FaustGenCodecs.Json.SchemaText);
        var value = Samples.Full();

        // NJsonSchema reads an integer past long's range as a BigInteger and fails on it (InvalidCastException).
        value.ULong = long.MaxValue;

        Assert.Empty(everything.Validate(Json(Codec.Json.For<Everything>()!, value)));
        Assert.Empty(drawing.Validate(Json(Codec.Json.For<Drawing>()!, new Drawing([new Circle("c", 1), new Square("s", 2)], null, new Loud("x", 9)))));
        Assert.NotEmpty(everything.Validate(Json(Codec.Json.For<Everything>()!, value).Replace("\"Int\":", "\"Int\":\"not a number\",\"Ignored\":", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task Confluents_serializer_writes_what_our_codec_reads()
    {
        using var client = new CachedSchemaRegistryClient(new SchemaRegistryConfig { Url = registry.Url });
        var serializer = new JsonSerializer<ConfluentOrder>(client);
        var order = new ConfluentOrder { Id = "o-1", Quantity = 3, Note = "n", Lines = [new ConfluentLine { Sku = "a", Count = 2 }] };

        var bytes = await serializer.SerializeAsync(order, new SerializationContext(MessageComponentType.Value, "orders"));

        var decoded = For<Order>("orders").Decode(bytes);
        Assert.Equal(("o-1", 3, "n", 2), (decoded.Id, decoded.Quantity, decoded.Note, decoded.Total));
        Assert.Equal("JSON", registry.Schema(BinaryPrimitives.ReadInt32BigEndian(bytes.AsSpan(1)))["schemaType"]!.GetValue<string>());
    }

    [Fact]
    public async Task Confluents_deserializer_validates_and_reads_what_our_codec_writes()
    {
        using var client = new CachedSchemaRegistryClient(new SchemaRegistryConfig { Url = registry.Url });
        var deserializer = new JsonDeserializer<ConfluentOrder>(client, new JsonDeserializerConfig { Validate = true });
        var order = new Order { Id = "o-9", Quantity = 4, Note = null, Lines = [new Line("sku", 3)] };

        var read = await deserializer.DeserializeAsync(Samples.Encode(For<Order>("orders"), order), false, new SerializationContext(MessageComponentType.Value, "orders"));

        Assert.Equal(("o-9", 4, null, "sku", 3), (read.Id, read.Quantity, read.Note, read.Lines[0].Sku, read.Lines[0].Count));
        Assert.Contains(registry.Requests, r => r.StartsWith("GET /schemas/ids/", StringComparison.Ordinal));
    }

    [Fact]
    public void A_payload_without_a_required_field_or_without_the_frame_does_not_decode()
    {
        var codec = For<Order>("orders");
        var framed = Samples.Encode(codec, new Order { Id = "o", Lines = [] });

        Assert.Throws<FormatException>(() => codec.Decode(framed[..5].Concat("""{"Quantity":1}"""u8.ToArray()).ToArray()));
        Assert.Throws<FormatException>(() => codec.Decode(framed[5..]));
        Assert.Throws<FormatException>(() => codec.Decode(new byte[] { 0, 0 }));
    }

    [Fact]
    public void Only_records_are_carried_and_a_registry_is_needed()
    {
        var error = Assert.Throws<FaustConfigurationException>(() => new CodecRegistry().Get<Line>(null, "json-schema", new CodecTarget("lines", false, new AppSettings { Id = "x" })));

        Assert.Null(Codec.JsonSchema.For<string>(new CodecTarget("t", false, settings)));
        Assert.Equal("The json-schema codec (for the values of topic 'lines') needs a schema registry: set SchemaRegistryUrl of app 'x'.", error.InnerException?.Message ?? error.Message);
    }

    [Fact]
    public void Encoding_into_a_reused_buffer_allocates_nothing()
    {
        var codec = For<Everything>("alloc");
        var value = Samples.Full();
        var buffer = new System.Buffers.ArrayBufferWriter<byte>(4096);
        codec.Encode(value, buffer);

        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 100; i++)
        {
            buffer.ResetWrittenCount();
            codec.Encode(value, buffer);
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }

    private static string Json<T>(ICodec<T> codec, T value) => Encoding.UTF8.GetString(Samples.Encode(codec, value));

    /// <summary>The <see cref="Order"/> as a Confluent user writes it: a plain class, serialized by Newtonsoft.Json.</summary>
    public sealed class ConfluentOrder
    {
        public string Id { get; set; } = string.Empty;

        public int Quantity { get; set; }

        public string? Note { get; set; }

        public List<ConfluentLine> Lines { get; set; } = [];
    }

    public sealed class ConfluentLine
    {
        public string Sku { get; set; } = string.Empty;

        public int Count { get; set; }
    }
}
