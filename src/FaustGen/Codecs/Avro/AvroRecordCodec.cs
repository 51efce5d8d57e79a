using System.ComponentModel;

namespace FaustGen.Codecs;

/// <summary>
/// The Avro body codec the generator writes for a <see cref="RecordAttribute">[Record]</see> type (and the built-in
/// ones of primitive types): the schema derived at build time, and the binary encoding of values of that schema.
/// The <c>avro</c> codec wraps it in Confluent's wire format.
/// </summary>
/// <typeparam name="T">The type carried.</typeparam>
[EditorBrowsable(EditorBrowsableState.Never)]
public abstract class AvroRecordCodec<T>
{
    /// <summary>The Avro schema, as JSON.</summary>
    public abstract string Schema { get; }

    /// <summary>Writes <paramref name="value"/> in Avro's binary encoding of <see cref="Schema"/>.</summary>
    public abstract void Write(ref AvroWriter writer, T value);

    /// <summary>Reads a value written with <see cref="Schema"/>.</summary>
    /// <exception cref="FormatException">The bytes are not a value of the schema.</exception>
    public abstract T Read(ref AvroReader reader);
}
