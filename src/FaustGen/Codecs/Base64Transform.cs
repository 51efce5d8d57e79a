using System.Buffers;
using System.Buffers.Text;

namespace FaustGen.Codecs;

/// <summary>The <c>binary</c> byte transform (Faust's): base64 around the bytes of the format before it.</summary>
internal sealed class Base64Transform
{
    public static readonly Base64Transform Instance = new();

    public string Name => "binary";

    public void Encode(ReadOnlySpan<byte> bytes, IBufferWriter<byte> output)
    {
        var span = output.GetSpan(Base64.GetMaxEncodedToUtf8Length(bytes.Length));
        Base64.EncodeToUtf8(bytes, span, out _, out var written);
        output.Advance(written);
    }

    /// <exception cref="FormatException">The input is not base64.</exception>
    public void Decode(ReadOnlySpan<byte> text, IBufferWriter<byte> output)
    {
        var span = output.GetSpan(Base64.GetMaxDecodedFromUtf8Length(text.Length));
        var status = Base64.DecodeFromUtf8(text, span, out var consumed, out var written);
        if (status != OperationStatus.Done || consumed != text.Length)
        {
            throw new FormatException($"The payload is not base64 (at byte {consumed}).");
        }

        output.Advance(written);
    }
}
