using System.Buffers.Binary;
using System.ComponentModel;
using System.Text;

namespace FaustGen.Codecs;

/// <summary>Reads Avro's binary encoding from a span; every malformed or truncated input is a <see cref="FormatException"/>.</summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public ref struct AvroReader
{
    private static readonly UTF8Encoding Strict = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    private readonly ReadOnlySpan<byte> input;
    private int position;

    /// <summary>Creates a reader of <paramref name="input"/>.</summary>
    public AvroReader(ReadOnlySpan<byte> input)
    {
        this.input = input;
        position = 0;
    }

    /// <summary>Whether all input is read.</summary>
    public readonly bool End => position == input.Length;

    /// <summary>How many bytes are left.</summary>
    public readonly int Remaining => input.Length - position;

    /// <summary>Reads a boolean.</summary>
    public bool ReadBoolean() => Take(1)[0] switch
    {
        0 => false,
        1 => true,
        var other => throw new FormatException($"{other} is not an Avro boolean."),
    };

    /// <summary>Reads an <c>int</c>.</summary>
    public int ReadInt()
    {
        var value = ReadLong();
        return value is >= int.MinValue and <= int.MaxValue ? (int)value : throw new FormatException($"{value} does not fit an Avro int.");
    }

    /// <summary>Reads a <c>long</c>.</summary>
    public long ReadLong()
    {
        ulong zigzag = 0;
        for (var shift = 0; shift < 70; shift += 7)
        {
            var b = Take(1)[0];
            if (shift == 63 && b > 1)
            {
                break;
            }

            zigzag |= (ulong)(b & 0x7F) << shift;
            if (b < 0x80)
            {
                return (long)(zigzag >> 1) ^ -(long)(zigzag & 1);
            }
        }

        throw new FormatException("An Avro varint is longer than 10 bytes.");
    }

    /// <summary>Reads a <c>float</c>.</summary>
    public float ReadFloat() => BinaryPrimitives.ReadSingleLittleEndian(Take(4));

    /// <summary>Reads a <c>double</c>.</summary>
    public double ReadDouble() => BinaryPrimitives.ReadDoubleLittleEndian(Take(8));

    /// <summary>Reads <c>bytes</c> into an array of their own.</summary>
    public byte[] ReadBytes() => ReadSpan().ToArray();

    /// <summary>Reads <c>bytes</c> or a <c>string</c> as a span of the input.</summary>
    public ReadOnlySpan<byte> ReadSpan() => Take(Length(ReadLong()));

    /// <summary>Reads a <c>string</c>.</summary>
    public string ReadString()
    {
        var bytes = ReadSpan();
        try
        {
            return Strict.GetString(bytes);
        }
        catch (DecoderFallbackException ex)
        {
            throw new FormatException("An Avro string is not valid UTF-8.", ex);
        }
    }

    /// <summary>Reads <paramref name="count"/> raw bytes (a <c>fixed</c>).</summary>
    public ReadOnlySpan<byte> ReadFixed(int count) => Take(count);

    /// <summary>Reads a union's branch index and checks it is below <paramref name="branches"/>.</summary>
    public int ReadIndex(int branches)
    {
        var index = ReadLong();
        return index >= 0 && index < branches ? (int)index : throw new FormatException($"Index {index} is not one of the {branches} branches or symbols.");
    }

    /// <summary>
    /// Reads the count of the next block of an array or map (0 ends it), skipping the byte size a negative count
    /// carries. A count larger than the bytes left is refused, so garbage cannot make decoding loop or allocate.
    /// </summary>
    public int ReadBlockCount()
    {
        var count = ReadLong();
        if (count < 0)
        {
            count = count == long.MinValue ? long.MaxValue : -count;
            ReadLong();
        }

        return count <= Remaining ? (int)count : throw new FormatException($"A block of {count} items is longer than the payload.");
    }

    private int Length(long length) =>
        length >= 0 && length <= Remaining ? (int)length : throw new FormatException($"Length {length} does not fit the {Remaining} bytes left.");

    private ReadOnlySpan<byte> Take(int count)
    {
        if (count > input.Length - position)
        {
            throw new FormatException("The Avro payload ends early.");
        }

        var span = input.Slice(position, count);
        position += count;
        return span;
    }
}
