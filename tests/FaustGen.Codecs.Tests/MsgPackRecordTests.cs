using System.Buffers;
using MessagePack;
using MessagePack.Resolvers;

namespace FaustGen.Codecs.Tests;

public sealed class MsgPackRecordTests
{
    private static readonly ICodec<Everything> Codec = Codecs.Codec.MsgPack.For<Everything>()!;
    private static readonly MessagePackSerializerOptions Standard = MessagePackSerializerOptions.Standard.WithResolver(StandardResolver.Instance);

    [Fact]
    public void The_msgpack_format_returns_the_generated_codec_of_a_record()
    {
        Assert.IsAssignableFrom<MsgPackRecordCodec<Everything>>(Codec);
        Assert.Equal("msgpack", Codec.Name);
    }

    [Fact]
    public void A_record_round_trips_with_every_member()
    {
        var value = Samples.Full();

        var decoded = Codec.Decode(Samples.Encode(Codec, value));

        Assert.Equal(Samples.Render(value), Samples.Render(decoded));
    }

    [Fact]
    public void Our_output_reads_with_MessagePack_CSharp()
    {
        var value = ForMessagePackCSharp();

        var read = MessagePackSerializer.Deserialize<Everything>(Samples.Encode(Codec, value), Standard);

        Assert.Equal(Samples.Render(value), Samples.Render(read));
    }

    [Fact]
    public void MessagePack_CSharp_output_reads_with_our_codec()
    {
        var value = ForMessagePackCSharp();

        var read = Codec.Decode(MessagePackSerializer.Serialize(value, Standard));

        Assert.Equal(Samples.Render(value), Samples.Render(read));
    }

    // MessagePack-CSharp binds constructor parameters by key, so it cannot read a renamed positional field
    // ("e-mail" for the parameter Email) back through the constructor; that one field is left out here.
    private static Everything ForMessagePackCSharp()
    {
        var value = Samples.Full();
        value.Customer = value.Customer! with { Email = null };
        return value;
    }

    [Fact]
    public void The_array_layout_interoperates_with_integer_keys()
    {
        var codec = Codecs.Codec.MsgPack.For<Order>()!;
        var order = new Order { Id = "o-1", Quantity = 3, Note = "n", Lines = [new Line("a", 2), new Line("b", 5)] };

        var ours = Samples.Encode(codec, order);
        var theirs = MessagePackSerializer.Serialize(order, Standard);

        Assert.Equal(MessagePackSerializer.ConvertToJson(theirs, Standard), MessagePackSerializer.ConvertToJson(ours, Standard));
        Assert.Equal(Samples.Render(order), Samples.Render(codec.Decode(theirs)));
        Assert.Equal(Samples.Render(order), Samples.Render(MessagePackSerializer.Deserialize<Order>(ours, Standard)));
    }

    [Fact]
    public void Keys_are_the_wire_names_and_unknown_keys_are_skipped()
    {
        var codec = Codecs.Codec.MsgPack.For<Customer>()!;
        var json = MessagePackSerializer.ConvertToJson(Samples.Encode(codec, new Customer("Ada", "a@b")), Standard);

        var read = codec.Decode(MessagePackSerializer.ConvertFromJson("""{"Other":[1,{"x":2}],"Name":"Ada"}""", Standard));

        Assert.Equal("""{"Name":"Ada","e-mail":"a@b","Tier":1}""", json);
        Assert.Equal(new Customer("Ada"), read);
    }

    [Fact]
    public void A_missing_required_field_is_a_format_error() =>
        Assert.Throws<FormatException>(() => Codecs.Codec.MsgPack.For<Line>()!.Decode(MessagePackSerializer.ConvertFromJson("""{"Sku":"x"}""", Standard)));

    [Fact]
    public void Polymorphic_records_round_trip_as_tag_and_value()
    {
        var codec = Codecs.Codec.MsgPack.For<Drawing>()!;
        var drawing = new Drawing([new Circle("c", 1), new Square("s", 2)], new Square("h", 3), new Message("plain"));

        var decoded = codec.Decode(Samples.Encode(codec, drawing));

        Assert.Equal(drawing.Shapes, decoded.Shapes);
        Assert.Equal(drawing.Highlight, decoded.Highlight);
        Assert.Equal(drawing.Caption, decoded.Caption);
        Assert.Equal("""["circle",{"Name":"c","Radius":1}]""", MessagePackSerializer.ConvertToJson(Samples.Encode(Codecs.Codec.MsgPack.For<Shape>()!, new Circle("c", 1)), Standard));
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

    [Fact]
    public void Primitives_interoperate_with_MessagePack_CSharp()
    {
        var now = new DateTimeOffset(2024, 5, 6, 7, 8, 9, TimeSpan.FromHours(-3));
        Check(12.5m);
        Check(Guid.NewGuid());
        Check(now);
        Check(TimeSpan.FromMilliseconds(1234));
        Check('x');
        Check("text");
        Check((int?)null);
        Check((long?)7);
        Check(new byte[] { 1, 2 });

        static void Check<T>(T value)
        {
            var codec = Codecs.Codec.MsgPack.For<T>()!;
            Assert.Equal(MessagePackSerializer.Serialize(value, Standard), Samples.Encode(codec, value));
            Assert.Equal(value, codec.Decode(MessagePackSerializer.Serialize(value, Standard)));
        }
    }
}
