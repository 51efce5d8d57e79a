using System.Buffers.Binary;
using System.Text;

namespace FaustGen.Kafka.Embedded;

/// <summary>Reads the non-flexible (pre-KIP-482) encoding of Kafka protocol messages: big-endian integers,
/// strings and byte arrays with fixed-size lengths.</summary>
internal ref struct WireReader(ReadOnlySpan<byte> data)
{
    private readonly ReadOnlySpan<byte> data = data;

    public int Position { get; set; }

    public short Int16() => BinaryPrimitives.ReadInt16BigEndian(Take(2));

    public int Int32() => BinaryPrimitives.ReadInt32BigEndian(Take(4));

    public long Int64() => BinaryPrimitives.ReadInt64BigEndian(Take(8));

    public sbyte Int8() => (sbyte)Take(1)[0];

    public string? String()
    {
        var length = Int16();
        return length < 0 ? null : Encoding.UTF8.GetString(Take(length));
    }

    /// <summary>A byte array's contents (an empty span for a null array).</summary>
    public ReadOnlySpan<byte> Bytes()
    {
        var length = Int32();
        return length < 0 ? [] : Take(length);
    }

    private ReadOnlySpan<byte> Take(int count)
    {
        var span = data.Slice(Position, count);
        Position += count;
        return span;
    }
}

/// <summary>Writes the non-flexible encoding of Kafka protocol messages.</summary>
internal sealed class WireWriter
{
    private byte[] buffer = new byte[256];

    public int Length { get; private set; }

    public WireWriter Int8(sbyte value)
    {
        Room(1)[0] = (byte)value;
        return this;
    }

    public WireWriter Int16(short value)
    {
        BinaryPrimitives.WriteInt16BigEndian(Room(2), value);
        return this;
    }

    public WireWriter Int32(int value)
    {
        BinaryPrimitives.WriteInt32BigEndian(Room(4), value);
        return this;
    }

    public WireWriter Int64(long value)
    {
        BinaryPrimitives.WriteInt64BigEndian(Room(8), value);
        return this;
    }

    public WireWriter String(string? value)
    {
        if (value is null)
        {
            return Int16(-1);
        }

        var bytes = Encoding.UTF8.GetBytes(value);
        Int16((short)bytes.Length);
        return Raw(bytes);
    }

    public WireWriter Raw(ReadOnlySpan<byte> bytes)
    {
        bytes.CopyTo(Room(bytes.Length));
        return this;
    }

    /// <summary>A request frame: size, then what was written (the request header first).</summary>
    public byte[] ToFrame()
    {
        var frame = new byte[Length + 4];
        BinaryPrimitives.WriteInt32BigEndian(frame, Length);
        buffer.AsSpan(0, Length).CopyTo(frame.AsSpan(4));
        return frame;
    }

    /// <summary>A response frame with what was written as its body: size, correlation id (response header v0), body.</summary>
    public byte[] ToResponse(int correlationId)
    {
        var frame = new byte[Length + 8];
        BinaryPrimitives.WriteInt32BigEndian(frame, Length + 4);
        BinaryPrimitives.WriteInt32BigEndian(frame.AsSpan(4), correlationId);
        buffer.AsSpan(0, Length).CopyTo(frame.AsSpan(8));
        return frame;
    }

    private Span<byte> Room(int count)
    {
        if (Length + count > buffer.Length)
        {
            Array.Resize(ref buffer, Math.Max(buffer.Length * 2, Length + count));
        }

        var span = buffer.AsSpan(Length, count);
        Length += count;
        return span;
    }
}
