using MessagePack;

namespace FaustGen.Codecs;

/// <summary>
/// The <c>msgpack</c> format, interoperable with MessagePack-CSharp's standard resolver. Carries strings, booleans,
/// numbers, <see cref="char"/>, <see cref="Guid"/>, dates, <see cref="TimeSpan"/>, enums (underlying integers),
/// <c>byte[]</c>, the nullable forms of the value types, and <see cref="RecordAttribute">[Record]</see> types through
/// their generated codecs.
/// </summary>
public sealed class MsgPackCodec : Codec
{
    internal MsgPackCodec() : base("msgpack")
    {
    }

    /// <inheritdoc/>
    public override ICodec<T>? For<T>() => MsgPackPrimitiveCodecs.For<T>() ?? RecordCodecs<T>.MsgPack;
}

/// <summary>A MessagePack codec of one primitive type.</summary>
internal sealed class MsgPackPrimitiveCodec<T>(MsgPackPrimitiveCodec<T>.Writer write, MsgPackPrimitiveCodec<T>.Reader read) : MsgPackRecordCodec<T>
{
    public delegate void Writer(ref MessagePackWriter writer, T value);

    public delegate T Reader(ref MessagePackReader reader);

    public override void Write(ref MessagePackWriter writer, T value) => write(ref writer, value);

    public override T Read(ref MessagePackReader reader) => read(ref reader);
}

/// <summary>The MessagePack codecs of the primitive types, chosen by a type switch the JIT and AOT compiler fold away.</summary>
internal static class MsgPackPrimitiveCodecs
{
    private static readonly object String = new MsgPackPrimitiveCodec<string?>(static (ref MessagePackWriter w, string? v) => w.Write(v), static (ref MessagePackReader r) => r.ReadString());
    private static readonly object Boolean = Value(static (ref MessagePackWriter w, bool v) => w.Write(v), static (ref MessagePackReader r) => r.ReadBoolean());
    private static readonly object Char = Value(static (ref MessagePackWriter w, char v) => w.Write(v), static (ref MessagePackReader r) => r.ReadChar());
    private static readonly object Byte = Value(static (ref MessagePackWriter w, byte v) => w.Write(v), static (ref MessagePackReader r) => r.ReadByte());
    private static readonly object SByte = Value(static (ref MessagePackWriter w, sbyte v) => w.Write(v), static (ref MessagePackReader r) => r.ReadSByte());
    private static readonly object Int16 = Value(static (ref MessagePackWriter w, short v) => w.Write(v), static (ref MessagePackReader r) => r.ReadInt16());
    private static readonly object UInt16 = Value(static (ref MessagePackWriter w, ushort v) => w.Write(v), static (ref MessagePackReader r) => r.ReadUInt16());
    private static readonly object Int32 = Value(static (ref MessagePackWriter w, int v) => w.Write(v), static (ref MessagePackReader r) => r.ReadInt32());
    private static readonly object UInt32 = Value(static (ref MessagePackWriter w, uint v) => w.Write(v), static (ref MessagePackReader r) => r.ReadUInt32());
    private static readonly object Int64 = Value(static (ref MessagePackWriter w, long v) => w.Write(v), static (ref MessagePackReader r) => r.ReadInt64());
    private static readonly object UInt64 = Value(static (ref MessagePackWriter w, ulong v) => w.Write(v), static (ref MessagePackReader r) => r.ReadUInt64());
    private static readonly object Single = Value(static (ref MessagePackWriter w, float v) => w.Write(v), static (ref MessagePackReader r) => r.ReadSingle());
    private static readonly object Double = Value(static (ref MessagePackWriter w, double v) => w.Write(v), static (ref MessagePackReader r) => r.ReadDouble());
    private static readonly object Decimal = Value(RecordMsgPack.WriteDecimal, RecordMsgPack.ReadDecimal);
    private static readonly object Guid = Value(RecordMsgPack.WriteGuid, RecordMsgPack.ReadGuid);
    private static readonly object DateTime = Value(RecordMsgPack.WriteDateTime, RecordMsgPack.ReadDateTime);
    private static readonly object DateTimeOffset = Value(RecordMsgPack.WriteDateTimeOffset, RecordMsgPack.ReadDateTimeOffset);
    private static readonly object TimeSpan = Value(RecordMsgPack.WriteTimeSpan, RecordMsgPack.ReadTimeSpan);
    private static readonly object Bytes = new MsgPackPrimitiveCodec<byte[]?>(RecordMsgPack.WriteBytes, RecordMsgPack.ReadBytes);

    public static ICodec<T>? For<T>()
    {
        var codec =
            typeof(T) == typeof(string) ? String :
            typeof(T) == typeof(byte[]) ? Bytes :
            Of(typeof(T)) ?? (System.Nullable.GetUnderlyingType(typeof(T)) is { } underlying ? Nullable(Of(underlying)) : null);
        return codec as ICodec<T> ?? (typeof(T).IsEnum ? new MsgPackPrimitiveCodec<T>(WriteEnum, ReadEnum<T>) : null);
    }

    // An enum as its underlying integer, as MessagePack-CSharp writes it.
    private static void WriteEnum<T>(ref MessagePackWriter writer, T value) =>
        writer.Write(Convert.ToInt64(value, System.Globalization.CultureInfo.InvariantCulture));

    private static T ReadEnum<T>(ref MessagePackReader reader) => (T)Enum.ToObject(typeof(T), reader.ReadInt64());

    private static object? Of(Type type) =>
        type == typeof(bool) ? Boolean :
        type == typeof(char) ? Char :
        type == typeof(byte) ? Byte :
        type == typeof(sbyte) ? SByte :
        type == typeof(short) ? Int16 :
        type == typeof(ushort) ? UInt16 :
        type == typeof(int) ? Int32 :
        type == typeof(uint) ? UInt32 :
        type == typeof(long) ? Int64 :
        type == typeof(ulong) ? UInt64 :
        type == typeof(float) ? Single :
        type == typeof(double) ? Double :
        type == typeof(decimal) ? Decimal :
        type == typeof(Guid) ? Guid :
        type == typeof(DateTime) ? DateTime :
        type == typeof(DateTimeOffset) ? DateTimeOffset :
        type == typeof(TimeSpan) ? TimeSpan :
        null;

    /// <summary>The nullable form of a value codec: made with it, so no generic type is built at run time.</summary>
    private static object? Nullable(object? codec) => (codec as INullableFactory)?.Nullable;

    private static ValueCodec<TValue> Value<TValue>(MsgPackPrimitiveCodec<TValue>.Writer write, MsgPackPrimitiveCodec<TValue>.Reader read)
        where TValue : struct => new(write, read);

    private interface INullableFactory
    {
        object Nullable { get; }
    }

    private sealed class ValueCodec<TValue>(MsgPackPrimitiveCodec<TValue>.Writer write, MsgPackPrimitiveCodec<TValue>.Reader read) : MsgPackRecordCodec<TValue>, INullableFactory
        where TValue : struct
    {
        public object Nullable { get; } = new MsgPackPrimitiveCodec<TValue?>(
            (ref MessagePackWriter w, TValue? v) => { if (v is { } value) { write(ref w, value); } else { w.WriteNil(); } },
            (ref MessagePackReader r) => r.TryReadNil() ? null : read(ref r));

        public override void Write(ref MessagePackWriter writer, TValue value) => write(ref writer, value);

        public override TValue Read(ref MessagePackReader reader) => read(ref reader);
    }
}
