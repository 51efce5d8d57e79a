using System.Buffers;
using System.Buffers.Text;
using System.ComponentModel;
using MessagePack;

namespace FaustGen.Codecs;

/// <summary>
/// What generated MessagePack record codecs share: the member types MessagePack has no single form for, written the
/// way MessagePack-CSharp's standard resolver writes them, and key reading.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class RecordMsgPack
{
    [ThreadStatic]
    private static byte[]? decimalText;

    /// <summary>Reads a map key (a string) as UTF-8 bytes.</summary>
    /// <exception cref="FormatException">The key is not a string.</exception>
    public static ReadOnlySpan<byte> ReadKey(ref MessagePackReader reader)
    {
        if (reader.NextMessagePackType != MessagePackType.String)
        {
            throw new FormatException($"Expected a string key, found {reader.NextMessagePackType}.");
        }

        if (reader.TryReadStringSpan(out var span))
        {
            return span;
        }

        // The input is one segment, so a string is always contiguous.
        throw new FormatException("A key spans segments.");
    }

    /// <summary>The error for a required field that the payload lacks.</summary>
    public static FormatException Missing(string field, string type) => new($"The MessagePack for {type} lacks the required field '{field}'.");

    /// <summary>The error for a type tag that names no subtype.</summary>
    public static FormatException UnknownTag(string type) => new($"The type tag names no subtype of {type}.");

    /// <summary>Checks the header of a polymorphic value, <c>[tag, value]</c>.</summary>
    public static void ExpectUnion(ref MessagePackReader reader, string type)
    {
        if (reader.ReadArrayHeader() != 2)
        {
            throw new FormatException($"Expected [tag, value] for {type}.");
        }
    }

    /// <summary>Writes a <see cref="Guid"/> as its 36-character string, as MessagePack-CSharp does.</summary>
    public static void WriteGuid(ref MessagePackWriter writer, Guid value)
    {
        writer.WriteStringHeader(36);
        Utf8Formatter.TryFormat(value, writer.GetSpan(36), out _, 'D');
        writer.Advance(36);
    }

    /// <summary>Reads a <see cref="Guid"/> from its string.</summary>
    public static Guid ReadGuid(ref MessagePackReader reader)
    {
        var text = String(ref reader, "Guid");
        return Utf8Parser.TryParse(text, out Guid value, out var consumed, 'D') && consumed == text.Length
            ? value
            : throw new FormatException("Expected a Guid string.");
    }

    /// <summary>Writes a <see cref="decimal"/> as its invariant string, as MessagePack-CSharp does.</summary>
    public static void WriteDecimal(ref MessagePackWriter writer, decimal value)
    {
        // The writer's methods may keep what they are given, so the text is formatted on the heap, not the stack.
        var text = decimalText ??= new byte[64];
        Utf8Formatter.TryFormat(value, text, out var written);
        writer.WriteString(text.AsSpan(0, written));
    }

    /// <summary>Reads a <see cref="decimal"/> from its string.</summary>
    public static decimal ReadDecimal(ref MessagePackReader reader)
    {
        var text = String(ref reader, "decimal");
        return Utf8Parser.TryParse(text, out decimal value, out var consumed) && consumed == text.Length
            ? value
            : throw new FormatException("Expected a decimal string.");
    }

    /// <summary>Writes a <see cref="DateTimeOffset"/> as <c>[clock time as a timestamp, offset in minutes]</c>, as MessagePack-CSharp does.</summary>
    public static void WriteDateTimeOffset(ref MessagePackWriter writer, DateTimeOffset value)
    {
        writer.WriteArrayHeader(2);
        writer.Write(new DateTime(value.Ticks, DateTimeKind.Utc));
        writer.Write((short)value.Offset.TotalMinutes);
    }

    /// <summary>Reads a <see cref="DateTimeOffset"/>.</summary>
    public static DateTimeOffset ReadDateTimeOffset(ref MessagePackReader reader)
    {
        if (reader.ReadArrayHeader() != 2)
        {
            throw new FormatException("Expected [timestamp, offset] for a DateTimeOffset.");
        }

        var clock = reader.ReadDateTime();
        var minutes = reader.ReadInt16();
        if (minutes is < -14 * 60 or > 14 * 60)
        {
            throw new FormatException($"Offset of {minutes} minutes is out of range.");
        }

        return new DateTimeOffset(clock.Ticks, TimeSpan.FromMinutes(minutes));
    }

    /// <summary>Writes a <see cref="DateTime"/> as a MessagePack timestamp (UTC, as MessagePack-CSharp does).</summary>
    public static void WriteDateTime(ref MessagePackWriter writer, DateTime value) => writer.Write(value);

    /// <summary>Reads a timestamp.</summary>
    public static DateTime ReadDateTime(ref MessagePackReader reader) => reader.ReadDateTime();

    /// <summary>Writes a <see cref="TimeSpan"/> as its ticks.</summary>
    public static void WriteTimeSpan(ref MessagePackWriter writer, TimeSpan value) => writer.Write(value.Ticks);

    /// <summary>Reads a <see cref="TimeSpan"/> from its ticks.</summary>
    public static TimeSpan ReadTimeSpan(ref MessagePackReader reader) => new(reader.ReadInt64());

    /// <summary>Writes bytes as a bin, or nil.</summary>
    public static void WriteBytes(ref MessagePackWriter writer, byte[]? value)
    {
        if (value is null)
        {
            writer.WriteNil();
        }
        else
        {
            writer.Write(value.AsSpan());
        }
    }

    /// <summary>Reads a bin (or nil) as an array.</summary>
    public static byte[]? ReadBytes(ref MessagePackReader reader) => reader.ReadBytes() is { } bytes ? bytes.ToArray() : null;

    /// <summary>Reads a bin as read-only memory of its own.</summary>
    public static ReadOnlyMemory<byte> ReadMemory(ref MessagePackReader reader) =>
        reader.ReadBytes() is { } bytes ? bytes.ToArray() : throw new FormatException("Expected bytes, found nil.");

    private static ReadOnlySpan<byte> String(ref MessagePackReader reader, string what)
    {
        if (reader.NextMessagePackType != MessagePackType.String || !reader.TryReadStringSpan(out var span))
        {
            throw new FormatException($"Expected a string for a {what}.");
        }

        return span;
    }
}
