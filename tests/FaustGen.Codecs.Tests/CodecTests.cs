using System.Text;

namespace FaustGen.Codecs.Tests;

public sealed class CodecTests
{
    [Fact]
    public void The_string_format_writes_primitives_as_invariant_text()
    {
        Assert.Equal("42", Text(42));
        Assert.Equal("-1.5", Text(-1.5));
        Assert.Equal("0.1", Text(0.1f));
        Assert.Equal("12.50", Text(12.50m));
        Assert.Equal("True", Text(true));
        Assert.Equal("2024-01-02T03:04:05.0000000Z", Text(new DateTime(2024, 1, 2, 3, 4, 5, DateTimeKind.Utc)));
        Assert.Equal("1.02:03:04", Text(new TimeSpan(1, 2, 3, 4)));
        Assert.Equal("Green", Text(Color.Green));
        Assert.Equal("é€", Text("é€"));

        static string Text<T>(T value)
        {
            var codec = Codec.String.For<T>()!;
            var bytes = Samples.Encode(codec, value);
            Assert.Equal(value, codec.Decode(bytes));
            return Encoding.UTF8.GetString(bytes);
        }
    }

    [Theory]
    [InlineData("json")]
    [InlineData("msgpack")]
    [InlineData("avro")]
    [InlineData("string")]
    public void Every_format_carries_every_primitive_kind_as_a_whole_key_or_value(string format)
    {
        using var registry = new RegistryServer();
        var target = new CodecTarget("primitives", false, new AppSettings { Id = "primitives", SchemaRegistryUrl = registry.Url });
        var codecs = new CodecRegistry();
        Check(true);
        Check((byte)200);
        Check((sbyte)-5);
        Check((short)-300);
        Check((ushort)60000);
        Check(-7);
        Check(4_000_000_000u);
        Check(long.MinValue);
        Check(ulong.MaxValue);
        Check(1.25f);
        Check(Math.E);
        Check(-12.340m);
        Check('λ');
        Check("text");
        Check(Guid.NewGuid());
        Check(new DateTime(2024, 1, 2, 3, 4, 5, 678, DateTimeKind.Utc));
        Check(new DateTimeOffset(2024, 1, 2, 3, 4, 5, TimeSpan.FromHours(-7)));
        Check(TimeSpan.FromMinutes(90.5));
        Check(Color.Blue);

        void Check<T>(T value)
        {
            var codec = codecs.Get<T>(null, format, target);
            Assert.Equal(value, codec.Decode(Samples.Encode(codec, value)));
        }
    }

    [Fact]
    public void Nullable_primitives_carry_null_in_json_and_msgpack()
    {
        foreach (var format in new[] { Codec.Json, Codec.MsgPack })
        {
            var codec = format.For<TimeSpan?>()!;
            Assert.Null(codec.Decode(Samples.Encode(codec, null)));
            Assert.Equal(TimeSpan.FromSeconds(3), codec.Decode(Samples.Encode<TimeSpan?>(codec, TimeSpan.FromSeconds(3))));
        }
    }

    [Fact]
    public void The_string_format_refuses_text_that_is_not_the_type()
    {
        Assert.Throws<FormatException>(() => Codec.String.For<int>()!.Decode("4x"u8));
        Assert.Throws<FormatException>(() => Codec.String.For<Color>()!.Decode("Purple"u8));
        Assert.Throws<FormatException>(() => Codec.String.For<string>()!.Decode([0xC3]));
        Assert.Null(Codec.String.For<Order>());
    }

    [Fact]
    public void A_chain_wraps_the_format_in_base64()
    {
        var codec = new CodecRegistry().Get<Line>("json|binary", "test");

        var bytes = Samples.Encode(codec, new Line("a", 1));

        Assert.Equal("json|binary", codec.Name);
        Assert.Equal("""{"Sku":"a","Count":1}""", Encoding.UTF8.GetString(Convert.FromBase64String(Encoding.UTF8.GetString(bytes))));
        Assert.Equal(new Line("a", 1), codec.Decode(bytes));
        Assert.Throws<FormatException>(() => codec.Decode("not base64!"u8));
    }

    [Fact]
    public void Unknown_names_and_misplaced_transforms_fail_with_the_grammars_reason()
    {
        var registry = new CodecRegistry();

        Assert.Contains("did you mean 'json'", Assert.Throws<FaustConfigurationException>(() => registry.Get<string>("jsn", "test")).Message, StringComparison.Ordinal);
        Assert.Contains("comes after a format", Assert.Throws<FaustConfigurationException>(() => registry.Get<string>("binary", "test")).Message, StringComparison.Ordinal);
        Assert.Contains("only byte transforms", Assert.Throws<FaustConfigurationException>(() => registry.Get<string>("json|msgpack", "test")).Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => registry.Register(new Named("binary")));
    }

    [Fact]
    public void The_registry_knows_every_built_in_format()
    {
        Assert.Equal(["avro", "json", "json-schema", "msgpack", "raw", "string"], new CodecRegistry().Names);
    }

    [Fact]
    public void The_built_in_avro_codec_needs_a_topic_and_one_with_a_registry_uses_the_record_name_subject()
    {
        using var registry = new RegistryServer();
        var codec = new AvroCodec(new SchemaRegistryClient(new Uri(registry.Url))).For<Line>()!;

        Assert.Equal(new Line("a", 2), codec.Decode(Samples.Encode(codec, new Line("a", 2))));
        Assert.True(registry.Subjects.ContainsKey("FaustGen.Codecs.Tests.Line"));
        Assert.Throws<InvalidOperationException>(() => Codec.Avro.For<Line>());
    }

    private sealed class Named(string name) : Codec(name)
    {
        public override ICodec<T>? For<T>() => null;
    }
}
