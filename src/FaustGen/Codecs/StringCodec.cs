using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Unicode;

namespace FaustGen.Codecs;

/// <summary>
/// The <c>string</c> format: text as UTF-8. Strings are written as they are; numbers, <see cref="bool"/>,
/// <see cref="char"/>, <see cref="Guid"/>, dates (ISO 8601, round-trip form), <see cref="TimeSpan"/> (<c>c</c> form)
/// and enums (names) in their invariant text form, so keys stay readable in tools.
/// </summary>
public sealed class StringCodec : Codec
{
    internal StringCodec() : base("string")
    {
    }

    /// <inheritdoc/>
    public override ICodec<T>? For<T>()
    {
        if (typeof(T).IsEnum)
        {
            return new EnumTextCodec<T>();
        }

        object? codec =
            typeof(T) == typeof(string) ? Utf8StringCodec.Text :
            typeof(T) == typeof(bool) ? TextCodec.Boolean :
            typeof(T) == typeof(char) ? TextCodec.Char :
            typeof(T) == typeof(byte) ? TextCodec.Number<byte>(NumberStyles.Integer) :
            typeof(T) == typeof(sbyte) ? TextCodec.Number<sbyte>(NumberStyles.Integer) :
            typeof(T) == typeof(short) ? TextCodec.Number<short>(NumberStyles.Integer) :
            typeof(T) == typeof(ushort) ? TextCodec.Number<ushort>(NumberStyles.Integer) :
            typeof(T) == typeof(int) ? TextCodec.Number<int>(NumberStyles.Integer) :
            typeof(T) == typeof(uint) ? TextCodec.Number<uint>(NumberStyles.Integer) :
            typeof(T) == typeof(long) ? TextCodec.Number<long>(NumberStyles.Integer) :
            typeof(T) == typeof(ulong) ? TextCodec.Number<ulong>(NumberStyles.Integer) :
            typeof(T) == typeof(float) ? TextCodec.Number<float>(NumberStyles.Float, "R") :
            typeof(T) == typeof(double) ? TextCodec.Number<double>(NumberStyles.Float, "R") :
            typeof(T) == typeof(decimal) ? TextCodec.Number<decimal>(NumberStyles.Number) :
            typeof(T) == typeof(Guid) ? TextCodec.Guid :
            typeof(T) == typeof(DateTime) ? TextCodec.DateTime :
            typeof(T) == typeof(DateTimeOffset) ? TextCodec.DateTimeOffset :
            typeof(T) == typeof(TimeSpan) ? TextCodec.TimeSpan :
            null;
        return codec as ICodec<T>;
    }
}

/// <summary>A value written as invariant text in UTF-8.</summary>
internal sealed class TextCodec<T>(TextCodec<T>.Formatter format, TextCodec<T>.Parser parse) : ICodec<T>
{
    // Primitive text is short; anything longer than this is not one of ours.
    private const int MaxChars = 128;

    public delegate bool Formatter(T value, Span<char> destination, out int written);

    public delegate bool Parser(ReadOnlySpan<char> text, out T value);

    public string Name => "string";

    public void Encode(T value, IBufferWriter<byte> output)
    {
        Span<char> chars = stackalloc char[MaxChars];
        if (!format(value, chars, out var length))
        {
            throw new ArgumentException($"{typeof(T).Name} value does not format as text.", nameof(value));
        }

        var span = output.GetSpan(length * 3);
        Utf8.FromUtf16(chars[..length], span, out _, out var written);
        output.Advance(written);
    }

    public T Decode(ReadOnlySpan<byte> input)
    {
        Span<char> chars = stackalloc char[MaxChars];
        if (input.Length > MaxChars ||
            Utf8.ToUtf16(input, chars, out _, out var length, replaceInvalidSequences: false) != OperationStatus.Done ||
            !parse(chars[..length], out var value))
        {
            throw new FormatException($"The payload is not the text of a {typeof(T).Name}.");
        }

        return value;
    }
}

/// <summary>The text codecs of the primitive types.</summary>
internal static class TextCodec
{
    public static readonly TextCodec<bool> Boolean = new(
        static (bool v, Span<char> d, out int n) => v.TryFormat(d, out n),
        static (ReadOnlySpan<char> t, out bool v) => bool.TryParse(t, out v));

    public static readonly TextCodec<char> Char = new(
        static (char v, Span<char> d, out int n) => { d[0] = v; n = 1; return true; },
        static (ReadOnlySpan<char> t, out char v) => { v = t.Length == 1 ? t[0] : default; return t.Length == 1; });

    public static readonly TextCodec<Guid> Guid = new(
        static (Guid v, Span<char> d, out int n) => v.TryFormat(d, out n),
        static (ReadOnlySpan<char> t, out Guid v) => System.Guid.TryParse(t, out v));

    public static readonly TextCodec<DateTime> DateTime = new(
        static (DateTime v, Span<char> d, out int n) => v.TryFormat(d, out n, "O", CultureInfo.InvariantCulture),
        static (ReadOnlySpan<char> t, out DateTime v) => System.DateTime.TryParse(t, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out v));

    public static readonly TextCodec<DateTimeOffset> DateTimeOffset = new(
        static (DateTimeOffset v, Span<char> d, out int n) => v.TryFormat(d, out n, "O", CultureInfo.InvariantCulture),
        static (ReadOnlySpan<char> t, out DateTimeOffset v) => System.DateTimeOffset.TryParse(t, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out v));

    public static readonly TextCodec<TimeSpan> TimeSpan = new(
        static (TimeSpan v, Span<char> d, out int n) => v.TryFormat(d, out n, "c", CultureInfo.InvariantCulture),
        static (ReadOnlySpan<char> t, out TimeSpan v) => System.TimeSpan.TryParseExact(t, "c", CultureInfo.InvariantCulture, out v));

    public static TextCodec<TNumber> Number<TNumber>(NumberStyles style, string? format = null)
        where TNumber : System.Numerics.INumberBase<TNumber> =>
        new(
            (TNumber v, Span<char> d, out int n) => v.TryFormat(d, out n, format, CultureInfo.InvariantCulture),
            (ReadOnlySpan<char> t, out TNumber v) => TNumber.TryParse(t, style, CultureInfo.InvariantCulture, out v!));
}

/// <summary>An enum written as its name (or its number when it has no name).</summary>
internal sealed class EnumTextCodec<T> : ICodec<T>
{
    public string Name => "string";

    public void Encode(T value, IBufferWriter<byte> output) =>
        Utf8StringCodec.Text.Encode(((Enum)(object)value!).ToString(), output);

    public T Decode(ReadOnlySpan<byte> input)
    {
        var text = Utf8StringCodec.Text.Decode(input);
        return Enum.TryParse(typeof(T), text, ignoreCase: false, out var value) && value is T typed
            ? typed
            : throw new FormatException($"'{text}' is not a {typeof(T).Name}.");
    }
}
