using System.Buffers;
using System.Text;
using System.Text.Json;

namespace FaustGen.Codecs.Tests;

public sealed class JsonRecordTests
{
    private static readonly ICodec<Everything> Codec = Codecs.Codec.Json.For<Everything>()!;

    [Fact]
    public void The_json_format_returns_the_generated_codec_of_a_record()
    {
        Assert.IsAssignableFrom<JsonRecordCodec<Everything>>(Codec);
        Assert.IsAssignableFrom<JsonRecordCodec<Order>>(Codecs.Codec.Json.For<Order>());
        Assert.Null(Codecs.Codec.Json.For<Uri>());
    }

    [Fact]
    public void A_record_round_trips_with_every_member()
    {
        var value = Samples.Full();

        var decoded = Codec.Decode(Samples.Encode(Codec, value));

        Assert.Equal(Samples.Render(value), Samples.Render(decoded));
        Assert.Equal(value.Memory.ToArray(), decoded.Memory.ToArray());
        Assert.Equal(value.When.Kind, decoded.When.Kind);
    }

    [Fact]
    public void Our_output_reads_with_System_Text_Json()
    {
        var value = Samples.Full();

        var read = JsonSerializer.Deserialize(Samples.Encode(Codec, value), StjContext.Default.Everything)!;

        Assert.Equal(Samples.Render(value), Samples.Render(read));
    }

    [Fact]
    public void System_Text_Json_output_reads_with_our_codec()
    {
        var value = Samples.Full();

        var read = Codec.Decode(JsonSerializer.SerializeToUtf8Bytes(value, StjContext.Default.Everything));

        Assert.Equal(Samples.Render(value), Samples.Render(read));
    }

    [Fact]
    public void Property_names_are_as_declared_enums_are_names_and_renamed_fields_use_their_wire_name()
    {
        var json = Encoding.UTF8.GetString(Samples.Encode(Codec, Samples.Full()));

        Assert.Contains("\"MaybeText\":null", json, StringComparison.Ordinal);
        Assert.Contains("\"Color\":\"Blue\"", json, StringComparison.Ordinal);
        Assert.Contains("\"e-mail\":\"ada@example.com\"", json, StringComparison.Ordinal);
        Assert.Contains("\"Span\":\"1.02:03:04.5670000\"", json, StringComparison.Ordinal);
        Assert.Contains("\"When\":\"2024-02-29T13:14:15.000123Z\"", json, StringComparison.Ordinal);
    }

    [Fact]
    public void Enums_read_from_names_numbers_and_flag_lists()
    {
        var codec = Codecs.Codec.Json.For<Everything>()!;

        var read = codec.Decode("""{"Color":2,"MaybeColor":"Green","Access":"Read, Write"}"""u8);

        Assert.Equal(Color.Blue, read.Color);
        Assert.Equal(Color.Green, read.MaybeColor);
        Assert.Equal(Access.Read | Access.Write, read.Access);
        Assert.Throws<FormatException>(() => codec.Decode("""{"Color":"Purple"}"""u8));
        Assert.Throws<FormatException>(() => codec.Decode("""{"Color":"7"}"""u8));
    }

    [Fact]
    public void Unknown_properties_are_skipped_and_missing_optional_ones_keep_their_declared_values()
    {
        var orders = Codecs.Codec.Json.For<Order>()!;
        var customers = Codecs.Codec.Json.For<Customer>()!;

        var order = orders.Decode("""{"Extra":{"a":[1,2,{"b":null}]},"Id":"o-1","Total":99}"""u8);
        var customer = customers.Decode("""{"Name":"Ada"}"""u8);

        Assert.Equal("o-1", order.Id);
        Assert.Equal(1, order.Quantity);
        Assert.Empty(order.Lines);
        Assert.Equal(new Customer("Ada"), customer);
    }

    [Fact]
    public void A_missing_required_field_is_a_format_error()
    {
        var error = Assert.Throws<FormatException>(() => Codecs.Codec.Json.For<Order>()!.Decode("""{"Quantity":2}"""u8));
        Assert.Contains("'Id'", error.Message, StringComparison.Ordinal);

        // A constructor parameter without a default is required too.
        Assert.Throws<FormatException>(() => Codecs.Codec.Json.For<Line>()!.Decode("""{"Sku":"x"}"""u8));
    }

    [Fact]
    public void Escaped_property_names_match()
    {
        var read = Codecs.Codec.Json.For<Line>()!.Decode("""{"\u0053ku":"x","Count":3}"""u8);

        Assert.Equal(new Line("x", 3), read);
    }

    [Fact]
    public void Polymorphic_records_carry_their_tag_and_read_it_anywhere_in_the_object()
    {
        var codec = Codecs.Codec.Json.For<Shape>()!;
        Shape circle = new Circle("c", 2.5);

        var json = Samples.Encode(codec, circle);

        Assert.StartsWith("{\"kind\":\"circle\"", Encoding.UTF8.GetString(json), StringComparison.Ordinal);
        Assert.Equal(circle, codec.Decode(json));
        Assert.Equal(new Square("s", 3), codec.Decode("""{"Name":"s","Side":3,"kind":"square"}"""u8));
        Assert.Throws<FormatException>(() => codec.Decode("""{"kind":"triangle","Name":"t"}"""u8));
        Assert.Throws<FormatException>(() => codec.Decode("""{"Name":"untagged"}"""u8));
    }

    [Fact]
    public void Polymorphic_records_interoperate_with_System_Text_Json()
    {
        var codec = Codecs.Codec.Json.For<Shape>()!;
        Shape square = new Square("s", 4);

        Assert.Equal(square, JsonSerializer.Deserialize(Samples.Encode(codec, square), StjContext.Default.Shape));
        Assert.Equal(square, codec.Decode(JsonSerializer.SerializeToUtf8Bytes(square, StjContext.Default.Shape)));
    }

    [Fact]
    public void A_concrete_base_is_written_without_a_tag_and_its_subtypes_with_one()
    {
        var codec = Codecs.Codec.Json.For<Drawing>()!;
        var drawing = new Drawing([new Circle("c", 1), new Square("s", 2)], null, new Loud("hey", 11));

        var decoded = codec.Decode(Samples.Encode(codec, drawing));
        var plain = codec.Decode(Samples.Encode(codec, drawing with { Caption = new Message("hi") }));

        Assert.Equal(drawing.Shapes, decoded.Shapes);
        Assert.Null(decoded.Highlight);
        Assert.Equal(new Loud("hey", 11), decoded.Caption);
        Assert.Equal(new Message("hi"), plain.Caption);
        Assert.Equal("""{"Text":"hi"}""", Encoding.UTF8.GetString(Samples.Encode(Codecs.Codec.Json.For<Message>()!, new Message("hi"))));
    }

    [Fact]
    public void Records_that_nest_themselves_round_trip_and_deep_garbage_is_a_format_error()
    {
        var codec = Codecs.Codec.Json.For<Node>()!;
        var tree = new Node { Value = 1, Children = [new Node { Value = 2, Children = [new Node { Value = 3 }] }] };

        var decoded = codec.Decode(Samples.Encode(codec, tree));

        Assert.Equal(3, decoded.Children[0].Children[0].Value);
        var deep = string.Concat(Enumerable.Repeat("{\"Children\":[", 500)) + string.Concat(Enumerable.Repeat("]}", 500));
        Assert.Throws<FormatException>(() => codec.Decode(Encoding.UTF8.GetBytes(deep)));
    }

    [Fact]
    public void Strings_that_need_escaping_are_escaped_and_a_lone_surrogate_cannot_be_written()
    {
        var codec = Codecs.Codec.Json.For<Line>()!;
        var line = new Line("quote \" backslash \\ newline \n tab \t nul \0 é 😀", 1);

        var json = Samples.Encode(codec, line);

        Assert.Contains("quote \\\" backslash \\\\ newline \\n tab \\t nul \\u0000 é 😀", Encoding.UTF8.GetString(json), StringComparison.Ordinal);
        Assert.Equal(line, codec.Decode(json));
        Assert.Equal(line, JsonSerializer.Deserialize(json, StjContext.Default.Line));
        Assert.Throws<ArgumentException>(() => Samples.Encode(codec, new Line("\uD800", 1)));
    }

    [Fact]
    public void Encoding_into_a_reused_buffer_allocates_nothing()
    {
        var value = Samples.Full();
        var buffer = new ArrayBufferWriter<byte>(4096);
        Codec.Encode(value, buffer);

        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 100; i++)
        {
            buffer.ResetWrittenCount();
            Codec.Encode(value, buffer);
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }

    [Theory]
    [InlineData("")]
    [InlineData("[]")]
    [InlineData("{")]
    [InlineData("{\"Int\":\"x\"}")]
    [InlineData("{\"Byte\":300}")]
    [InlineData("{\"Point\":null}")]
    [InlineData("{\"Char\":\"ab\"}")]
    [InlineData("{\"Span\":\"soon\"}")]
    [InlineData("{\"Bytes\":\"@@@\"}")]
    [InlineData("{\"Numbers\":{}}")]
    [InlineData("{} {}")]
    [InlineData("{\"Counts\":{\"a\":1.5}}")]
    public void Bad_payloads_are_format_errors(string json) =>
        Assert.Throws<FormatException>(() => Codec.Decode(Encoding.UTF8.GetBytes(json)));
}
