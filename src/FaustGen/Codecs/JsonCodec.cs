using System.Buffers;
using System.Text.Json;

namespace FaustGen.Codecs;

/// <summary>
/// The <c>json</c> format. Carries strings, booleans, numbers, <see cref="Guid"/>, <see cref="DateTime"/>,
/// <see cref="DateTimeOffset"/>, their nullable forms and <c>byte[]</c> (base64); <see cref="RecordAttribute">[Record]</see>
/// types get generated JSON codecs.
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
internal sealed class JsonPrimitiveCodec<T>(JsonPrimitiveCodec<T>.Writer write, JsonPrimitiveCodec<T>.Reader read, JsonPrimitiveCodec<T>.FastReader? fastRead = null) : ICodec<T>
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
    private static readonly ICodec<string?> String = new JsonPrimitiveCodec<string?>(
        static (w, v) => { if (v is null) { w.WriteNullValue(); } else { w.WriteStringValue(v); } },
        static (ref Utf8JsonReader r) => r.TokenType == JsonTokenType.Null ? null : r.GetString());

    private static readonly ICodec<bool> Boolean = new JsonPrimitiveCodec<bool>(static (w, v) => w.WriteBooleanValue(v), static (ref Utf8JsonReader r) => r.GetBoolean());
    private static readonly ICodec<int> Int32 = new JsonPrimitiveCodec<int>(
        static (w, v) => w.WriteNumberValue(v), static (ref Utf8JsonReader r) => r.GetInt32(), static (input, out value) => PlainInteger(input, out value));

    private static readonly ICodec<long> Int64 = new JsonPrimitiveCodec<long>(
        static (w, v) => w.WriteNumberValue(v), static (ref Utf8JsonReader r) => r.GetInt64(), static (input, out value) => PlainInteger(input, out value));

    private static readonly ICodec<double> Double = new JsonPrimitiveCodec<double>(static (w, v) => w.WriteNumberValue(v), static (ref Utf8JsonReader r) => r.GetDouble());
    private static readonly ICodec<float> Single = new JsonPrimitiveCodec<float>(static (w, v) => w.WriteNumberValue(v), static (ref Utf8JsonReader r) => r.GetSingle());
    private static readonly ICodec<decimal> Decimal = new JsonPrimitiveCodec<decimal>(static (w, v) => w.WriteNumberValue(v), static (ref Utf8JsonReader r) => r.GetDecimal());
    private static readonly ICodec<Guid> Guid = new JsonPrimitiveCodec<Guid>(static (w, v) => w.WriteStringValue(v), static (ref Utf8JsonReader r) => r.GetGuid());
    private static readonly ICodec<DateTime> DateTime = new JsonPrimitiveCodec<DateTime>(static (w, v) => w.WriteStringValue(v), static (ref Utf8JsonReader r) => r.GetDateTime());
    private static readonly ICodec<DateTimeOffset> DateTimeOffset = new JsonPrimitiveCodec<DateTimeOffset>(static (w, v) => w.WriteStringValue(v), static (ref Utf8JsonReader r) => r.GetDateTimeOffset());
    private static readonly ICodec<int?> NullableInt32 = Nullable(static (w, v) => w.WriteNumberValue(v), static (ref Utf8JsonReader r) => r.GetInt32());
    private static readonly ICodec<long?> NullableInt64 = Nullable(static (w, v) => w.WriteNumberValue(v), static (ref Utf8JsonReader r) => r.GetInt64());
    private static readonly ICodec<double?> NullableDouble = Nullable(static (w, v) => w.WriteNumberValue(v), static (ref Utf8JsonReader r) => r.GetDouble());
    private static readonly ICodec<bool?> NullableBoolean = Nullable(static (w, v) => w.WriteBooleanValue(v), static (ref Utf8JsonReader r) => r.GetBoolean());
    private static readonly ICodec<byte[]?> Bytes = new JsonPrimitiveCodec<byte[]?>(
        static (w, v) => { if (v is null) { w.WriteNullValue(); } else { w.WriteBase64StringValue(v); } },
        static (ref Utf8JsonReader r) => r.TokenType == JsonTokenType.Null ? null : r.GetBytesFromBase64());

    public static ICodec<T>? For<T>()
    {
        object? codec =
            typeof(T) == typeof(string) ? String :
            typeof(T) == typeof(bool) ? Boolean :
            typeof(T) == typeof(int) ? Int32 :
            typeof(T) == typeof(long) ? Int64 :
            typeof(T) == typeof(double) ? Double :
            typeof(T) == typeof(float) ? Single :
            typeof(T) == typeof(decimal) ? Decimal :
            typeof(T) == typeof(Guid) ? Guid :
            typeof(T) == typeof(DateTime) ? DateTime :
            typeof(T) == typeof(DateTimeOffset) ? DateTimeOffset :
            typeof(T) == typeof(int?) ? NullableInt32 :
            typeof(T) == typeof(long?) ? NullableInt64 :
            typeof(T) == typeof(double?) ? NullableDouble :
            typeof(T) == typeof(bool?) ? NullableBoolean :
            typeof(T) == typeof(byte[]) ? Bytes :
            null;
        return codec as ICodec<T>;
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

    private static JsonPrimitiveCodec<TValue?> Nullable<TValue>(JsonPrimitiveCodec<TValue>.Writer write, JsonPrimitiveCodec<TValue>.Reader read)
        where TValue : struct =>
        new(
            (w, v) => { if (v is { } value) { write(w, value); } else { w.WriteNullValue(); } },
            (ref Utf8JsonReader r) => r.TokenType == JsonTokenType.Null ? null : read(ref r));
}
