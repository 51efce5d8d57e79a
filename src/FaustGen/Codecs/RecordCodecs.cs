using System.ComponentModel;

namespace FaustGen.Codecs;

/// <summary>
/// Where generated code registers the codecs of a <see cref="RecordAttribute">[Record]</see> type, from a module
/// initializer, so <c>Codec.Json.For&lt;T&gt;()</c> and the other formats find them by type without reflection.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class RecordCodecs
{
    /// <summary>Registers the generated codecs of <typeparamref name="T"/> and the codec name its <c>[Record]</c> chose, if any.</summary>
    public static void Register<T>(JsonRecordCodec<T> json, MsgPackRecordCodec<T> msgPack, AvroRecordCodec<T> avro, string? serializer)
    {
        ArgumentNullException.ThrowIfNull(json);
        ArgumentNullException.ThrowIfNull(msgPack);
        ArgumentNullException.ThrowIfNull(avro);
        RecordCodecs<T>.Json = json;
        RecordCodecs<T>.MsgPack = msgPack;
        RecordCodecs<T>.Avro = avro;
        RecordCodecs<T>.Serializer = serializer is null ? null : new NamedCodecReference(serializer);
    }
}

/// <summary>The registered codecs of one record type: a static generic cache, read without a lookup.</summary>
internal static class RecordCodecs<T>
{
    public static JsonRecordCodec<T>? Json;

    public static MsgPackRecordCodec<T>? MsgPack;

    public static AvroRecordCodec<T>? Avro;

    /// <summary>The codec the record names for itself, taking precedence over the app's default.</summary>
    public static Codec? Serializer;
}
