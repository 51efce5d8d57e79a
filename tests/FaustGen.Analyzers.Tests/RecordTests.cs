using FaustGen.Analyzers.CodeFixes;
using Microsoft.CodeAnalysis.Testing;

namespace FaustGen.Analyzers.Tests;

/// <summary>FAUST6004-6010: [Record] types and [CodecName] codecs, with the record generator's rules.</summary>
public sealed class RecordTests
{
    private static DiagnosticResult Diagnostic(string id, int location) => Verify.Diagnostic(id).WithLocation(location);

    [Fact]
    public Task FAUST6004_records_and_their_containers_that_are_not_partial() => Verify.AnalyzerAsync("""
        [Record]
        public sealed class {|#0:Order|}
        {
            public string Id { get; set; } = "";
        }

        public class {|#1:Outer|}
        {
            [Record]
            public partial class Inner
            {
                public int Value { get; set; }
            }
        }
        """,
        Diagnostic(DiagnosticIds.RecordNotPartial, 0).WithArguments("Order", "Order"),
        Diagnostic(DiagnosticIds.RecordNotPartial, 1).WithArguments("Outer", "Inner"));

    [Fact]
    public Task FAUST6004_near_miss_partial_records_in_partial_containers() => Verify.CleanAsync("""
        [Record]
        public sealed partial class Order
        {
            public string Id { get; set; } = "";
        }

        public partial class Outer
        {
            [Record]
            public partial struct Inner
            {
                public int Value { get; set; }
            }
        }
        """);

    [Fact]
    public Task FAUST6004_MakePartialFix_makes_the_record_partial() => Verify.FixAsync<MakePartialFix>("""
        [Record]
        public sealed class {|#0:Order|}
        {
            public string Id { get; set; } = "";
        }
        """, """
        [Record]
        public sealed partial class Order
        {
            public string Id { get; set; } = "";
        }
        """,
        Diagnostic(DiagnosticIds.RecordNotPartial, 0).WithArguments("Order", "Order"));

    [Fact]
    public Task FAUST6005_records_of_unsupported_kinds() => Verify.AnalyzerAsync("""
        [Record]
        public static partial class {|#0:Static|}
        {
        }

        [Record]
        public partial class {|#1:Generic|}<T>
        {
            public int Value { get; set; }
        }

        public partial class Holder
        {
            [Record]
            private partial class {|#2:Hidden|}
            {
                public int Value { get; set; }
            }
        }
        """,
        Diagnostic(DiagnosticIds.RecordKind, 0).WithArguments("Static", "a [Record] must be a class, record or struct (not static, not a ref struct)"),
        Diagnostic(DiagnosticIds.RecordKind, 1).WithArguments("Generic", "a [Record] must not be generic or nested in a generic type"),
        Diagnostic(DiagnosticIds.RecordKind, 2).WithArguments("Hidden", "a [Record] and the types containing it must be public or internal"));

    [Fact]
    public Task FAUST6005_near_miss_internal_structs_and_records() => Verify.CleanAsync("""
        [Record]
        internal partial struct Point
        {
            public int X { get; set; }
            public int Y { get; set; }
        }

        [Record]
        public sealed partial record Order(string Id, decimal Amount);
        """);

    [Fact]
    public Task FAUST6006_records_that_cannot_be_built_from_their_fields() => Verify.AnalyzerAsync("""
        [Record]
        public partial class {|#0:TwoConstructors|}
        {
            public TwoConstructors(int a) => A = a;
            public TwoConstructors(string b) => A = b.Length;
            public int A { get; }
        }

        [Record]
        public partial class Extra
        {
            public Extra(int id, string {|#1:name|}) => Id = id + name.Length;
            public int Id { get; }
        }

        [Record]
        public abstract partial class {|#2:Shape|}
        {
            public int Sides { get; set; }
        }
        """,
        Diagnostic(DiagnosticIds.RecordConstructor, 0).WithArguments("TwoConstructors", "a [Record] needs a public parameterless constructor or a single public constructor"),
        Diagnostic(DiagnosticIds.RecordConstructor, 1).WithArguments("Extra", "the constructor parameter 'name' matches no public property of the record"),
        Diagnostic(DiagnosticIds.RecordConstructor, 2).WithArguments("Shape", "an abstract [Record] needs [RecordSubtype]s to be read as"));

    [Fact]
    public Task FAUST6006_near_miss_positional_and_settable_records() => Verify.CleanAsync("""
        [Record]
        public partial class Positional
        {
            public Positional(int id, string name)
            {
                Id = id;
                Name = name;
            }

            public int Id { get; }

            public string Name { get; }
        }

        [Record]
        public partial class Settable
        {
            public required string Id { get; init; }

            public int Count { get; set; }
        }
        """);

    [Fact]
    public Task FAUST6007_record_members_no_codec_supports() => Verify.AnalyzerAsync("""
        [Record]
        public partial class Untyped
        {
            public object {|#0:Payload|} { get; set; } = new();
        }

        [Record]
        public partial class Numbered
        {
            public Dictionary<int, string> {|#1:ByNumber|} { get; set; } = new();
        }
        """,
        Diagnostic(DiagnosticIds.RecordMemberType, 0).WithArguments("Untyped",
            "the field 'Payload' cannot be carried: the type 'object' is not supported: use a primitive, string, Guid, a date or time, an enum, bytes, an array, List<T>, Dictionary<string, T>, or a [Record] type"),
        Diagnostic(DiagnosticIds.RecordMemberType, 1).WithArguments("Numbered", "the field 'ByNumber' cannot be carried: dictionaries must have string keys"));

    [Fact]
    public Task FAUST6007_near_miss_every_kind_of_member() => Verify.CleanAsync("""
        public enum Status { Open, Closed }

        [Record]
        public partial class Line
        {
            public string Sku { get; set; } = "";
            public int Quantity { get; set; }
        }

        [Record]
        public partial class Order
        {
            public Guid Id { get; set; }
            public DateTimeOffset At { get; set; }
            public TimeSpan Within { get; set; }
            public Status Status { get; set; }
            public decimal? Discount { get; set; }
            public byte[] Signature { get; set; } = [];
            public int[] Codes { get; set; } = [];
            public List<Line> Lines { get; set; } = [];
            public Dictionary<string, long> Totals { get; set; } = [];
        }
        """);

    [Fact]
    public Task FAUST6008_field_names_that_are_repeated_or_empty() => Verify.AnalyzerAsync("""
        [Record]
        public partial class Repeated
        {
            [RecordField("id")] public string A { get; set; } = "";
            [RecordField("id")] public string {|#0:B|} { get; set; } = "";
        }

        [Record(TypeTag = {|#1:" "|})]
        public partial class NoTag
        {
            public int Value { get; set; }
        }
        """,
        Diagnostic(DiagnosticIds.RecordFieldName, 0).WithArguments("Repeated", "the field name 'id' of 'B' is empty, repeated, or the type tag"),
        Diagnostic(DiagnosticIds.RecordFieldName, 1).WithArguments("NoTag", "the type tag must not be empty"));

    [Fact]
    public Task FAUST6008_near_miss_renamed_and_ignored_fields() => Verify.CleanAsync("""
        [Record]
        public partial class Renamed
        {
            [RecordField("id")] public string A { get; set; } = "";
            [RecordField(Ignore = true)] public string Id { get; set; } = "";
            public string B { get; set; } = "";
        }
        """);

    [Fact]
    public Task FAUST6009_a_subtype_that_does_not_derive_from_the_record() => Verify.AnalyzerAsync("""
        [Record]
        public partial class Circle
        {
            public double Radius { get; set; }
        }

        [Record]
        [{|#0:RecordSubtype(typeof(Circle), "circle")|}]
        public abstract partial class Shape
        {
        }
        """,
        Diagnostic(DiagnosticIds.RecordSubtype, 0).WithArguments("Shape", "the subtype 'Circle' must be a non-abstract [Record] that derives from 'Shape'"));

    [Fact]
    public Task FAUST6009_near_miss_a_polymorphic_record() => Verify.CleanAsync("""
        [Record]
        [RecordSubtype(typeof(Circle), "circle")]
        [RecordSubtype(typeof(Square), "square")]
        public abstract partial class Shape
        {
        }

        [Record]
        public partial class Circle : Shape
        {
            public double Radius { get; set; }
        }

        [Record]
        public partial class Square : Shape
        {
            public double Side { get; set; }
        }
        """);

    [Fact]
    public Task FAUST6010_custom_codecs_that_cannot_be_registered() => Verify.AnalyzerAsync("""
        using FaustGen.Codecs;

        [CodecName({|#0:"json"|})]
        public sealed class MyJson : Codec
        {
            public MyJson() : base("json") { }

            public override ICodec<T>? For<T>() => null;
        }

        [CodecName("proto")]
        public sealed class {|#1:NotACodec|}
        {
        }
        """,
        Diagnostic(DiagnosticIds.CustomCodec, 0).WithArguments("MyJson", "'json' is a built-in codec's name"),
        Diagnostic(DiagnosticIds.CustomCodec, 1).WithArguments("NotACodec", "a custom codec must derive from FaustGen.Codecs.Codec"));

    [Fact]
    public Task FAUST6010_near_miss_a_custom_codec_an_app_names() => Verify.CleanAsync("""
        using FaustGen.Codecs;

        [CodecName("proto")]
        internal sealed class ProtoCodec : Codec
        {
            public ProtoCodec() : base("proto") { }

            public override ICodec<T>? For<T>() => null;
        }

        [App("custom", ValueSerializer = "proto|binary")]
        public partial class Custom
        {
            [Topic("orders")] public partial Topic<string, string> Orders { get; }
        }
        """);

    [Fact]
    public Task FAUST6001_a_record_serializer_that_names_no_codec() => Verify.FixAsync<ReplaceLiteralFix>("""
        [Record(Serializer = {|#0:"msgpak"|})]
        public partial class Order
        {
            public string Id { get; set; } = "";
        }
        """, """
        [Record(Serializer = "msgpack")]
        public partial class Order
        {
            public string Id { get; set; } = "";
        }
        """,
        Diagnostic(DiagnosticIds.CodecName, 0).WithArguments("msgpak", "unknown codec 'msgpak'; did you mean 'msgpack'?"));

    [Fact]
    public Task FAUST6003_near_miss_a_record_the_default_codec_carries() => Verify.CleanAsync("""
        [Record]
        public sealed partial record Order(string Id, decimal Amount);

        [App("orders")]
        public partial class Orders
        {
            [Topic("orders")] public partial Topic<string, Order> All { get; }
            [Table("last")] public partial Table<string, Order> Last { get; }
        }
        """);

    [Fact]
    public Task AddRecordFix_marks_the_type_a_table_uses() => Verify.FixAsync<AddRecordFix>("""
        public sealed class Order
        {
            public string Id { get; set; } = "";
        }

        [App("orders")]
        public partial class Orders
        {
            [Table("last")] public partial Table<string, Order> {|#0:Last|} { get; }
        }
        """, """
        [Record]
        public sealed partial class Order
        {
            public string Id { get; set; } = "";
        }

        [App("orders")]
        public partial class Orders
        {
            [Table("last")] public partial Table<string, Order> Last { get; }
        }
        """,
        Diagnostic(DiagnosticIds.DefaultCodecCannotCarry, 0).WithArguments("json", "value", "Order", "table 'last'"));
}
