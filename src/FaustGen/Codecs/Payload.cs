using System.Buffers;

namespace FaustGen.Codecs;

/// <summary>Encodes and decodes message keys and values, mapping null to an absent payload (a Kafka null).</summary>
internal static class Payload
{
    [ThreadStatic]
    private static ArrayBufferWriter<byte>? buffer;

    /// <summary>The bytes of <paramref name="value"/>, or null for a null value. Encodes into a per-thread
    /// buffer and copies out exactly the bytes the message needs.</summary>
    public static byte[]? Encode<T>(ICodec<T> codec, T value)
    {
        if (value is null)
        {
            return null;
        }

        var writer = buffer ??= new ArrayBufferWriter<byte>(256);
        writer.ResetWrittenCount();
        codec.Encode(value, writer);
        return writer.WrittenSpan.ToArray();
    }

    /// <summary>The value <paramref name="payload"/> encodes; an absent payload is <c>default</c>.</summary>
    /// <exception cref="FormatException">The payload does not decode.</exception>
    public static T Decode<T>(ICodec<T> codec, byte[]? payload) =>
        payload is null ? default! : codec.Decode(payload);
}
