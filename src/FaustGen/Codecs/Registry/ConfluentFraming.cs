using System.Buffers;
using System.Buffers.Binary;

namespace FaustGen.Codecs;

/// <summary>
/// Confluent's wire format around a payload written with a registered schema: a zero byte, then the schema's registry
/// id as a 4-byte big-endian integer, then the format's own bytes (the protobuf format puts its message indexes first).
/// </summary>
public static class ConfluentFraming
{
    /// <summary>The length of the header: the magic byte and the schema id.</summary>
    public const int HeaderLength = 5;

    private const byte MagicByte = 0;

    /// <summary>Writes the header for <paramref name="schemaId"/>.</summary>
    public static void WriteHeader(IBufferWriter<byte> output, int schemaId)
    {
        ArgumentNullException.ThrowIfNull(output);
        var header = output.GetSpan(HeaderLength);
        header[0] = MagicByte;
        BinaryPrimitives.WriteInt32BigEndian(header[1..], schemaId);
        output.Advance(HeaderLength);
    }

    /// <summary>The schema id of a framed payload; <paramref name="body"/> is what follows the header.</summary>
    /// <param name="input">The framed payload.</param>
    /// <param name="format">The format's name for the error (<c>Avro</c>, <c>JSON Schema</c>, <c>Protobuf</c>).</param>
    /// <param name="body">The bytes after the header.</param>
    /// <exception cref="FormatException">The payload is shorter than the header or does not start with the magic byte.</exception>
    public static int ReadHeader(ReadOnlySpan<byte> input, string format, out ReadOnlySpan<byte> body)
    {
        if (input.Length < HeaderLength || input[0] != MagicByte)
        {
            throw new FormatException($"The payload is not in Confluent's {format} wire format (magic byte 0 and a 4-byte schema id).");
        }

        body = input[HeaderLength..];
        return BinaryPrimitives.ReadInt32BigEndian(input[1..]);
    }
}
