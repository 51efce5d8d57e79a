using System.Buffers.Text;
using System.ComponentModel;
using System.Globalization;

namespace FaustGen.Codecs;

/// <summary>What generated Avro record codecs share: the member types Avro has no primitive for, and range checks.</summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class RecordAvro
{
    private static readonly long MinMicros = (DateTime.MinValue.Ticks - DateTime.UnixEpoch.Ticks) / 10;
    private static readonly long MaxMicros = (DateTime.MaxValue.Ticks - DateTime.UnixEpoch.Ticks) / 10;

    /// <summary>The value, or an error when it is null where the record's Avro schema does not allow null.</summary>
    public static T NotNull<T>(T? value)
        where T : class =>
        value ?? throw new ArgumentNullException(nameof(value), $"A {typeof(T).Name} is null where the record's Avro schema does not allow null; declare it nullable ('?').");

    /// <summary>The error for an enum value that is none of its symbols.</summary>
    public static ArgumentException NoSymbol<TEnum>(TEnum value)
        where TEnum : struct, Enum => new($"{typeof(TEnum).Name} {value} is not one of its symbols, so Avro cannot write it.", nameof(value));

    /// <summary>Microseconds since the Unix epoch (Avro's <c>timestamp-micros</c>); local times are converted to UTC.</summary>
    public static long ToMicros(DateTime value) =>
        ((value.Kind == DateTimeKind.Local ? value.ToUniversalTime() : value).Ticks - DateTime.UnixEpoch.Ticks) / 10;

    /// <summary>The UTC time of a <c>timestamp-micros</c>.</summary>
    public static DateTime FromMicros(long micros) =>
        micros >= MinMicros && micros <= MaxMicros
            ? new DateTime(DateTime.UnixEpoch.Ticks + (micros * 10), DateTimeKind.Utc)
            : throw new FormatException($"{micros} µs is out of DateTime's range.");

    /// <summary>Writes a <see cref="DateTimeOffset"/> as its ISO 8601 round-trip string.</summary>
    public static void WriteDateTimeOffset(ref AvroWriter writer, DateTimeOffset value)
    {
        Span<byte> text = stackalloc byte[40];
        value.TryFormat(text, out var written, "O", CultureInfo.InvariantCulture);
        writer.WriteUtf8(text[..written]);
    }

    /// <summary>Reads a <see cref="DateTimeOffset"/> from its ISO 8601 string.</summary>
    public static DateTimeOffset ReadDateTimeOffset(ref AvroReader reader)
    {
        var text = reader.ReadSpan();
        return DateTimeOffset.TryParseExact(System.Text.Encoding.UTF8.GetString(text), "O", CultureInfo.InvariantCulture, DateTimeStyles.None, out var value)
            ? value
            : throw new FormatException("Expected an ISO 8601 date and time with an offset.");
    }

    /// <summary>Writes a <see cref="Guid"/> as its 36-character string (Avro's <c>uuid</c>).</summary>
    public static void WriteGuid(ref AvroWriter writer, Guid value)
    {
        Span<byte> text = stackalloc byte[36];
        Utf8Formatter.TryFormat(value, text, out _, 'D');
        writer.WriteUtf8(text);
    }

    /// <summary>Reads a <see cref="Guid"/> from its string.</summary>
    public static Guid ReadGuid(ref AvroReader reader)
    {
        var text = reader.ReadSpan();
        return Utf8Parser.TryParse(text, out Guid value, out var consumed, 'D') && consumed == text.Length
            ? value
            : throw new FormatException("Expected a uuid string.");
    }

    /// <summary>Writes a <see cref="decimal"/> as its invariant string, which keeps every digit and the scale.</summary>
    public static void WriteDecimal(ref AvroWriter writer, decimal value)
    {
        Span<byte> text = stackalloc byte[64];
        Utf8Formatter.TryFormat(value, text, out var written);
        writer.WriteUtf8(text[..written]);
    }

    /// <summary>Reads a <see cref="decimal"/> from its string.</summary>
    public static decimal ReadDecimal(ref AvroReader reader)
    {
        var text = reader.ReadSpan();
        return Utf8Parser.TryParse(text, out decimal value, out var consumed) && consumed == text.Length
            ? value
            : throw new FormatException("Expected a decimal string.");
    }

    /// <summary>Reads an <c>int</c> that must fit a <see cref="byte"/>.</summary>
    public static byte ReadByte(ref AvroReader reader) => Narrow(reader.ReadInt(), byte.MinValue, byte.MaxValue, static v => (byte)v);

    /// <summary>Reads an <c>int</c> that must fit an <see cref="sbyte"/>.</summary>
    public static sbyte ReadSByte(ref AvroReader reader) => Narrow(reader.ReadInt(), sbyte.MinValue, sbyte.MaxValue, static v => (sbyte)v);

    /// <summary>Reads an <c>int</c> that must fit a <see cref="short"/>.</summary>
    public static short ReadInt16(ref AvroReader reader) => Narrow(reader.ReadInt(), short.MinValue, short.MaxValue, static v => (short)v);

    /// <summary>Reads an <c>int</c> that must fit a <see cref="ushort"/>.</summary>
    public static ushort ReadUInt16(ref AvroReader reader) => Narrow(reader.ReadInt(), ushort.MinValue, ushort.MaxValue, static v => (ushort)v);

    /// <summary>Reads an <c>int</c> that must fit a <see cref="char"/>.</summary>
    public static char ReadChar(ref AvroReader reader) => Narrow(reader.ReadInt(), char.MinValue, char.MaxValue, static v => (char)v);

    /// <summary>Reads a <c>long</c> that must fit a <see cref="uint"/>.</summary>
    public static uint ReadUInt32(ref AvroReader reader)
    {
        var value = reader.ReadLong();
        return value is >= 0 and <= uint.MaxValue ? (uint)value : throw new FormatException($"{value} does not fit a UInt32.");
    }

    private static T Narrow<T>(int value, int min, int max, Func<int, T> convert) =>
        value >= min && value <= max ? convert(value) : throw new FormatException($"{value} does not fit a {typeof(T).Name}.");
}
