using System.Buffers.Binary;
using System.Text;

namespace FaustGen.Kafka.Embedded.Proxy;

/// <summary>
/// Reads Kafka protocol messages: big-endian integers, and strings, arrays and byte arrays whose lengths are fixed-size
/// integers or, in flexible versions (KIP-482), unsigned varints holding the length plus one, followed by tagged fields.
/// A message that ends early or holds impossible lengths throws <see cref="InvalidDataException"/>.
/// </summary>
internal ref struct WireReader(ReadOnlySpan<byte> data, bool flexible = false)
{
    private readonly ReadOnlySpan<byte> data = data;

    /// <summary>Whether the message is in a flexible version.</summary>
    public bool Flexible { get; } = flexible;

    public int Position { get; set; }

    public readonly int Remaining => data.Length - Position;

    public sbyte Int8() => (sbyte)Take(1)[0];

    public short Int16() => BinaryPrimitives.ReadInt16BigEndian(Take(2));

    public int Int32() => BinaryPrimitives.ReadInt32BigEndian(Take(4));

    public long Int64() => BinaryPrimitives.ReadInt64BigEndian(Take(8));

    public uint UnsignedVarInt()
    {
        uint value = 0;
        for (var shift = 0; shift < 35; shift += 7)
        {
            var b = Take(1)[0];
            value |= (uint)(b & 0x7F) << shift;
            if ((b & 0x80) == 0)
            {
                return value;
            }
        }

        throw new InvalidDataException("An unsigned varint is longer than five bytes.");
    }

    /// <summary>A nullable string: compact in flexible versions.</summary>
    public string? String() => Flexible ? Text(CompactLength()) : Int16String();

    /// <summary>A nullable string with an int16 length in every version, as the request header's client id.</summary>
    public string? Int16String() => Text(Int16());

    /// <summary>An array's element count, -1 for a null array: compact in flexible versions.</summary>
    public int ArrayCount()
    {
        var count = Flexible ? CompactLength() : Int32();
        // Every element takes at least a byte: a larger count is garbage, not a reason to loop for ever.
        if (count < -1 || count > Remaining)
        {
            throw new InvalidDataException($"An array of {count} elements at {Position} does not fit in {Remaining} bytes.");
        }

        return count;
    }

    /// <summary>A byte array's contents (an empty span for a null array): compact in flexible versions.</summary>
    public ReadOnlySpan<byte> Bytes()
    {
        var length = Flexible ? CompactLength() : Int32();
        return length == -1 ? [] : Take(length);
    }

    /// <summary>Skips a tagged-field section, which only flexible versions have.</summary>
    public void TaggedFields()
    {
        if (!Flexible)
        {
            return;
        }

        for (var count = UnsignedVarInt(); count > 0; count--)
        {
            UnsignedVarInt();
            Take(Length(UnsignedVarInt()));
        }
    }

    private int CompactLength() => Length(UnsignedVarInt()) - 1;

    private static int Length(uint value) => value > int.MaxValue ? throw new InvalidDataException($"A length of {value} overflows.") : (int)value;

    private string? Text(int length) => length == -1 ? null : Encoding.UTF8.GetString(Take(length));

    private ReadOnlySpan<byte> Take(int count)
    {
        if (count < 0 || count > Remaining)
        {
            throw new InvalidDataException($"{count} bytes at {Position} do not fit in the {Remaining} left.");
        }

        var span = data.Slice(Position, count);
        Position += count;
        return span;
    }
}
