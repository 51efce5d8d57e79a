using System.Buffers;
using Google.Protobuf.Reflection;

namespace FaustGen.Protobuf;

/// <summary>
/// The message indexes of Confluent's Protobuf wire format: which message of the schema's file a payload holds, as the
/// path of indexes from the file's top-level messages down through nested ones, written as a count and the indexes,
/// each a zig-zag varint; the common <c>[0]</c> (the file's first message) is the single byte 0.
/// </summary>
internal static class MessageIndexes
{
    // No file nests messages this deep; a larger count is garbage, not a path.
    private const int MaxDepth = 64;

    /// <summary>The path of <paramref name="message"/> in its file, outermost first.</summary>
    public static int[] Of(MessageDescriptor message)
    {
        var path = new List<int>();
        for (var current = message; current is not null; current = current.ContainingType)
        {
            path.Insert(0, current.Index);
        }

        return [.. path];
    }

    /// <summary>The bytes of <paramref name="indexes"/> as the wire format writes them.</summary>
    public static byte[] Encode(int[] indexes)
    {
        if (indexes is [0])
        {
            return [0];
        }

        var output = new ArrayBufferWriter<byte>();
        WriteVarint(output, indexes.Length);
        foreach (var index in indexes)
        {
            WriteVarint(output, index);
        }

        return output.WrittenSpan.ToArray();
    }

    /// <summary>Reads the indexes at the start of <paramref name="input"/>; <paramref name="consumed"/> is their length.</summary>
    /// <exception cref="FormatException">The bytes are no valid index array.</exception>
    public static int[] Read(ReadOnlySpan<byte> input, out int consumed)
    {
        consumed = 0;
        var count = ReadVarint(input, ref consumed);
        if (count == 0)
        {
            return [0];
        }

        if (count is < 0 or > MaxDepth)
        {
            throw new FormatException($"The Protobuf payload's message index count {count} is out of range.");
        }

        var indexes = new int[count];
        for (var i = 0; i < count; i++)
        {
            indexes[i] = ReadVarint(input, ref consumed);
            if (indexes[i] < 0)
            {
                throw new FormatException($"The Protobuf payload's message index {indexes[i]} is negative.");
            }
        }

        return indexes;
    }

    private static void WriteVarint(IBufferWriter<byte> output, int value)
    {
        var zigzag = (uint)((value << 1) ^ (value >> 31));
        var span = output.GetSpan(5);
        var length = 0;
        while (zigzag >= 0x80)
        {
            span[length++] = (byte)(zigzag | 0x80);
            zigzag >>= 7;
        }

        span[length++] = (byte)zigzag;
        output.Advance(length);
    }

    private static int ReadVarint(ReadOnlySpan<byte> input, ref int position)
    {
        uint value = 0;
        for (var shift = 0; shift < 35; shift += 7)
        {
            if (position >= input.Length)
            {
                throw new FormatException("The Protobuf payload ends inside its message indexes.");
            }

            var b = input[position++];
            value |= (uint)(b & 0x7f) << shift;
            if (b < 0x80)
            {
                return (int)(value >> 1) ^ -(int)(value & 1);
            }
        }

        throw new FormatException("A message index of the Protobuf payload is longer than a 32-bit varint.");
    }
}
