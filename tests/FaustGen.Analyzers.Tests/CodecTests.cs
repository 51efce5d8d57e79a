using Microsoft.CodeAnalysis.Testing;

namespace FaustGen.Analyzers.Tests;

/// <summary>FAUST6xxx: codec names, and the types a codec can carry.</summary>
public sealed class CodecTests
{
    private static DiagnosticResult Diagnostic(string id, int location) => Verify.Diagnostic(id).WithLocation(location);

    [Fact]
    public Task FAUST6001_codec_names_that_name_no_codec() => Verify.AnalyzerAsync("""
        [App("codecs", ValueSerializer = {|#0:"jsno"|}, KeySerializer = {|#1:""|})]
        public partial class Codecs
        {
            [Topic("a", KeySerializer = {|#2:"binary"|})] public partial Topic<string, string> A { get; }
            [Topic("b", ValueSerializer = {|#3:"json|msgpack"|})] public partial Topic<string, string> B { get; }
            [Table("c", ValueSerializer = {|#4:"json||binary"|})] public partial Table<string, string> C { get; }
            [Table("d", KeySerializer = {|#5:"protobuf"|})] public partial Table<string, string> D { get; }
            [Table("e", ValueSerializer = {|#6:"json|bniary"|})] public partial Table<string, string> E { get; }
        }
        """,
        Diagnostic(DiagnosticIds.CodecName, 0).WithArguments("jsno", "unknown codec 'jsno'; did you mean 'json'?"),
        Diagnostic(DiagnosticIds.CodecName, 1).WithArguments("", "a codec name must not be empty"),
        Diagnostic(DiagnosticIds.CodecName, 2).WithArguments("binary", "'binary' transforms bytes, so it comes after a format, as in json|binary"),
        Diagnostic(DiagnosticIds.CodecName, 3).WithArguments("json|msgpack", "'msgpack' is a format; only byte transforms (binary) may follow the first part"),
        Diagnostic(DiagnosticIds.CodecName, 4).WithArguments("json||binary", "'json||binary' has an empty part"),
        Diagnostic(DiagnosticIds.CodecName, 5).WithArguments("protobuf", "unknown codec 'protobuf'"),
        Diagnostic(DiagnosticIds.CodecName, 6).WithArguments("json|bniary", "unknown codec 'bniary'; did you mean 'binary'?"));

    [Fact]
    public Task FAUST6001_near_miss_every_built_in_name_chains_and_a_custom_codec() => Verify.CleanAsync("""
        using FaustGen.Codecs;

        [CodecName("protobuf")]
        public sealed class ProtobufCodec : Codec
        {
            public ProtobufCodec() : base("protobuf") { }

            public override ICodec<T>? For<T>() => null;
        }

        [App("codecs", ValueSerializer = "json|binary", KeySerializer = "raw")]
        public partial class Codecs
        {
            [Topic("a", KeySerializer = "string", ValueSerializer = "msgpack")] public partial Topic<string, string> A { get; }
            [Topic("b", ValueSerializer = "avro")] public partial Topic<string, string> B { get; }
            [Table("c", ValueSerializer = "protobuf|binary")] public partial Table<string, string> C { get; }
            [Table("d", ValueSerializer = " json | binary ")] public partial Table<string, string> D { get; }
        }
        """);

    [Fact]
    public Task FAUST6002_a_named_codec_that_cannot_carry_the_type() => Verify.AnalyzerAsync("""
        public sealed class Order
        {
            public string Id { get; set; } = "";
        }

        [App("codecs", KeySerializer = "raw")]
        public partial class Codecs
        {
            [Topic("numbers", ValueSerializer = {|#0:"raw"|})] public partial Topic<string, int> Numbers { get; }
            [Table("bytes", KeySerializer = {|#1:"string|binary"|})] public partial Table<byte[], long> Bytes { get; }
            [Topic("orders", ValueSerializer = {|#2:"json"|})] public partial Topic<string, Order> Orders { get; }
            [Topic("ids")] public partial Topic<int, string> {|#3:Ids|} { get; }
            [Topic("days", KeySerializer = "json", ValueSerializer = {|#4:"json"|})] public partial Topic<int, DateOnly> Days { get; }
            [Topic("names", ValueSerializer = {|#5:"json-schema"|})] public partial Topic<string, string> Names { get; }
        }
        """,
        Diagnostic(DiagnosticIds.CodecCannotCarry, 0).WithArguments("raw", "value", "int", "topic 'numbers'"),
        Diagnostic(DiagnosticIds.CodecCannotCarry, 1).WithArguments("string|binary", "key", "byte[]", "table 'bytes'"),
        Diagnostic(DiagnosticIds.CodecCannotCarry, 2).WithArguments("json", "value", "Order", "topic 'orders'"),
        Diagnostic(DiagnosticIds.CodecCannotCarry, 3).WithArguments("raw", "key", "int", "topic 'ids'"),
        Diagnostic(DiagnosticIds.CodecCannotCarry, 4).WithArguments("json", "value", "DateOnly", "topic 'days'"),
        Diagnostic(DiagnosticIds.CodecCannotCarry, 5).WithArguments("json-schema", "value", "string", "topic 'names'"));

    [Fact]
    public Task FAUST6002_near_miss_codecs_that_carry_their_types() => Verify.CleanAsync("""
        public enum Color { Red, Green }

        [App("codecs", KeySerializer = "string")]
        public partial class Codecs
        {
            [Topic("numbers", ValueSerializer = "string")] public partial Topic<int, long?> Numbers { get; }
            [Table("colors", ValueSerializer = "msgpack")] public partial Table<Guid, Color> Colors { get; }
            [Topic("bytes", KeySerializer = "raw", ValueSerializer = "json")] public partial Topic<ReadOnlyMemory<byte>, byte[]> Bytes { get; }
            [Topic("times", ValueSerializer = "avro")] public partial Topic<DateTimeOffset, TimeSpan> Times { get; }
        }
        """);

    [Fact]
    public Task FAUST6003_a_default_codec_that_cannot_carry_the_type() => Verify.AnalyzerAsync("""
        public sealed class Order
        {
            public string Id { get; set; } = "";
        }

        [App("codecs")]
        public partial class Codecs
        {
            [Topic("ids")] public partial Topic<int, string> {|#0:Ids|} { get; }
            [Table("orders")] public partial Table<string, Order> {|#1:Orders|} { get; }

            [Agent("pairs")] public void {|#2:OnPair|}(long key, string value) { }

            [Agent("lines", Sinks = new[] { "out" })]
            public async IAsyncEnumerable<Order> {|#3:Parse|}(IAgentStream<string> lines)
            {
                await foreach (var line in lines)
                {
                    yield return new Order { Id = line };
                }
            }
        }
        """,
        Diagnostic(DiagnosticIds.DefaultCodecCannotCarry, 0).WithArguments("raw", "key", "int", "topic 'ids'"),
        Diagnostic(DiagnosticIds.DefaultCodecCannotCarry, 1).WithArguments("json", "value", "Order", "table 'orders'"),
        Diagnostic(DiagnosticIds.DefaultCodecCannotCarry, 2).WithArguments("raw", "key", "long", "topic 'pairs'"),
        Diagnostic(DiagnosticIds.DefaultCodecCannotCarry, 3).WithArguments("json", "value", "Order", "sink topic 'out'"));

    [Fact]
    public Task FAUST6003_near_miss_defaults_that_carry_the_types() => Verify.CleanAsync("""
        [App("codecs")]
        public partial class Codecs
        {
            [Topic("words")] public partial Topic<string, string> Words { get; }
            [Table("counts")] public partial Table<string, long> Counts { get; }
            [Topic("raw")] public partial Topic<byte[], decimal> Raw { get; }

            [Agent("pairs")] public void OnPair(string key, DateTime value) { }
            [Agent("values")] public void OnValue(bool value) { }
        }
        """);
}
