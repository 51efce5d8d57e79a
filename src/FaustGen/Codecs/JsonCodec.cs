using System.Buffers;
using System.Globalization;
using System.Text.Json;

namespace FaustGen.Codecs;

/// <summary>
/// The <c>json</c> format. Carries strings, booleans, numbers, <see cref="char"/>, <see cref="Guid"/>, dates,
/// <see cref="TimeSpan"/>, enums (names), the nullable forms of these, and <c>byte[]</c> (base64);
/// <see cref="RecordAttribute">[Record]</see> types get generated JSON codecs.
/// </summary>
public sealed class JsonCodec : Codec
{
    internal JsonCodec() : base("json")
    {
    }

    /// <inheritdoc/>
    public override ICodec<T>? For<T>() => JsonPrimitiveCodecs.For<T>() ?? RecordCodecs<T>.Json;
}

/// <summary>A JSON codec for one primitive type, written straight to <see cref="Utf8JsonWriter"/>.</summary>
/// <remarks>A <paramref name="fastRead"/> may read the common plain form (an integer's digits) without a
/// <see cref="Utf8JsonReader"/>; whatever it declines goes through the full reader.</remarks>
internal class JsonPrimitiveCodec<T>(JsonPrimitiveCodec<T>.Writer write, JsonPrimitiveCodec<T>.Reader read, JsonPrimitiveCodec<T>.FastReader? fastRead = null) : ICodec<T>
{
    public delegate void Writer(Utf8JsonWriter writer, T value);

    public delegate T Reader(ref Utf8JsonReader reader);

    public delegate bool FastReader(ReadOnlySpan<byte> input, out T value);

    public string Name => "json";

    public void Encode(T value, IBufferWriter<byte> output)
    {
        var writer = JsonWriterCache.Rent(output);
        try
        {
            write(writer, value);
            writer.Flush();
        }
        finally
        {
            JsonWriterCache.Return(writer);
        }
    }

    public T Decode(ReadOnlySpan<byte> input)
    {
        if (fastRead is not null && fastRead(input, out var plain))
        {
            return plain;
        }

        var reader = new Utf8JsonReader(input);
        try
        {
            if (!reader.Read())
            {
                throw new FormatException($"Empty JSON payload; expected a {typeof(T).Name}.");
            }

            var value = read(ref reader);
            if (reader.Read())
            {
                throw new FormatException($"Unexpected JSON after the {typeof(T).Name} value.");
            }

            return value;
        }
        catch (Exception ex) when (ex is JsonException or InvalidOperationException or ArgumentException)
        {
            throw new FormatException($"Invalid JSON for {typeof(T).Name}: {ex.Message}", ex);
        }
    }
}

/// <summary>One <see cref="Utf8JsonWriter"/> per thread, reset onto each output, so encoding allocates nothing.</summary>
internal static class JsonWriterCache
{
    [ThreadStatic]
    private static Utf8JsonWriter? cached;

    public static Utf8JsonWriter Rent(IBufferWriter<byte> output)
    {
        var writer = cached;
        if (writer is null)
        {
            return new Utf8JsonWriter(output, new JsonWriterOptions { SkipValidation = true });
        }

        cached = null;
        writer.Reset(output);
        return writer;
    }

    public static void Return(Utf8JsonWriter writer)
    {
        writer.Reset();
        cached = writer;
    }
}

/// <summary>The JSON codecs of the primitive types, chosen by a type switch the JIT and AOT compiler fold away.</summary>
internal static class JsonPrimitiveCodecs
{
    private static readonly object String = new JsonPrimitiveCodec<string?>(
        static (w, v) => { if (v is null) { w.WriteNullValue(); } else { w.WriteStringValue(v); } },
        static (ref Utf8JsonReader r) => r.TokenType == JsonTokenType.Null ? null : r.GetString());

    private static readonly object Bytes = new JsonPrimitiveCodec<byte[]?>(
        static (w, v) => { if (v is null) { w.WriteNullValue(); } else { w.WriteBase64StringValue(v); } },
        static (ref Utf8JsonReader r) => r.TokenType == JsonTokenType.Null ? null : r.GetBytesFromBase64());

    private static readonly object Boolean = Value(static (w, v) => w.WriteBooleanValue(v), static (ref Utf8JsonReader r) => r.GetBoolean());
    private static readonly object Byte = Value(static (w, v) => w.WriteNumberValue(v), static (ref Utf8JsonReader r) => r.GetByte());
    private static readonly object SByte = Value(static (w, v) => w.WriteNumberValue(v), static (ref Utf8JsonReader r) => r.GetSByte());
    private static readonly object Int16 = Value(static (w, v) => w.WriteNumberValue(v), static (ref Utf8JsonReader r) => r.GetInt16());
    private static readonly object UInt16 = Value(static (w, v) => w.WriteNumberValue(v), static (ref Utf8JsonReader r) => r.GetUInt16());
    private static readonly object Int32 = Value(
        static (w, v) => w.WriteNumberValue(v), static (ref Utf8JsonReader r) => r.GetInt32(), static (input, out value) => PlainInteger(input, out value));

    private static readonly object UInt32 = Value(static (w, v) => w.WriteNumberValue(v), static (ref Utf8JsonReader r) => r.GetUInt32());
    private static readonly object Int64 = Value(
        static (w, v) => w.WriteNumberValue(v), static (ref Utf8JsonReader r) => r.GetInt64(), static (input, out value) => PlainInteger(input, out value));

    private static readonly object UInt64 = Value(static (w, v) => w.WriteNumberValue(v), static (ref Utf8JsonReader r) => r.GetUInt64());
    private static readonly object Single = Value(
        static (w, v) => { if (float.IsFinite(v)) { w.WriteNumberValue(v); } else { w.WriteStringValue(v.ToString(CultureInfo.InvariantCulture)); } },
        RecordJson.ReadSingle);

    private static readonly object Double = Value(
        static (w, v) => { if (double.IsFinite(v)) { w.WriteNumberValue(v); } else { w.WriteStringValue(v.ToString(CultureInfo.InvariantCulture)); } },
        RecordJson.ReadDouble);

    private static readonly object Decimal = Value(static (w, v) => w.WriteNumberValue(v), static (ref Utf8JsonReader r) => r.GetDecimal());
    private static readonly object Char = Value(static (w, v) => w.WriteStringValue([v]), RecordJson.ReadChar);
    private static readonly object Guid = Value(static (w, v) => w.WriteStringValue(v), static (ref Utf8JsonReader r) => r.GetGuid());
    private static readonly object DateTime = Value(static (w, v) => w.WriteStringValue(v), static (ref Utf8JsonReader r) => r.GetDateTime());
    private static readonly object DateTimeOffset = Value(static (w, v) => w.WriteStringValue(v), static (ref Utf8JsonReader r) => r.GetDateTimeOffset());
    private static readonly object TimeSpan = Value(
        static (w, v) => w.WriteStringValue(v.ToString("c", CultureInfo.InvariantCulture)), RecordJson.ReadTimeSpan);

    public static ICodec<T>? For<T>()
    {
        var codec =
            typeof(T) == typeof(string) ? String :
            typeof(T) == typeof(byte[]) ? Bytes :
            Of(typeof(T)) ?? (System.Nullable.GetUnderlyingType(typeof(T)) is { } underlying ? (Of(underlying) as INullableFactory)?.Nullable : null);
        return codec as ICodec<T> ?? (typeof(T).IsEnum ? new JsonEnumCodec<T>() : null);
    }

    private static object? Of(Type type) =>
        type == typeof(bool) ? Boolean :
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
        type == typeof(char) ? Char :
        type == typeof(Guid) ? Guid :
        type == typeof(DateTime) ? DateTime :
        type == typeof(DateTimeOffset) ? DateTimeOffset :
        type == typeof(TimeSpan) ? TimeSpan :
        null;

    private static ValueCodec<TValue> Value<TValue>(JsonPrimitiveCodec<TValue>.Writer write, JsonPrimitiveCodec<TValue>.Reader read, JsonPrimitiveCodec<TValue>.FastReader? fastRead = null)
        where TValue : struct => new(write, read, fastRead);

    /// <summary>A value type's codec that also holds its nullable form, made with it, so no generic type is built at run time.</summary>
    private interface INullableFactory
    {
        object Nullable { get; }
    }

    private sealed class ValueCodec<TValue>(JsonPrimitiveCodec<TValue>.Writer write, JsonPrimitiveCodec<TValue>.Reader read, JsonPrimitiveCodec<TValue>.FastReader? fastRead)
        : JsonPrimitiveCodec<TValue>(write, read, fastRead), INullableFactory
        where TValue : struct
    {
        public object Nullable { get; } = new JsonPrimitiveCodec<TValue?>(
            (w, v) => { if (v is { } value) { write(w, value); } else { w.WriteNullValue(); } },
            (ref Utf8JsonReader r) => r.TokenType == JsonTokenType.Null ? null : read(ref r));
    }

    /// <summary>Reads an integer written as JSON writes it: an optional '-' and digits, no leading zero.</summary>
    private static bool PlainInteger<TInteger>(ReadOnlySpan<byte> input, out TInteger value)
        where TInteger : System.Numerics.IBinaryInteger<TInteger>
    {
        var digits = input.Length > 0 && input[0] == (byte)'-' ? input[1..] : input;
        if (digits.Length == 0 || (digits[0] == (byte)'0' && digits.Length > 1) || digits.IndexOfAnyExceptInRange((byte)'0', (byte)'9') >= 0)
        {
            value = default!;
            return false;
        }

        return TInteger.TryParse(input, System.Globalization.NumberStyles.AllowLeadingSign, System.Globalization.CultureInfo.InvariantCulture, out value!);
    }
}

/// <summary>An enum as its name (or its number when it has none), as System.Text.Json's string enum converter writes it.</summary>
internal sealed class JsonEnumCodec<T> : ICodec<T>
{
    private readonly JsonPrimitiveCodec<T> codec = new(
        static (w, v) =>
        {
            var name = Enum.GetName(typeof(T), v!);
            if (name is null)
            {
                w.WriteNumberValue(Convert.ToInt64(v, CultureInfo.InvariantCulture));
            }
            else
            {
                w.WriteStringValue(name);
            }
        },
        static (ref Utf8JsonReader r) =>
        {
            if (r.TokenType == JsonTokenType.Number)
            {
                return (T)Enum.ToObject(typeof(T), r.GetInt64());
            }

            var text = r.GetString()!;
            return text.Length > 0 && !char.IsAsciiDigit(text[0]) && text[0] != '-' && Enum.TryParse(typeof(T), text, ignoreCase: true, out var value)
                ? (T)value!
                : throw new FormatException($"'{text}' is not a {typeof(T).Name}.");
        });

    public string Name => "json";

    public void Encode(T value, IBufferWriter<byte> output) => codec.Encode(value, output);

    public T Decode(ReadOnlySpan<byte> input) => codec.Decode(input);
}
