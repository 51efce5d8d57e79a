using System.Buffers;
using System.Buffers.Text;
using System.ComponentModel;
using System.Text.Unicode;

namespace FaustGen.Codecs;

/// <summary>
/// Writes JSON tokens straight into an <see cref="IBufferWriter{T}"/>, a chunk at a time: what generated record codecs
/// write through. Property names come pre-encoded from the generator with their quotes, colon and separating comma,
/// so a property costs one copy; values are formatted in place. The output is what System.Text.Json writes for the
/// same values, except that only the characters JSON requires are escaped (quote, backslash, control characters).
/// Call <see cref="Flush"/> when done.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public ref struct JsonRecordWriter
{
    // Characters JSON strings cannot hold as they are; everything else (including non-ASCII UTF-8) is written as is.
    private static readonly SearchValues<byte> NeedsEscape = SearchValues.Create([.. Enumerable.Range(0, 0x20).Select(b => (byte)b), (byte)'"', (byte)'\\']);

    private readonly IBufferWriter<byte> output;
    private Span<byte> buffer;
    private int used;

    /// <summary>Creates a writer into <paramref name="output"/>.</summary>
    public JsonRecordWriter(IBufferWriter<byte> output)
    {
        this.output = output;
        buffer = default;
        used = 0;
    }

    /// <summary>Writes bytes that are already JSON: a pre-encoded property name, a structural character, a literal.</summary>
    public void WriteRaw(scoped ReadOnlySpan<byte> json)
    {
        Ensure(json.Length);
        json.CopyTo(buffer[used..]);
        used += json.Length;
    }

    /// <summary>Writes <c>null</c>.</summary>
    public void WriteNull() => WriteRaw("null"u8);

    /// <summary>Writes <c>true</c> or <c>false</c>.</summary>
    public void WriteBoolean(bool value) => WriteRaw(value ? "true"u8 : "false"u8);

    /// <summary>Writes a string, or <c>null</c>.</summary>
    /// <exception cref="ArgumentException">The string is not valid UTF-16 (it has a lone surrogate).</exception>
    public void WriteString(string? value)
    {
        if (value is null)
        {
            WriteNull();
        }
        else
        {
            WriteString(value.AsSpan());
        }
    }

    /// <summary>Writes text as a string.</summary>
    /// <exception cref="ArgumentException">The text is not valid UTF-16 (it has a lone surrogate).</exception>
    public void WriteString(scoped ReadOnlySpan<char> value)
    {
        Ensure((value.Length * 3) + 2);
        buffer[used] = (byte)'"';
        var start = used + 1;
        if (Utf8.FromUtf16(value, buffer[start..], out _, out var written, replaceInvalidSequences: false) != OperationStatus.Done)
        {
            throw new ArgumentException("The string is not valid UTF-16 (it has a lone surrogate), so it cannot be written as JSON.", nameof(value));
        }

        var escape = buffer.Slice(start, written).IndexOfAny(NeedsEscape);
        if (escape < 0)
        {
            used = start + written;
            buffer[used++] = (byte)'"';
            return;
        }

        used = start + escape;
        WriteEscaped(buffer.Slice(used, written - escape));
    }

    /// <summary>Writes a char as a one-character string, as System.Text.Json does.</summary>
    public void WriteChar(char value) => WriteString([value]);

    /// <summary>Writes a number.</summary>
    public void WriteNumber(int value) => Format(Utf8Formatter.TryFormat(value, Free(11), out var written), written);

    /// <summary>Writes a number.</summary>
    public void WriteNumber(uint value) => Format(Utf8Formatter.TryFormat(value, Free(10), out var written), written);

    /// <summary>Writes a number.</summary>
    public void WriteNumber(long value) => Format(Utf8Formatter.TryFormat(value, Free(20), out var written), written);

    /// <summary>Writes a number.</summary>
    public void WriteNumber(ulong value) => Format(Utf8Formatter.TryFormat(value, Free(20), out var written), written);

    /// <summary>Writes a number.</summary>
    public void WriteNumber(decimal value) => Format(Utf8Formatter.TryFormat(value, Free(32), out var written), written);

    /// <summary>Writes a double in its shortest round-trip form; NaN and the infinities as System.Text.Json's named literals.</summary>
    public void WriteNumber(double value)
    {
        if (TryWriteShortDecimal(value))
        {
            return;
        }

        if (double.IsFinite(value))
        {
            Format(value.TryFormat(Free(32), out var written, default, System.Globalization.CultureInfo.InvariantCulture), written);
        }
        else
        {
            WriteRaw(double.IsNaN(value) ? "\"NaN\""u8 : value > 0 ? "\"Infinity\""u8 : "\"-Infinity\""u8);
        }
    }

    /// <summary>Writes a float in its shortest round-trip form; NaN and the infinities as System.Text.Json's named literals.</summary>
    public void WriteNumber(float value)
    {
        if (float.IsFinite(value))
        {
            Format(value.TryFormat(Free(32), out var written, default, System.Globalization.CultureInfo.InvariantCulture), written);
        }
        else
        {
            WriteRaw(float.IsNaN(value) ? "\"NaN\""u8 : value > 0 ? "\"Infinity\""u8 : "\"-Infinity\""u8);
        }
    }

    /// <summary>Writes a <see cref="Guid"/> as its 36-character string.</summary>
    public void WriteGuid(Guid value)
    {
        var span = Free(38);
        span[0] = (byte)'"';
        Utf8Formatter.TryFormat(value, span[1..], out _, 'D');
        span[37] = (byte)'"';
        used += 38;
    }

    /// <summary>Writes a <see cref="DateTime"/> in ISO 8601, as System.Text.Json does (trailing zeros of the fraction trimmed).</summary>
    public void WriteDateTime(DateTime value)
    {
        var span = Free(35);
        span[0] = (byte)'"';
        Utf8Formatter.TryFormat(value, span[1..], out var written, 'O');
        written = TrimFraction(span.Slice(1, written));
        span[written + 1] = (byte)'"';
        used += written + 2;
    }

    /// <summary>Writes a <see cref="DateTimeOffset"/> in ISO 8601, as System.Text.Json does (trailing zeros of the fraction trimmed).</summary>
    public void WriteDateTimeOffset(DateTimeOffset value)
    {
        var span = Free(35);
        span[0] = (byte)'"';
        Utf8Formatter.TryFormat(value, span[1..], out var written, 'O');
        written = TrimFraction(span.Slice(1, written));
        span[written + 1] = (byte)'"';
        used += written + 2;
    }

    /// <summary>Writes a <see cref="TimeSpan"/> in its invariant <c>c</c> form, as System.Text.Json does.</summary>
    public void WriteTimeSpan(TimeSpan value)
    {
        var span = Free(28);
        span[0] = (byte)'"';
        Utf8Formatter.TryFormat(value, span[1..], out var written, 'c');
        span[written + 1] = (byte)'"';
        used += written + 2;
    }

    /// <summary>Writes bytes as a base64 string, or <c>null</c>.</summary>
    public void WriteBase64(byte[]? value)
    {
        if (value is null)
        {
            WriteNull();
        }
        else
        {
            WriteBase64(value.AsSpan());
        }
    }

    /// <summary>Writes bytes as a base64 string.</summary>
    public void WriteBase64(scoped ReadOnlySpan<byte> value)
    {
        var span = Free(Base64.GetMaxEncodedToUtf8Length(value.Length) + 2);
        span[0] = (byte)'"';
        Base64.EncodeToUtf8(value, span[1..], out _, out var written);
        span[written + 1] = (byte)'"';
        used += written + 2;
    }

    /// <summary>
    /// Writes a double that has at most nine decimals and fewer than fifteen integer digits (prices, rates, most measured
    /// values) as fixed-point digits, several times faster than general formatting. The digits are those of the
    /// smallest scale at which the scaled value is an integer n with n / 10^scale == value; as n and the power of ten are
    /// exact doubles, that division is correctly rounded, so the text reads back as exactly this double, and with the
    /// fewest decimals it is the same shortest form general formatting writes.
    /// </summary>
    private bool TryWriteShortDecimal(double value)
    {
        var magnitude = Math.Abs(value);
        if (!(magnitude >= 1e-4 && magnitude < 1e15))
        {
            return false;
        }

        for (var scale = 0; scale < PowersOfTen.Length; scale++)
        {
            var power = PowersOfTen[scale];
            var scaled = Math.Round(magnitude * power);
            if (scaled >= 9007199254740992d || scaled / power != magnitude)
            {
                continue;
            }

            // Digits of n, with the decimal point 'scale' digits from the right (and zeros before it as needed).
            Span<byte> digits = stackalloc byte[20];
            Utf8Formatter.TryFormat((long)scaled, digits, out var count);
            var span = Free(count + scale + 3);
            var at = 0;
            if (value < 0)
            {
                span[at++] = (byte)'-';
            }

            if (count <= scale)
            {
                span[at++] = (byte)'0';
                span[at++] = (byte)'.';
                span.Slice(at, scale - count).Fill((byte)'0');
                at += scale - count;
                digits[..count].CopyTo(span[at..]);
                at += count;
            }
            else
            {
                digits[..(count - scale)].CopyTo(span[at..]);
                at += count - scale;
                if (scale > 0)
                {
                    span[at++] = (byte)'.';
                    digits.Slice(count - scale, scale).CopyTo(span[at..]);
                    at += scale;
                }
            }

            used += at;
            return true;
        }

        return false;
    }

    private static readonly double[] PowersOfTen = [1, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9];

    /// <summary>Hands what is written to the output.</summary>
    public void Flush()
    {
        if (used > 0)
        {
            output.Advance(used);
            buffer = default;
            used = 0;
        }
    }

    /// <summary>
    /// Removes the trailing zeros of the seven-digit fraction of a round-trip ('O') date (and the dot when all are
    /// zero), moving what follows (Z or the offset) up; returns the new length.
    /// </summary>
    private static int TrimFraction(Span<byte> text)
    {
        const int Dot = 19;
        var end = Dot + 8;
        var keep = end;
        while (keep > Dot + 1 && text[keep - 1] == (byte)'0')
        {
            keep--;
        }

        if (keep == Dot + 1)
        {
            keep = Dot;
        }

        text[end..].CopyTo(text[keep..]);
        return text.Length - (end - keep);
    }

    /// <summary>Writes the rest of a string from the first byte that needs escaping, then the closing quote.</summary>
    private void WriteEscaped(Span<byte> rest)
    {
        // The transcoded bytes sit where the escaped ones go, so they are moved aside first.
        var pending = ArrayPool<byte>.Shared.Rent(rest.Length);
        rest.CopyTo(pending);
        var length = rest.Length;
        Ensure((length * 6) + 1);
        foreach (var b in pending.AsSpan(0, length))
        {
            if (!NeedsEscape.Contains(b))
            {
                buffer[used++] = b;
                continue;
            }

            buffer[used++] = (byte)'\\';
            switch (b)
            {
                case (byte)'"' or (byte)'\\':
                    buffer[used++] = b;
                    break;
                case (byte)'\n':
                    buffer[used++] = (byte)'n';
                    break;
                case (byte)'\r':
                    buffer[used++] = (byte)'r';
                    break;
                case (byte)'\t':
                    buffer[used++] = (byte)'t';
                    break;
                default:
                    "u00"u8.CopyTo(buffer[used..]);
                    buffer[used + 3] = Hex(b >> 4);
                    buffer[used + 4] = Hex(b & 0xF);
                    used += 5;
                    break;
            }
        }

        buffer[used++] = (byte)'"';
        ArrayPool<byte>.Shared.Return(pending);
    }

    private static byte Hex(int digit) => (byte)(digit < 10 ? '0' + digit : 'A' + digit - 10);

    private void Format(bool formatted, int written)
    {
        if (!formatted)
        {
            throw new InvalidOperationException("A number did not fit the space reserved for it.");
        }

        used += written;
    }

    /// <summary>At least <paramref name="count"/> free bytes where the next value goes.</summary>
    private Span<byte> Free(int count)
    {
        Ensure(count);
        return buffer[used..];
    }

    private void Ensure(int count)
    {
        if (buffer.Length - used < count)
        {
            Flush();
            buffer = output.GetSpan(Math.Max(count, 512));
        }
    }
}
