using System.Buffers;
using System.Buffers.Binary;
using System.ComponentModel;
using System.Text;

namespace FaustGen.Codecs;

/// <summary>
/// Writes Avro's binary encoding (zig-zag varints, little-endian floats, length-prefixed bytes and strings) into an
/// <see cref="IBufferWriter{T}"/>, a chunk at a time. Call <see cref="Flush"/> when done.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public ref struct AvroWriter
{
    private readonly IBufferWriter<byte> output;
    private Span<byte> buffer;
    private int used;

    /// <summary>Creates a writer into <paramref name="output"/>.</summary>
    public AvroWriter(IBufferWriter<byte> output)
    {
        this.output = output;
        buffer = default;
        used = 0;
    }

    /// <summary>Writes a boolean.</summary>
    public void WriteBoolean(bool value)
    {
        Ensure(1);
        buffer[used++] = value ? (byte)1 : (byte)0;
    }

    /// <summary>Writes an <c>int</c>.</summary>
    public void WriteInt(int value) => WriteLong(value);

    /// <summary>Writes a <c>long</c> (also union indexes, enum indexes and block counts).</summary>
    public void WriteLong(long value)
    {
        Ensure(10);
        var zigzag = (ulong)((value << 1) ^ (value >> 63));
        while (zigzag >= 0x80)
        {
            buffer[used++] = (byte)(zigzag | 0x80);
            zigzag >>= 7;
        }

        buffer[used++] = (byte)zigzag;
    }

    /// <summary>Writes a <c>float</c>.</summary>
    public void WriteFloat(float value)
    {
        Ensure(4);
        BinaryPrimitives.WriteSingleLittleEndian(buffer[used..], value);
        used += 4;
    }

    /// <summary>Writes a <c>double</c>.</summary>
    public void WriteDouble(double value)
    {
        Ensure(8);
        BinaryPrimitives.WriteDoubleLittleEndian(buffer[used..], value);
        used += 8;
    }

    /// <summary>Writes <c>bytes</c>.</summary>
    public void WriteBytes(scoped ReadOnlySpan<byte> value)
    {
        WriteLong(value.Length);
        Ensure(value.Length);
        value.CopyTo(buffer[used..]);
        used += value.Length;
    }

    /// <summary>Writes a <c>string</c>.</summary>
    /// <exception cref="ArgumentNullException">The string is null where the schema does not allow null.</exception>
    public void WriteString(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        var length = Encoding.UTF8.GetByteCount(value);
        WriteLong(length);
        Ensure(length);
        used += Encoding.UTF8.GetBytes(value, buffer[used..]);
    }

    /// <summary>Writes UTF-8 text as a <c>string</c>.</summary>
    public void WriteUtf8(scoped ReadOnlySpan<byte> value) => WriteBytes(value);

    /// <summary>Writes the bytes of a <c>fixed</c>, or bytes already encoded.</summary>
    public void WriteRaw(scoped ReadOnlySpan<byte> value)
    {
        Ensure(value.Length);
        value.CopyTo(buffer[used..]);
        used += value.Length;
    }

    /// <summary>Hands what is written to the output.</summary>
    public void Flush()
    {
        if (used > 0)
        {
            output.Advance(used);
            buffer = default;
            used = 0;
        }
    }

    private void Ensure(int count)
    {
        if (buffer.Length - used < count)
        {
            Flush();
            buffer = output.GetSpan(Math.Max(count, 256));
        }
    }
}
