using System.Buffers;
using System.ComponentModel;
using MessagePack;

namespace FaustGen.Codecs;

/// <summary>
/// The base of the MessagePack codecs the generator writes for <see cref="RecordAttribute">[Record]</see> types (and
/// of the built-in primitive ones): writes through <see cref="MessagePackWriter"/> straight into the output, and
/// turns every reading error into a <see cref="FormatException"/>.
/// </summary>
/// <typeparam name="T">The type carried.</typeparam>
[EditorBrowsable(EditorBrowsableState.Never)]
public abstract class MsgPackRecordCodec<T> : ICodec<T>
{
    /// <inheritdoc/>
    public string Name => "msgpack";

    /// <summary>Writes <paramref name="value"/> as one MessagePack value.</summary>
    public abstract void Write(ref MessagePackWriter writer, T value);

    /// <summary>Reads one MessagePack value.</summary>
    public abstract T Read(ref MessagePackReader reader);

    /// <inheritdoc/>
    public void Encode(T value, IBufferWriter<byte> output)
    {
        var writer = new MessagePackWriter(output);
        Write(ref writer, value);
        writer.Flush();
    }

    /// <inheritdoc/>
    public T Decode(ReadOnlySpan<byte> input)
    {
        // MessagePackReader reads memory, not spans: the bytes go through a pooled copy, which decoding never keeps.
        var copy = ArrayPool<byte>.Shared.Rent(input.Length);
        try
        {
            input.CopyTo(copy);
            var reader = new MessagePackReader(copy.AsMemory(0, input.Length));
            var value = Read(ref reader);
            if (!reader.End)
            {
                throw new FormatException($"Unexpected MessagePack after the {typeof(T).Name} value.");
            }

            return value;
        }
        // MessagePackReader reports truncation as EndOfStreamException, a value too large for its type as
        // OverflowException, and some impossible lengths as ArgumentOutOfRangeException.
        catch (Exception ex) when (ex is MessagePackSerializationException or EndOfStreamException or OverflowException or InvalidOperationException or ArgumentOutOfRangeException)
        {
            throw new FormatException($"Invalid MessagePack for {typeof(T).Name}: {ex.Message}", ex);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(copy);
        }
    }
}
