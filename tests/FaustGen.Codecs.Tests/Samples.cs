using System.Buffers;
using System.Text.Json;
using CsCheck;

namespace FaustGen.Codecs.Tests;

/// <summary>Values of the test records, fixed and random, and the helpers the tests share.</summary>
internal static class Samples
{
    public static Everything Full() => new()
    {
        Flag = true,
        Byte = 200,
        SByte = -100,
        Short = -30000,
        UShort = 60000,
        Int = -2_000_000_000,
        UInt = 4_000_000_000,
        Long = long.MinValue,
        ULong = ulong.MaxValue,
        Float = 1.5f,
        Double = Math.PI,
        Decimal = 12345.6789m,
        Char = 'é',
        Text = "hello \"world\" \u00e9\u20ac\U0001F600 <tag> &",
        MaybeText = null,
        Id = Guid.Parse("01234567-89ab-cdef-0123-456789abcdef"),
        When = new DateTime(2024, 2, 29, 13, 14, 15, DateTimeKind.Utc).AddTicks(1230),
        At = new DateTimeOffset(2024, 2, 29, 13, 14, 15, TimeSpan.FromHours(5.5)).AddTicks(1234567),
        Span = new TimeSpan(1, 2, 3, 4, 567),
        Color = Color.Blue,
        Access = Access.Read | Access.Write,
        Bytes = [0, 1, 2, 255],
        Memory = new byte[] { 9, 8, 7 },
        MaybeInt = 42,
        MaybeColor = Color.Green,
        Numbers = [1, -2, 3],
        Names = ["a", "b"],
        Counts = new() { ["x"] = 1, ["y"] = long.MaxValue },
        Sparse = [1, null, 3],
        Point = new Point(3, -4),
        MaybePoint = null,
        Customer = new Customer("Ada", "ada@example.com", 3),
    };

    /// <summary>Text without lone surrogates (which no codec can carry), sometimes with non-ASCII and emoji.</summary>
    public static readonly Gen<string> Text =
        Gen.Select(Gen.Char['\0', '\uD7FF'].Array[0, 12], Gen.OneOf(Gen.Const(string.Empty), Gen.Const("\U0001F600"), Gen.Const("é€"), Gen.Const("\"\\\n")), (chars, tail) => new string(chars) + tail);

    /// <summary>Random values of every member. With <paramref name="utc"/>, times are UTC (what msgpack and Avro keep);
    /// with <paramref name="micros"/>, they are whole microseconds (what Avro's timestamp-micros keeps).</summary>
    public static Gen<Everything> Everything(bool utc, bool micros) =>
        Gen.Select(Numbers, Others(utc, micros), Collections, (n, o, c) =>
        {
            var e = new Everything();
            n(e);
            o(e);
            c(e);
            return e;
        });

    private static readonly Gen<Action<Everything>> Numbers =
        Gen.Select(Gen.Bool, Gen.Byte, Gen.SByte, Gen.Short, Gen.UShort, Gen.Int, Gen.UInt, Gen.Long, Gen.ULong, Gen.Float, Gen.Double, Gen.Decimal, Gen.Char['\0', '\uD7FF'],
            (flag, b, sb, s, us, i, ui, l, ul, f, d, m, ch) => (Action<Everything>)(e =>
            {
                e.Flag = flag;
                e.Byte = b;
                e.SByte = sb;
                e.Short = s;
                e.UShort = us;
                e.Int = i;
                e.UInt = ui;
                e.Long = l;
                e.ULong = ul;
                e.Float = f;
                e.Double = d;
                e.Decimal = m;
                e.Char = ch;
            }));

    private static Gen<Action<Everything>> Others(bool utc, bool micros)
    {
        var when = (utc ? (Gen<DateTime>)Gen.DateTime.Utc : Gen.DateTime).Select(t => micros ? new DateTime(t.Ticks - (t.Ticks % 10), t.Kind) : t)
            .Select(t => t.Kind == DateTimeKind.Local ? DateTime.SpecifyKind(t, DateTimeKind.Unspecified) : t);
        return Gen.Select(Text, Text.Null(), Gen.Guid, when, Gen.DateTimeOffset, Gen.TimeSpan, Gen.Enum<Color>(), Gen.Byte[0, 3], Gen.Int.Nullable(), Gen.Enum<Color>().Nullable(),
            (text, maybe, id, w, at, span, color, access, maybeInt, maybeColor) => (Action<Everything>)(e =>
            {
                e.Text = text;
                e.MaybeText = maybe;
                e.Id = id;
                e.When = w;
                e.At = at;
                e.Span = span;
                e.Color = color;
                e.Access = (Access)access;
                e.MaybeInt = maybeInt;
                e.MaybeColor = maybeColor;
            }));
    }

    private static readonly Gen<Action<Everything>> Collections =
        Gen.Select(Gen.Byte.Array[0, 8], Gen.Byte.Array[0, 8], Gen.Int.Array[0, 5], Text.List[0, 4], Gen.Select(Text, Gen.Long).Array[0, 4], Gen.Int.Nullable().List[0, 4].Null(),
            Gen.Select(Gen.Int, Gen.Int, (x, y) => new Point(x, y)), Gen.Select(Gen.Int, Gen.Int, (x, y) => new Point(x, y)).Nullable(),
            Gen.Select(Text, Text.Null(), Gen.Int, (n, m, t) => new Customer(n, m, t)).Null(),
            (bytes, memory, numbers, names, counts, sparse, point, maybePoint, customer) => (Action<Everything>)(e =>
            {
                e.Bytes = bytes;
                e.Memory = memory;
                e.Numbers = numbers;
                e.Names = names;
                e.Counts = counts.DistinctBy(p => p.Item1).ToDictionary(p => p.Item1, p => p.Item2);
                e.Sparse = sparse;
                e.Point = point;
                e.MaybePoint = maybePoint;
                e.Customer = customer;
            }));

    /// <summary>Random orders, with their nested lines.</summary>
    public static readonly Gen<Order> Orders =
        Gen.Select(Text, Gen.Int, Text.Null(), Gen.Select(Text, Gen.Int[0, 1000], (s, c) => new Line(s, c)).List[0, 4],
            (id, quantity, note, lines) => new Order { Id = id, Quantity = quantity, Note = note, Lines = lines });

    /// <summary>Random shapes of either subtype.</summary>
    public static readonly Gen<Shape> Shapes = Gen.OneOf<Shape>(
        Gen.Select(Text, Gen.Double, (n, r) => (Shape)new Circle(n, r)),
        Gen.Select(Text, Gen.Double, (n, s) => (Shape)new Square(n, s)));

    /// <summary>System.Text.Json's rendering of a value: two values that render alike hold the same data.</summary>
    public static string Render(Everything value) => JsonSerializer.Serialize(value, StjContext.Default.Everything);

    public static string Render(Order value) => JsonSerializer.Serialize(value, StjContext.Default.Order);

    public static string Render(Shape value) => JsonSerializer.Serialize(value, StjContext.Default.Shape);

    /// <summary>The bytes of <paramref name="value"/> in <paramref name="codec"/>.</summary>
    public static byte[] Encode<T>(ICodec<T> codec, T value)
    {
        var buffer = new ArrayBufferWriter<byte>();
        codec.Encode(value, buffer);
        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>Decodes, and fails if anything but a <see cref="FormatException"/> escapes.</summary>
    public static void DecodeOrFormatError<T>(ICodec<T> codec, byte[] input)
    {
        try
        {
            codec.Decode(input);
        }
        catch (FormatException)
        {
            // The only error a payload may cause.
        }
    }

    /// <summary>Every strict prefix of <paramref name="bytes"/> decodes to a <see cref="FormatException"/> or not at all.</summary>
    public static void PrefixesFailCleanly<T>(ICodec<T> codec, byte[] bytes)
    {
        for (var length = 0; length < bytes.Length; length++)
        {
            DecodeOrFormatError(codec, bytes[..length]);
        }
    }
}
