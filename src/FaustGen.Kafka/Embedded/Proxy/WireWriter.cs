using System.Buffers.Binary;
using System.Text;

namespace FaustGen.Kafka.Embedded.Proxy;

/// <summary>Writes Kafka protocol messages, in a flexible version (compact lengths, tagged fields) or not.</summary>
internal sealed class WireWriter(bool flexible = false)
{
    private byte[] buffer = new byte[256];

    /// <summary>Whether the message is in a flexible version.</summary>
    public bool Flexible { get; } = flexible;

    public int Length { get; private set; }

    /// <summary>What was written so far.</summary>
    public ReadOnlySpan<byte> Written => buffer.AsSpan(0, Length);

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

    public WireWriter UnsignedVarInt(uint value)
    {
        for (; value >= 0x80; value >>= 7)
        {
            Room(1)[0] = (byte)(value | 0x80);
        }

        Room(1)[0] = (byte)value;
        return this;
    }

    /// <summary>A nullable string: compact in flexible versions.</summary>
    public WireWriter String(string? value)
    {
        var bytes = value is null ? null : Encoding.UTF8.GetBytes(value);
        if (Flexible)
        {
            UnsignedVarInt(bytes is null ? 0 : (uint)bytes.Length + 1);
        }
        else
        {
            Int16(bytes is null ? (short)-1 : checked((short)bytes.Length));
        }

        return bytes is null ? this : Raw(bytes);
    }

    /// <summary>An array's element count (-1 for null): compact in flexible versions.</summary>
    public WireWriter ArrayCount(int count) => Flexible ? UnsignedVarInt((uint)(count + 1)) : Int32(count);

    /// <summary>An empty tagged-field section, in flexible versions only.</summary>
    public WireWriter TaggedFields() => Flexible ? UnsignedVarInt(0) : this;

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
        Written.CopyTo(frame.AsSpan(4));
        return frame;
    }

    /// <summary>A response frame with what was written as its body: size, correlation id, an empty tagged-field
    /// section in flexible versions (response header v1, else v0), body.</summary>
    public byte[] ToResponse(int correlationId)
    {
        var header = Flexible ? 5 : 4;
        var frame = new byte[4 + header + Length];
        BinaryPrimitives.WriteInt32BigEndian(frame, header + Length);
        BinaryPrimitives.WriteInt32BigEndian(frame.AsSpan(4), correlationId);
        Written.CopyTo(frame.AsSpan(4 + header));
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
