using System.Buffers;
using System.Buffers.Binary;
using FaustGen.Codecs;

namespace FaustGen.Tables.Tests;

/// <summary>Longs as 8 little-endian bytes, decoded slowly (1 ms each), so that a recovery takes long enough to be interrupted.</summary>
internal sealed class SlowLongCodec : Codec
{
    public static readonly SlowLongCodec Instance = new();

    private SlowLongCodec()
        : base("slow-long")
    {
    }

    public override ICodec<T>? For<T>() => typeof(T) == typeof(long) ? (ICodec<T>)(object)new Int64() : null;

    private sealed class Int64 : ICodec<long>
    {
        public string Name => "slow-long";

        public void Encode(long value, IBufferWriter<byte> output)
        {
            BinaryPrimitives.WriteInt64LittleEndian(output.GetSpan(8), value);
            output.Advance(8);
        }

        public long Decode(ReadOnlySpan<byte> input)
        {
            Thread.Sleep(1);
            return BinaryPrimitives.ReadInt64LittleEndian(input);
        }
    }
}
