using System.Buffers.Binary;
using System.Diagnostics;
using System.Reflection;
using FaustGen.Codecs.Tests.Proto;
using FaustGen.Protobuf;
using FaustGen.Testing;
using Google.Protobuf;
using Google.Protobuf.Reflection;
using Google.Protobuf.WellKnownTypes;

namespace FaustGen.Codecs.Tests;

public sealed class ProtobufTests : IDisposable
{
    private readonly RegistryServer registry = new();
    private readonly AppSettings settings;

    static ProtobufTests()
    {
        // Registered by hand, as the generator does for the types an app carries (ProtoApp's Shipment is left to it).
        ProtobufMessages.Register(OrderPlaced.Parser);
        ProtobufMessages.Register(Heartbeat.Parser);
        ProtobufMessages.Register(OrderPlaced.Types.Item.Parser);
        ProtobufMessages.Register(OrderPlaced.Types.Item.Types.Tag.Parser);
    }

    public ProtobufTests()
    {
        settings = new AppSettings { Id = "protobuf-tests", SchemaRegistryUrl = registry.Url };
    }

    public void Dispose() => registry.Dispose();

    private ICodec<T> For<T>(string topic) => new ProtobufCodec().For<T>(new CodecTarget(topic, false, settings))!;

    private static OrderPlaced Sample() => new()
    {
        Id = "o-1",
        Items = { new OrderPlaced.Types.Item { Sku = "a", Count = 2, Tags = { new OrderPlaced.Types.Item.Types.Tag { Name = "t" } } } },
        Counts = { ["a"] = 2 },
        Note = "n",
        Cash = new Money { Currency = "EUR", Units = 5 },
        Placed = Timestamp.FromDateTimeOffset(new DateTimeOffset(2024, 2, 29, 13, 14, 15, TimeSpan.Zero)),
        Status = OrderPlaced.Types.Status.Open,
    };

    [Fact]
    public void Our_payload_is_the_frame_the_index_zero_and_what_Google_Protobuf_parses()
    {
        var bytes = Samples.Encode(For<OrderPlaced>("orders"), Sample());

        Assert.Equal(0, bytes[0]);
        Assert.Equal(new[] { BinaryPrimitives.ReadInt32BigEndian(bytes.AsSpan(1)) }, registry.Subjects["orders-value"]);
        Assert.Equal(0, bytes[5]);   // [0], the file's first message, is the single byte 0
        Assert.Equal(Sample(), OrderPlaced.Parser.ParseFrom(bytes.AsSpan(6)));
    }

    [Fact]
    public void A_message_written_by_Google_Protobuf_and_framed_by_hand_decodes()
    {
        var codec = For<OrderPlaced>("orders");
        byte[] Framed(byte[] indexes) => [0, 0, 0, 0, 42, .. indexes, .. Sample().ToByteArray()];

        Assert.Equal(Sample(), codec.Decode(Framed([0])));
        Assert.Equal(Sample(), codec.Decode(Framed([2, 0])));   // [0] written out in full: count 1, index 0
    }

    [Fact]
    public void Nested_and_later_messages_carry_their_path_as_zig_zag_varints()
    {
        var heartbeat = Samples.Encode(For<Heartbeat>("heartbeats"), new Heartbeat { At = 1 });
        var item = Samples.Encode(For<OrderPlaced.Types.Item>("items"), new OrderPlaced.Types.Item { Sku = "s" });
        var tag = new OrderPlaced.Types.Item.Types.Tag { Name = "t" };
        var tagCodec = For<OrderPlaced.Types.Item.Types.Tag>("tags");
        var tagBytes = Samples.Encode(tagCodec, tag);

        // Item is the first message's second nested type: protoc declares the entry type of the map field before it.
        Assert.Equal([2, 2], heartbeat[5..7]);           // [1]: count 1, index 1
        Assert.Equal([4, 0, 2], item[5..8]);             // [0, 1]
        Assert.Equal([6, 0, 2, 0], tagBytes[5..9]);      // [0, 1, 0]
        Assert.Equal(tag, OrderPlaced.Types.Item.Types.Tag.Parser.ParseFrom(tagBytes.AsSpan(9)));
        Assert.Equal(tag, tagCodec.Decode(tagBytes));
    }

    [Fact]
    public void The_proto_file_is_registered_as_PROTOBUF_with_its_import_as_a_reference_and_the_well_known_one_left_to_the_registry()
    {
        var bytes = Samples.Encode(For<OrderPlaced>("orders"), Sample());

        var schema = registry.Schema(BinaryPrimitives.ReadInt32BigEndian(bytes.AsSpan(1)));
        Assert.Equal("PROTOBUF", schema["schemaType"]!.GetValue<string>());
        Assert.StartsWith("syntax = \"proto3\";\npackage faustgen.tests.shop;\nimport \"google/protobuf/timestamp.proto\";\nimport \"money.proto\";\n", schema["schema"]!.GetValue<string>(), StringComparison.Ordinal);
        var reference = Assert.Single(schema["references"]!.AsArray())!;
        Assert.Equal(("money.proto", "money.proto", 1), (reference["name"]!.GetValue<string>(), reference["subject"]!.GetValue<string>(), reference["version"]!.GetValue<int>()));
        Assert.True(registry.Subjects.ContainsKey("money.proto"));
        Assert.Equal(3, registry.Requests.Count);   // the import, its version, the file; the next message asks nothing
        Samples.Encode(For<OrderPlaced>("orders"), Sample());
        Assert.Equal(3, registry.Requests.Count);
    }

    [Theory]
    [InlineData("shop.proto")]
    [InlineData("money.proto")]
    [InlineData("legacy.proto")]
    public void The_printed_proto_compiles_with_protoc_to_the_same_descriptor(string file)
    {
        var descriptors = new[] { OrderPlaced.Descriptor.File, Money.Descriptor.File, Legacy.Descriptor.File, Timestamp.Descriptor.File };
        var directory = Directory.CreateTempSubdirectory("faustgen-proto-");
        try
        {
            foreach (var descriptor in descriptors.Where(d => !d.Name.StartsWith("google/", StringComparison.Ordinal)))
            {
                File.WriteAllText(Path.Combine(directory.FullName, descriptor.Name), Print(descriptor));
            }

            var output = Path.Combine(directory.FullName, "set.pb");
            Protoc("-I", directory.FullName, "-I", Metadata("ProtocInclude"), "--descriptor_set_out=" + output, file);

            var compiled = FileDescriptorSet.Parser.ParseFrom(File.ReadAllBytes(output)).File.Single();
            foreach (var message in compiled.MessageType)
            {
                ClearDefaultJsonNames(message);
            }

            Assert.Equal(descriptors.Single(d => d.Name == file).ToProto(), compiled);
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    [Fact]
    public async Task An_app_carries_protobuf_messages_with_the_codec_and_parser_the_generator_registered()
    {
        var app = new ProtoApp();
        app.Settings.SchemaRegistryUrl = registry.Url;
        await using var test = await AppTestContext.StartAsync(app);

        await test.PutAsync(app.Placed, "s-1", new Shipment { Id = "s-1" });

        Assert.Equal(new Shipment { Id = "s-1" }, Assert.Single(app.Received));
        Assert.Equal(0, test.Broker.ReadAll("placed").Single().Value![0]);
        Assert.True(registry.Subjects.ContainsKey("placed-value"));
    }

    [Fact]
    public void Garbage_is_a_format_error_and_a_type_that_is_no_message_is_not_carried()
    {
        var codec = For<OrderPlaced>("orders");

        Assert.Throws<FormatException>(() => codec.Decode([0, 0, 0, 0, 1]));               // no indexes
        Assert.Throws<FormatException>(() => codec.Decode([0, 0, 0, 0, 1, 0x7f]));         // a count of -64
        Assert.Throws<FormatException>(() => codec.Decode([0, 0, 0, 0, 1, 0, 0xff]));      // a truncated tag
        Assert.Throws<FormatException>(() => codec.Decode([1, 0, 0, 0, 1, 0]));            // no magic byte
        Assert.Null(new ProtobufCodec().For<Line>(new CodecTarget("lines", false, settings)));
    }

    [Fact]
    public void Without_a_registry_the_protobuf_codec_fails_at_resolution_naming_the_setting()
    {
        var error = Assert.Throws<FaustConfigurationException>(() => new ProtobufCodec().For<Heartbeat>(new CodecTarget("heartbeats", true, new AppSettings { Id = "x" })));

        Assert.Equal("The protobuf codec (for the keys of topic 'heartbeats') needs a schema registry: set SchemaRegistryUrl of app 'x'.", error.Message);
    }

    /// <summary>What the codec registers for <paramref name="file"/>, through a codec of a message of that file.</summary>
    private string Print(FileDescriptor file)
    {
        var encoded = file == OrderPlaced.Descriptor.File ? Samples.Encode(For<OrderPlaced>("print-shop"), Sample())
            : file == Money.Descriptor.File ? Samples.Encode(MoneyCodec(), new Money())
            : Samples.Encode(LegacyCodec(), new Legacy { Name = "n" });
        return registry.Schema(BinaryPrimitives.ReadInt32BigEndian(encoded.AsSpan(1)))["schema"]!.GetValue<string>();

        ICodec<Money> MoneyCodec()
        {
            ProtobufMessages.Register(Money.Parser);
            return For<Money>("print-money");
        }

        ICodec<Legacy> LegacyCodec()
        {
            ProtobufMessages.Register(Legacy.Parser);
            return For<Legacy>("print-legacy");
        }
    }

    /// <summary>
    /// Clears the JSON names protoc writes into a descriptor set for every field, where they are the default
    /// (lowerCamelCase): the descriptors generated code embeds keep only the custom ones.
    /// </summary>
    private static void ClearDefaultJsonNames(DescriptorProto message)
    {
        foreach (var field in message.Field)
        {
            var camel = string.Concat(field.Name.Split('_').Select((part, i) => i == 0 || part.Length == 0 ? part : char.ToUpperInvariant(part[0]) + part[1..]));
            if (field.JsonName == camel)
            {
                field.ClearJsonName();
            }
        }

        foreach (var nested in message.NestedType)
        {
            ClearDefaultJsonNames(nested);
        }
    }

    private static string Metadata(string key) =>
        typeof(ProtobufTests).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == key).Value!;

    private static void Protoc(params string[] arguments)
    {
        var start = new ProcessStartInfo(Metadata("Protoc")) { RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var errors = process.StandardError.ReadToEnd();
        process.WaitForExit();
        Assert.True(process.ExitCode == 0, "protoc failed: " + errors);
    }
}
