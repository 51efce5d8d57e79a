using CsCheck;

namespace FaustGen.Codecs.Tests;

/// <summary>
/// Property tests: random values of every member kind round-trip through every codec, and random or truncated bytes
/// only ever fail as a <see cref="FormatException"/>, the one error the runtime turns into a deserialization error.
/// </summary>
public sealed class PropertyTests : IDisposable
{
    private const int Iterations = 300;

    private static readonly Gen<byte[]> Garbage = Gen.Byte.Array[0, 64];

    private readonly RegistryServer registry = new();
    private readonly AppSettings settings;

    public PropertyTests()
    {
        settings = new AppSettings { Id = "property-tests", SchemaRegistryUrl = registry.Url };
    }

    public void Dispose() => registry.Dispose();

    [Fact]
    public void Json_round_trips_random_records() =>
        RoundTrip(Codec.Json.For<Everything>()!, Samples.Everything(utc: false, micros: false));

    [Fact]
    public void MsgPack_round_trips_random_records() =>
        RoundTrip(Codec.MsgPack.For<Everything>()!, Samples.Everything(utc: true, micros: false));

    [Fact]
    public void Avro_round_trips_random_records() =>
        RoundTrip(Codec.Avro.For<Everything>(new CodecTarget("random", false, settings))!, Samples.Everything(utc: true, micros: true));

    [Fact]
    public void Every_format_round_trips_random_orders_and_shapes()
    {
        foreach (var codec in Formats<Order>())
        {
            Samples.Orders.Sample(order => Assert.Equal(Samples.Render(order), Samples.Render(codec.Decode(Samples.Encode(codec, order)))), iter: Iterations);
        }

        foreach (var codec in Formats<Shape>())
        {
            Samples.Shapes.Sample(shape => Assert.Equal(Samples.Render(shape), Samples.Render(codec.Decode(Samples.Encode(codec, shape)))), iter: Iterations);
        }
    }

    [Fact]
    public void Doubles_are_written_exactly_as_System_Text_Json_writes_them()
    {
        var codec = Codec.Json.For<Circle>()!;
        var decimals = Gen.Select(Gen.Long[-100_000_000_000_000, 100_000_000_000_000], Gen.Int[0, 12], (n, k) => n / Math.Pow(10, k));
        Gen.OneOf(decimals, Gen.Double).Sample(value =>
        {
            if (!double.IsFinite(value))
            {
                return;
            }

            var json = System.Text.Encoding.UTF8.GetString(Samples.Encode(codec, new Circle("c", value)));
            Assert.Equal("{\"Name\":\"c\",\"Radius\":" + System.Text.Json.JsonSerializer.Serialize(value, StjContext.Default.Double) + "}", json);
            Assert.Equal(value, codec.Decode(System.Text.Encoding.UTF8.GetBytes(json)).Radius);
        }, iter: Iterations * 10);
    }

    [Fact]
    public void Random_bytes_fail_only_as_format_errors()
    {
        Garbage.Sample(bytes =>
        {
            foreach (var codec in Formats<Everything>())
            {
                Samples.DecodeOrFormatError(codec, bytes);
            }

            foreach (var codec in Formats<Drawing>())
            {
                Samples.DecodeOrFormatError(codec, bytes);
            }

            foreach (var codec in Formats<Node>())
            {
                Samples.DecodeOrFormatError(codec, bytes);
            }

            Primitives(bytes);
        }, iter: Iterations * 3);
    }

    [Fact]
    public void Avro_bodies_of_random_bytes_behind_a_valid_header_fail_only_as_format_errors()
    {
        var codec = Codec.Avro.For<Everything>(new CodecTarget("framed", false, settings))!;
        var header = Samples.Encode(codec, Samples.Full())[..5];

        Garbage.Sample(bytes => Samples.DecodeOrFormatError(codec, [.. header, .. bytes]), iter: Iterations * 3);
    }

    [Fact]
    public void Truncated_payloads_fail_only_as_format_errors()
    {
        Samples.Everything(utc: true, micros: true).Sample(value =>
        {
            foreach (var codec in Formats<Everything>())
            {
                Samples.PrefixesFailCleanly(codec, Samples.Encode(codec, value));
            }
        }, iter: 40);
    }

    [Fact]
    public void Flipped_bytes_fail_only_as_format_errors()
    {
        var value = Samples.Full();
        Gen.Select(Gen.Int[0, 10_000], Gen.Byte).Sample((position, flip) =>
        {
            foreach (var codec in Formats<Everything>())
            {
                var bytes = Samples.Encode(codec, value);
                bytes[position % bytes.Length] ^= (byte)(flip | 1);
                Samples.DecodeOrFormatError(codec, bytes);
            }
        }, iter: Iterations * 3);
    }

    private IEnumerable<ICodec<T>> Formats<T>()
    {
        var registry = new CodecRegistry();
        var target = new CodecTarget("formats", false, settings);
        foreach (var name in new[] { "json", "msgpack", "avro", "json-schema", "json|binary", "msgpack|binary" })
        {
            yield return registry.Get<T>(null, name, target);
        }
    }

    private static void RoundTrip(ICodec<Everything> codec, Gen<Everything> values) =>
        values.Sample(value =>
        {
            var decoded = codec.Decode(Samples.Encode(codec, value));
            Assert.Equal(Samples.Render(value), Samples.Render(decoded));
            Assert.Equal(value.Memory.ToArray(), decoded.Memory.ToArray());
        }, iter: Iterations);

    private static void Primitives(byte[] bytes)
    {
        foreach (var format in new[] { Codec.Json, Codec.MsgPack, Codec.String, Codec.Raw })
        {
            Try(format.For<string>());
            Try(format.For<int>());
            Try(format.For<long?>());
            Try(format.For<double>());
            Try(format.For<decimal>());
            Try(format.For<Guid>());
            Try(format.For<DateTimeOffset>());
            Try(format.For<TimeSpan>());
            Try(format.For<char>());
            Try(format.For<Color>());
            Try(format.For<byte[]>());
        }

        void Try<T>(ICodec<T>? codec)
        {
            if (codec is not null)
            {
                Samples.DecodeOrFormatError(codec, bytes);
            }
        }
    }
}
