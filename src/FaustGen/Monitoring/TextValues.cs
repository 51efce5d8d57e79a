using System.Text;
using FaustGen.Codecs;

namespace FaustGen.Monitoring;

/// <summary>
/// Keys and values typed by a person (a URL, a command line) read as a topic's or table's type: by the codec when
/// the text is its encoding, else as JSON, else, for strings, as the text itself.
/// </summary>
internal static class TextValues
{
    /// <summary>Reads <paramref name="text"/> as a <typeparamref name="T"/>.</summary>
    /// <exception cref="FormatException">The text is none of the forms; the message says what was expected.</exception>
    public static T Parse<T>(string text, ICodec<T>? codec, string what)
    {
        var bytes = Encoding.UTF8.GetBytes(text);
        if (typeof(T) == typeof(byte[]))
        {
            return (T)(object)bytes;
        }

        if (codec is not null && TryDecode(codec, bytes, out var decoded))
        {
            return decoded;
        }

        var json = Codec.Json.For<T>();
        if (json is not null && TryDecode(json, bytes, out decoded))
        {
            return decoded;
        }

        if (typeof(T) == typeof(string))
        {
            return (T)(object)text;
        }

        throw new FormatException(
            $"{what} '{text}' cannot be read as {CSharpTypeNames.Of(typeof(T))}: write it as {(codec is null ? string.Empty : $"its codec '{codec.Name}' encodes it or as ")}JSON " +
            $"(for example {Example<T>()}).");
    }

    /// <summary>The JSON text of <paramref name="value"/>, or null when no JSON codec carries its type.</summary>
    public static string? Json<T>(T value)
    {
        if (value is null)
        {
            return "null";
        }

        var json = Codec.Json.For<T>();
        return json is null ? null : Encoding.UTF8.GetString(Payload.Encode(json, value)!);
    }

    private static bool TryDecode<T>(ICodec<T> codec, byte[] bytes, out T value)
    {
        try
        {
            value = codec.Decode(bytes);
            return value is not null;
        }
        catch (Exception ex) when (ex is FormatException or ArgumentException or InvalidOperationException or OverflowException)
        {
            value = default!;
            return false;
        }
    }

    private static string Example<T>() => typeof(T) switch
    {
        var t when t == typeof(int) || t == typeof(long) || t == typeof(short) => "42",
        var t when t == typeof(double) || t == typeof(float) || t == typeof(decimal) => "4.2",
        var t when t == typeof(bool) => "true",
        var t when t == typeof(Guid) => "\"3f2504e0-4f89-11d3-9a0c-0305e82c3301\"",
        _ => "{\"field\": 1}",
    };
}
