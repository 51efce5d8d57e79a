using System.Buffers;
using System.Buffers.Text;
using System.ComponentModel;
using System.Text.Json;

namespace FaustGen.Codecs;

/// <summary>What generated JSON record codecs share: token checks, and the member types JSON has no one way to write.</summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class RecordJson
{
    /// <summary>Moves to the next token.</summary>
    /// <exception cref="FormatException">The JSON ends.</exception>
    public static void Next(ref Utf8JsonReader reader)
    {
        if (!reader.Read())
        {
            throw new FormatException("The JSON ends early.");
        }
    }

    /// <summary>Checks that the reader is on <paramref name="expected"/>.</summary>
    /// <exception cref="FormatException">It is on another token.</exception>
    public static void Expect(ref Utf8JsonReader reader, JsonTokenType expected, string what)
    {
        if (reader.TokenType != expected)
        {
            throw new FormatException($"Expected {expected} for {what}, found {reader.TokenType}.");
        }
    }

    /// <summary>The name of the property the reader is on, unescaped into <paramref name="scratch"/> when it has escapes.</summary>
    public static ReadOnlySpan<byte> PropertyName(in Utf8JsonReader reader, Span<byte> scratch)
    {
        if (!reader.ValueIsEscaped)
        {
            return reader.ValueSpan;
        }

        // Unescaping never lengthens; a name longer than the scratch cannot be one of the record's (they fit in it).
        return reader.ValueSpan.Length <= scratch.Length ? scratch[..reader.CopyString(scratch)] : reader.ValueSpan;
    }

    /// <summary>The error for a required field that the payload lacks.</summary>
    public static FormatException Missing(string field, string type) => new($"The JSON for {type} lacks the required field '{field}'.");

    /// <summary>The error for a type tag that names no subtype.</summary>
    public static FormatException UnknownTag(ref Utf8JsonReader tag, string type) =>
        new($"The type tag '{tag.GetString()}' names no subtype of {type}.");

    /// <summary>The error for a value of a polymorphic record's type that has no tag.</summary>
    public static ArgumentException UntaggedSubtype(object value, string type) =>
        new($"{value.GetType()} derives from {type} but is not one of its [RecordSubtype]s.", nameof(value));

    /// <summary>
    /// Looks through the object the reader is on (without moving it: the reader is a copy) for the string property
    /// <paramref name="name"/>; on success <paramref name="tag"/> is on its value.
    /// </summary>
    public static bool TryFindTag(Utf8JsonReader reader, ReadOnlySpan<byte> name, out Utf8JsonReader tag)
    {
        tag = default;
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            return false;
        }

        while (true)
        {
            Next(ref reader);
            if (reader.TokenType != JsonTokenType.PropertyName)
            {
                return false;
            }

            var isTag = reader.ValueTextEquals(name);
            Next(ref reader);
            if (isTag && reader.TokenType == JsonTokenType.String)
            {
                tag = reader;
                return true;
            }

            reader.Skip();
        }
    }

    /// <summary>Reads a double: a number, or one of the named literals.</summary>
    public static double ReadDouble(ref Utf8JsonReader reader) =>
        reader.TokenType == JsonTokenType.String ? NamedLiteral(ref reader) : reader.GetDouble();

    /// <summary>Reads a float: a number, or one of the named literals.</summary>
    public static float ReadSingle(ref Utf8JsonReader reader) =>
        reader.TokenType == JsonTokenType.String ? (float)NamedLiteral(ref reader) : reader.GetSingle();

    /// <summary>Reads a one-character string.</summary>
    public static char ReadChar(ref Utf8JsonReader reader)
    {
        // One char is at most 6 bytes escaped (\uXXXX); unescaped text is never longer than the escaped.
        Span<char> chars = stackalloc char[6];
        if (reader.TokenType != JsonTokenType.String || reader.ValueSpan.Length > 6 || reader.CopyString(chars) != 1)
        {
            throw new FormatException("Expected a string of one character.");
        }

        return chars[0];
    }

    /// <summary>Reads a <see cref="TimeSpan"/> in its <c>c</c> form.</summary>
    public static TimeSpan ReadTimeSpan(ref Utf8JsonReader reader)
    {
        if (reader.TokenType != JsonTokenType.String || reader.ValueIsEscaped ||
            !Utf8Parser.TryParse(reader.ValueSpan, out TimeSpan value, out var consumed, 'c') || consumed != reader.ValueSpan.Length)
        {
            throw new FormatException("Expected a TimeSpan as [-][d.]hh:mm:ss[.fffffff].");
        }

        return value;
    }

    /// <summary>Reads a base64 string as read-only memory.</summary>
    public static ReadOnlyMemory<byte> ReadMemory(ref Utf8JsonReader reader) => reader.GetBytesFromBase64();

    /// <summary>Reads an enum from a name that is not one of its declared names as written (a flags combination
    /// such as <c>"A, B"</c>, or another case).</summary>
    public static TEnum ParseEnum<TEnum>(ref Utf8JsonReader reader)
        where TEnum : struct, Enum
    {
        // Numbers in strings are not names: System.Text.Json refuses them too.
        var text = reader.GetString()!;
        return text.Length > 0 && !char.IsAsciiDigit(text[0]) && text[0] != '-' && Enum.TryParse<TEnum>(text, ignoreCase: true, out var value)
            ? value
            : throw new FormatException($"'{text}' is not a {typeof(TEnum).Name}.");
    }

    private static double NamedLiteral(ref Utf8JsonReader reader) =>
        reader.ValueTextEquals("NaN"u8) ? double.NaN :
        reader.ValueTextEquals("Infinity"u8) ? double.PositiveInfinity :
        reader.ValueTextEquals("-Infinity"u8) ? double.NegativeInfinity :
        throw new FormatException("Expected a number.");
}
