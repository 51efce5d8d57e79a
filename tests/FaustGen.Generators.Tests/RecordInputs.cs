namespace FaustGen.Generators.Tests;

/// <summary>Source the record generator is fed: valid records (baselined) and records that break a rule.</summary>
internal static class RecordInputs
{
    public const string Records = """
        using FaustGen;
        using FaustGen.Codecs;
        namespace Shop;

        public enum Status : byte { Open = 1, Shipped = 2, Closed = 3 }

        [Flags]
        public enum Options { None = 0, Gift = 1, Express = 2 }

        [Record(Serializer = "msgpack")]
        public sealed partial record Customer(string Name, [property: RecordField("e-mail")] string? Email = null, int Tier = 1);

        [Record]
        public readonly partial record struct Money(decimal Amount, string Currency);

        [Record(MsgPackLayout = MsgPackLayout.Array)]
        public sealed partial class Order
        {
            public required Guid Id { get; init; }
            public Status Status { get; init; } = Status.Open;
            public Options Options { get; set; }
            public DateTimeOffset Placed { get; set; }
            public TimeSpan? Window { get; set; }
            public Customer Customer { get; set; } = new("anonymous");
            public List<Money> Lines { get; set; } = [];
            public Dictionary<string, int[]> Tags { get; set; } = [];
            public byte[]? Signature { get; set; }
            public ReadOnlyMemory<byte> Blob { get; set; }
            public char Grade { get; set; }
            public double? Score { get; set; }
            public int LineCount => Lines.Count;
            [RecordField(Ignore = true)] public object? Scratch { get; set; }
        }
        """;

    public const string Polymorphic = """
        using FaustGen;
        namespace Drawing;

        public static partial class Shapes
        {
            [Record(TypeTag = "kind")]
            [RecordSubtype(typeof(Circle), "circle")]
            [RecordSubtype(typeof(Square), "square")]
            public abstract partial record Shape(string Name);

            [Record]
            public sealed partial record Circle(string Name, double Radius) : Shape(Name);

            [Record]
            public partial record Square(string Name, double Side) : Shape(Name);
        }

        [Record]
        public sealed partial class Picture
        {
            public List<Shapes.Shape> Shapes { get; set; } = [];
            public Shapes.Shape? Highlight { get; set; }
            public Picture? Inset { get; set; }
        }
        """;

    public const string CustomCodec = """
        using System.Buffers;
        using FaustGen;
        using FaustGen.Codecs;
        namespace Custom;

        [CodecName("upper")]
        public sealed class UpperCodec : Codec
        {
            public UpperCodec() : base("upper") { }
            public override ICodec<T>? For<T>() => null;
        }

        [CodecName("json")]
        public sealed class ShadowsBuiltIn : Codec
        {
            public ShadowsBuiltIn() : base("json") { }
            public override ICodec<T>? For<T>() => null;
        }

        [CodecName("needs-arguments")]
        public sealed class NeedsArguments(int level) : Codec("needs-arguments")
        {
            public int Level => level;
            public override ICodec<T>? For<T>() => null;
        }

        [App("custom", ValueSerializer = "upper|binary")]
        public partial class CustomApp
        {
            [Topic("shouts")] public partial Topic<string, string> Shouts { get; }
        }
        """;
}
