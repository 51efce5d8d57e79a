using System.Buffers;
using System.ComponentModel;
using System.Text.Json;

namespace FaustGen.Codecs;

/// <summary>
/// The base of the JSON codecs the generator writes for <see cref="RecordAttribute">[Record]</see> types: they write
/// through a <see cref="JsonRecordWriter"/> (a struct, so encoding allocates nothing) and read with a
/// <see cref="Utf8JsonReader"/>; every reading error becomes a <see cref="FormatException"/>.
/// </summary>
/// <typeparam name="T">The record type.</typeparam>
[EditorBrowsable(EditorBrowsableState.Never)]
public abstract class JsonRecordCodec<T> : ICodec<T>
{
    /// <inheritdoc/>
    public string Name => "json";

    /// <summary>The JSON Schema (draft-07) of what the codec writes, derived at build time; the <c>json-schema</c> codec registers it.</summary>
    public abstract string Schema { get; }

    /// <summary>Writes <paramref name="value"/> as one JSON value.</summary>
    public abstract void Write(ref JsonRecordWriter writer, T value);

    /// <summary>Reads one JSON value; the reader is on its first token.</summary>
    public abstract T Read(ref Utf8JsonReader reader);

    /// <inheritdoc/>
    public void Encode(T value, IBufferWriter<byte> output)
    {
        var writer = new JsonRecordWriter(output);
        Write(ref writer, value);
        writer.Flush();
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
