using System.Buffers;
using System.Text.Json;
using System.Text.Json.Serialization;
using BenchmarkDotNet.Attributes;
using FaustGen.Codecs;
using MessagePack;
using MessagePack.Resolvers;

namespace FaustGen.Benchmarks;

/// <summary>
/// A 10-field record (strings, numbers, a DateTimeOffset, a nested record, a list) serialized into a reused
/// <see cref="IBufferWriter{T}"/> and deserialized from bytes: our generated JSON codec against System.Text.Json's
/// source generator, and our generated MessagePack codec against MessagePack-CSharp's standard resolver.
/// </summary>
[MemoryDiagnoser]
public class CodecBenchmarks
{
    private static readonly MessagePackSerializerOptions MessagePackOptions = MessagePackSerializerOptions.Standard.WithResolver(StandardResolver.Instance);

    private readonly ArrayBufferWriter<byte> buffer = new(1024);
    private readonly ICodec<Trade> json = Codec.Json.For<Trade>()!;
    private readonly ICodec<Trade> msgPack = Codec.MsgPack.For<Trade>()!;
    private Utf8JsonWriter stjWriter = null!;
    private Trade trade = null!;
    private byte[] jsonBytes = [];
    private byte[] msgPackBytes = [];

    [GlobalSetup]
    public void Setup()
    {
        trade = new Trade
        {
            Id = "T-20261128-000042",
            Symbol = "EURUSD",
            Trader = "Ada Lovelace",
            Quantity = 250_000,
            Sequence = 9_876_543_210,
            Price = 1.08423,
            Fee = 12.5m,
            At = new DateTimeOffset(2026, 11, 28, 13, 14, 15, TimeSpan.FromHours(1)).AddTicks(1234567),
            Counterparty = new Counterparty("Bank of Examples", "GB", 7),
            Tags = ["spot", "fx", "priority"],
        };
        stjWriter = new Utf8JsonWriter(buffer);
        jsonBytes = JsonSerializer.SerializeToUtf8Bytes(trade, BenchmarkJsonContext.Default.Trade);
        msgPackBytes = MessagePackSerializer.Serialize(trade, MessagePackOptions);
    }

    [Benchmark(Baseline = true)]
    [BenchmarkCategory("json-serialize")]
    public void Stj_SourceGen_Serialize()
    {
        buffer.ResetWrittenCount();
        stjWriter.Reset(buffer);
        JsonSerializer.Serialize(stjWriter, trade, BenchmarkJsonContext.Default.Trade);
    }

    [Benchmark]
    [BenchmarkCategory("json-serialize")]
    public void FaustGen_Json_Serialize()
    {
        buffer.ResetWrittenCount();
        json.Encode(trade, buffer);
    }

    [Benchmark]
    [BenchmarkCategory("json-deserialize")]
    public Trade Stj_SourceGen_Deserialize() => JsonSerializer.Deserialize(jsonBytes, BenchmarkJsonContext.Default.Trade)!;

    [Benchmark]
    [BenchmarkCategory("json-deserialize")]
    public Trade FaustGen_Json_Deserialize() => json.Decode(jsonBytes);

    [Benchmark]
    [BenchmarkCategory("msgpack-serialize")]
    public void MessagePackCSharp_Serialize()
    {
        buffer.ResetWrittenCount();
        MessagePackSerializer.Serialize(buffer, trade, MessagePackOptions);
    }

    [Benchmark]
    [BenchmarkCategory("msgpack-serialize")]
    public void FaustGen_MsgPack_Serialize()
    {
        buffer.ResetWrittenCount();
        msgPack.Encode(trade, buffer);
    }

    [Benchmark]
    [BenchmarkCategory("msgpack-deserialize")]
    public Trade MessagePackCSharp_Deserialize() => MessagePackSerializer.Deserialize<Trade>(msgPackBytes, MessagePackOptions);

    [Benchmark]
    [BenchmarkCategory("msgpack-deserialize")]
    public Trade FaustGen_MsgPack_Deserialize() => msgPack.Decode(msgPackBytes);
}

/// <summary>The benchmarked record: ten fields.</summary>
[Record]
[MessagePackObject(true)]
public sealed partial class Trade
{
    public string Id { get; set; } = string.Empty;

    public string Symbol { get; set; } = string.Empty;

    public string Trader { get; set; } = string.Empty;

    public int Quantity { get; set; }

    public long Sequence { get; set; }

    public double Price { get; set; }

    public decimal Fee { get; set; }

    public DateTimeOffset At { get; set; }

    public Counterparty Counterparty { get; set; } = new(string.Empty, string.Empty, 0);

    public List<string> Tags { get; set; } = [];
}

/// <summary>The nested record.</summary>
[Record]
[MessagePackObject(true)]
public sealed partial record Counterparty(string Name, string Country, int Rating);

/// <summary>System.Text.Json's source-generated serializer of the same record.</summary>
[JsonSerializable(typeof(Trade))]
internal sealed partial class BenchmarkJsonContext : JsonSerializerContext;
