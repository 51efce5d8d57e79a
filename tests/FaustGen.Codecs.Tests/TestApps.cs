using System.Buffers;
using System.Collections.Concurrent;
using System.Text;

namespace FaustGen.Codecs.Tests;

/// <summary>A custom codec the generator registers in every app of this project: strings, upper-cased.</summary>
[CodecName("upper")]
public sealed class UpperCodec : Codec
{
    public UpperCodec() : base("upper")
    {
    }

    public override ICodec<T>? For<T>() => typeof(T) == typeof(string) ? (ICodec<T>)(object)new Upper() : null;

    private sealed class Upper : ICodec<string>
    {
        public string Name => "upper";

        public void Encode(string value, IBufferWriter<byte> output) => output.Write(Encoding.UTF8.GetBytes(value.ToUpperInvariant()));

        public string Decode(ReadOnlySpan<byte> input) => Encoding.UTF8.GetString(input);
    }
}

/// <summary>An app whose topics carry records, with codecs chosen by the app, the topic and the record.</summary>
[App("record-app", KeySerializer = "string")]
public sealed partial class RecordApp
{
    [Topic("orders", Partitions = 1)] public partial Topic<string, Order> Orders { get; }

    [Topic("shapes", KeySerializer = "json", ValueSerializer = "msgpack|binary")] public partial Topic<Guid, Shape> Shapes { get; }

    [Topic("pings")] public partial Topic<string, Ping> Pings { get; }

    [Topic("pings-json", ValueSerializer = "json")] public partial Topic<string, Ping> JsonPings { get; }

    [Topic("shouts", ValueSerializer = "upper|binary")] public partial Topic<string, string> Shouts { get; }

    public ConcurrentQueue<Order> Received { get; } = new();

    public ConcurrentQueue<Shape> ReceivedShapes { get; } = new();

    [Agent("orders")]
    public void OnOrder(Order order) => Received.Enqueue(order);

    [Agent("shapes")]
    public void OnShape(Guid key, Shape shape) => ReceivedShapes.Enqueue(shape);
}

/// <summary>An app whose topic carries protobuf messages: the generator registers the codec and the message's parser.</summary>
[App("proto-app", KeySerializer = "string")]
public sealed partial class ProtoApp
{
    [Topic("placed", ValueSerializer = "protobuf")] public partial Topic<string, Proto.Shipment> Placed { get; }

    public ConcurrentQueue<Proto.Shipment> Received { get; } = new();

    [Agent("placed")]
    public void OnPlaced(Proto.Shipment shipment) => Received.Enqueue(shipment);
}
