using System.Buffers;
using System.ComponentModel;
using System.Text.Json;

namespace FaustGen.Codecs;

/// <summary>
/// The base of the JSON codecs the generator writes for <see cref="RecordAttribute">[Record]</see> types: it rents a
/// per-thread <see cref="Utf8JsonWriter"/> (so encoding allocates nothing) and turns every reading error into a
/// <see cref="FormatException"/>.
/// </summary>
/// <typeparam name="T">The record type.</typeparam>
[EditorBrowsable(EditorBrowsableState.Never)]
public abstract class JsonRecordCodec<T> : ICodec<T>
{
    /// <inheritdoc/>
    public string Name => "json";

    /// <summary>Writes <paramref name="value"/> as one JSON value.</summary>
    public abstract void Write(Utf8JsonWriter writer, T value);

    /// <summary>Reads one JSON value; the reader is on its first token.</summary>
    public abstract T Read(ref Utf8JsonReader reader);

    /// <inheritdoc/>
    public void Encode(T value, IBufferWriter<byte> output)
    {
        var writer = JsonWriterCache.Rent(output);
        try
        {
            Write(writer, value);
            writer.Flush();
        }
        finally
        {
            JsonWriterCache.Return(writer);
        }
    }

    /// <inheritdoc/>
    public T Decode(ReadOnlySpan<byte> input)
    {
        var reader = new Utf8JsonReader(input);
        try
        {
            RecordJson.Next(ref reader);
            var value = Read(ref reader);
            if (reader.Read())
            {
                throw new FormatException($"Unexpected JSON after the {typeof(T).Name} value.");
            }

            return value;
        }
        catch (Exception ex) when (ex is JsonException or InvalidOperationException)
        {
            throw new FormatException($"Invalid JSON for {typeof(T).Name}: {ex.Message}", ex);
        }
    }
}
