using System.Buffers;
using System.Text;

namespace FaustGen.Codecs;

/// <summary>
/// The <c>raw</c> format: bytes as they are (<c>byte[]</c>, <see cref="ReadOnlyMemory{T}"/> of bytes), and strings
/// as UTF-8. It is the default key serializer, as in Faust.
/// </summary>
public sealed class RawCodec : Codec
{
    internal RawCodec() : base("raw")
    {
    }

    /// <inheritdoc/>
    public override ICodec<T>? For<T>()
    {
        object? codec =
            typeof(T) == typeof(byte[]) ? RawBytesCodec.Instance :
            typeof(T) == typeof(ReadOnlyMemory<byte>) ? RawMemoryCodec.Instance :
            typeof(T) == typeof(string) ? Utf8StringCodec.Raw :
            null;
        return codec as ICodec<T>;
    }
}

/// <summary>Bytes as they are.</summary>
internal sealed class RawBytesCodec : ICodec<byte[]>
{
    public static readonly RawBytesCodec Instance = new();

    public string Name => "raw";

    public void Encode(byte[] value, IBufferWriter<byte> output) => output.Write(value);

    public byte[] Decode(ReadOnlySpan<byte> input) => input.ToArray();
}

/// <summary>Bytes as they are, as read-only memory.</summary>
internal sealed class RawMemoryCodec : ICodec<ReadOnlyMemory<byte>>
{
    public static readonly RawMemoryCodec Instance = new();

    public string Name => "raw";

    public void Encode(ReadOnlyMemory<byte> value, IBufferWriter<byte> output) => output.Write(value.Span);

    public ReadOnlyMemory<byte> Decode(ReadOnlySpan<byte> input) => input.ToArray();
}

/// <summary>Strings as UTF-8 bytes.</summary>
internal sealed class Utf8StringCodec(string name) : ICodec<string>
{
    public static readonly Utf8StringCodec Raw = new("raw");

    public static readonly Utf8StringCodec Text = new("string");

    private static readonly UTF8Encoding Strict = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    public string Name => name;

    public void Encode(string value, IBufferWriter<byte> output)
    {
        var span = output.GetSpan(Strict.GetMaxByteCount(value.Length));
        output.Advance(Strict.GetBytes(value, span));
    }

    public string Decode(ReadOnlySpan<byte> input)
    {
        try
        {
            return Strict.GetString(input);
        }
        catch (DecoderFallbackException ex)
        {
            throw new FormatException("The bytes are not valid UTF-8.", ex);
        }
    }
}
