using System.Text.Json.Serialization;
using MessagePack;

namespace FaustGen.Codecs.Tests;

// The test records carry System.Text.Json's and MessagePack-CSharp's attributes too, so the interop tests can run
// those serializers on the very same types.
public enum Color
{
    Red,
    Green,
    Blue,
}

[Flags]
public enum Access : byte
{
    None = 0,
    Read = 1,
    Write = 2,
}

/// <summary>A record with a member of every supported kind.</summary>
[Record]
[MessagePackObject(true)]
public sealed partial class Everything
{
    public bool Flag { get; set; }
    public byte Byte { get; set; }
    public sbyte SByte { get; set; }
    public short Short { get; set; }
    public ushort UShort { get; set; }
    public int Int { get; set; }
    public uint UInt { get; set; }
    public long Long { get; set; }
    public ulong ULong { get; set; }
    public float Float { get; set; }
    public double Double { get; set; }
    public decimal Decimal { get; set; }
    public char Char { get; set; }
    public string Text { get; set; } = string.Empty;
    public string? MaybeText { get; set; }
    public Guid Id { get; set; }
    public DateTime When { get; set; }
    public DateTimeOffset At { get; set; }
    public TimeSpan Span { get; set; }
    public Color Color { get; set; }
    public Access Access { get; set; }
    public byte[] Bytes { get; set; } = [];
    public ReadOnlyMemory<byte> Memory { get; set; }
    public int? MaybeInt { get; set; }
    public Color? MaybeColor { get; set; }
    public int[] Numbers { get; set; } = [];
    public List<string> Names { get; set; } = [];
    public Dictionary<string, long> Counts { get; set; } = [];
    public List<int?>? Sparse { get; set; }
    public Point Point { get; set; }
    public Point? MaybePoint { get; set; }
    public Customer? Customer { get; set; }
}

/// <summary>A positional record struct.</summary>
[Record]
[MessagePackObject(true)]
public readonly partial record struct Point(int X, int Y);

/// <summary>A positional record with a default and a renamed field.</summary>
[Record]
[MessagePackObject(true)]
public sealed partial record Customer(
    string Name,
    [property: RecordField("e-mail"), JsonPropertyName("e-mail"), Key("e-mail")] string? Email = null,
    int Tier = 1);

/// <summary>Required, init-only, settable and computed members, written as a MessagePack array.</summary>
[Record(MsgPackLayout = MsgPackLayout.Array)]
[MessagePackObject]
public sealed partial class Order
{
    [Key(0)]
    public required string Id { get; init; }

    [Key(1)]
    public int Quantity { get; init; } = 1;

    [Key(2)]
    public string? Note { get; set; }

    [Key(3)]
    public List<Line> Lines { get; set; } = [];

    [Key(4)]
    public int Total => Lines.Sum(l => l.Count);
}

[Record]
[MessagePackObject(true)]
public sealed partial record Line(string Sku, int Count);

/// <summary>A polymorphic record: the tag names the subtype.</summary>
[Record(TypeTag = "kind")]
[RecordSubtype(typeof(Circle), "circle")]
[RecordSubtype(typeof(Square), "square")]
[JsonPolymorphic(TypeDiscriminatorPropertyName = "kind")]
[JsonDerivedType(typeof(Circle), "circle")]
[JsonDerivedType(typeof(Square), "square")]
public abstract partial record Shape(string Name);

[Record]
public sealed partial record Circle(string Name, double Radius) : Shape(Name);

[Record]
public sealed partial record Square(string Name, double Side) : Shape(Name);

/// <summary>A polymorphic record whose base type is a value of its own (written without a tag).</summary>
[Record]
[RecordSubtype(typeof(Loud), "loud")]
public partial record Message(string Text);

[Record]
public sealed partial record Loud(string Text, int Volume) : Message(Text);

/// <summary>A record that nests itself.</summary>
[Record]
[MessagePackObject(true)]
public sealed partial class Node
{
    public int Value { get; set; }
    public List<Node> Children { get; set; } = [];
}

/// <summary>A record that chooses its own codec.</summary>
[Record(Serializer = "msgpack")]
public sealed partial record Ping(long Sequence);

/// <summary>The members of a record that hold shapes.</summary>
[Record]
public sealed partial record Drawing(List<Shape> Shapes, Shape? Highlight, Message? Caption);

/// <summary>System.Text.Json's source-generated serializers of the same types, for the interop tests.</summary>
[JsonSourceGenerationOptions(UseStringEnumConverter = true, NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals)]
[JsonSerializable(typeof(Everything))]
[JsonSerializable(typeof(Order))]
[JsonSerializable(typeof(Shape))]
[JsonSerializable(typeof(Node))]
[JsonSerializable(typeof(Customer))]
[JsonSerializable(typeof(Line))]
[JsonSerializable(typeof(double))]
internal sealed partial class StjContext : JsonSerializerContext;

/// <summary>A record whose Avro schema evolved from an older one (see the schema resolution test).</summary>
[Record]
public sealed partial record Evolving(long Count, Color Color, string? Note);
