using Microsoft.CodeAnalysis.Testing;

namespace FaustGen.Analyzers.Tests;

/// <summary>FAUST2xxx: topics, wherever they are named.</summary>
public sealed class TopicTests
{
    private const string BadCharacter = "is not allowed; use only letters, digits, '.', '_' and '-'";

    private static DiagnosticResult Diagnostic(string id, int location) => Verify.Diagnostic(id).WithLocation(location);

    [Fact]
    public Task FAUST2001_topic_names_Kafka_rejects() => Verify.AnalyzerAsync($$"""
        [App("topics")]
        public partial class Topics
        {
            [Topic({|#0:""|})] public partial Topic<string, string> Empty { get; }
            [Topic({|#1:"."|})] public partial Topic<string, string> Dot { get; }
            [Topic({|#2:".."|})] public partial Topic<string, string> DotDot { get; }
            [Topic({|#3:"{{new string('t', 250)}}"|})] public partial Topic<string, string> TooLong { get; }
            [Topic({|#4:"orders/eu"|})] public partial Topic<string, string> Slash { get; }

            [Agent({|#5:"bad topic"|})] public void BadSource(string value) { }

            [Agent("lines", Sinks = new[] { "fine", {|#6:"not fine"|} })]
            public async IAsyncEnumerable<string> BadSink(IAgentStream<string> lines)
            {
                await foreach (var line in lines)
                {
                    yield return line;
                }
            }

            [Agent("events", OnError = AgentErrorPolicy.DeadLetter, DeadLetterTopic = {|#7:"dead letters"|})]
            public void BadDeadLetter(string value) { }
        }
        """,
        Diagnostic(DiagnosticIds.TopicName, 0).WithArguments("", "a topic name must not be empty"),
        Diagnostic(DiagnosticIds.TopicName, 1).WithArguments(".", "'.' and '..' are not topic names"),
        Diagnostic(DiagnosticIds.TopicName, 2).WithArguments("..", "'.' and '..' are not topic names"),
        Diagnostic(DiagnosticIds.TopicName, 3).WithArguments(new string('t', 250), "a topic name has at most 249 characters, this one has 250"),
        Diagnostic(DiagnosticIds.TopicName, 4).WithArguments("orders/eu", "'/' at position 6 " + BadCharacter),
        Diagnostic(DiagnosticIds.TopicName, 5).WithArguments("bad topic", "' ' at position 3 " + BadCharacter),
        Diagnostic(DiagnosticIds.TopicName, 6).WithArguments("not fine", "' ' at position 3 " + BadCharacter),
        Diagnostic(DiagnosticIds.TopicName, 7).WithArguments("dead letters", "' ' at position 4 " + BadCharacter));

    [Fact]
    public Task FAUST2001_near_miss_names_at_the_limits() => Verify.CleanAsync($$"""
        [App("topics")]
        public partial class Topics
        {
            [Topic("{{new string('t', 249)}}")] public partial Topic<string, string> Longest { get; }
            [Topic("...")] public partial Topic<string, string> Dots { get; }
            [Topic("Orders-v2.eu")] public partial Topic<string, string> Mixed { get; }
            [Topic("orders_eu")] public partial Topic<string, string> Underscore { get; }

            [Agent("orders_eu", OnError = AgentErrorPolicy.DeadLetter, DeadLetterTopic = "orders-dead")]
            public void Handle(string value) { }
        }
        """);

    [Fact]
    public Task FAUST2002_names_mixing_period_and_underscore() => Verify.AnalyzerAsync("""
        [App("topics")]
        public partial class Topics
        {
            [Topic({|#0:"orders.eu_west"|})] public partial Topic<string, string> Orders { get; }

            [Agent({|#1:"payments.eu_west"|})] public void Payments(string value) { }

            [Agent("lines", Sinks = new[] { {|#2:"out.eu_west"|} })]
            public async IAsyncEnumerable<string> Lines(IAgentStream<string> lines)
            {
                await foreach (var line in lines)
                {
                    yield return line;
                }
            }

            [Agent("events", OnError = AgentErrorPolicy.DeadLetter, DeadLetterTopic = {|#3:"dead.eu_west"|})]
            public void Events(string value) { }
        }
        """,
        Diagnostic(DiagnosticIds.TopicNameMixesSeparators, 0).WithArguments("orders.eu_west"),
        Diagnostic(DiagnosticIds.TopicNameMixesSeparators, 1).WithArguments("payments.eu_west"),
        Diagnostic(DiagnosticIds.TopicNameMixesSeparators, 2).WithArguments("out.eu_west"),
        Diagnostic(DiagnosticIds.TopicNameMixesSeparators, 3).WithArguments("dead.eu_west"));

    [Fact]
    public Task FAUST2002_near_miss_one_separator_per_name() => Verify.CleanAsync("""
        [App("topics")]
        public partial class Topics
        {
            [Topic("orders.eu.west")] public partial Topic<string, string> Orders { get; }
            [Agent("payments_eu_west")] public void Payments(string value) { }
        }
        """);

    [Fact]
    public Task FAUST2003_topic_properties_that_are_not_partial_get_only() => Verify.AnalyzerAsync("""
        [App("topics")]
        public partial class Topics
        {
            [Topic("plain")] public Topic<string, string>? {|#0:Plain|} { get; }
            [Topic("setter")] public partial Topic<string, string> {|#1:WithSetter|} { get; set; }
        }
        """,
        Diagnostic(DiagnosticIds.TopicPropertyNotPartial, 0).WithArguments("Plain"),
        Diagnostic(DiagnosticIds.TopicPropertyNotPartial, 1).WithArguments("WithSetter"));

    [Fact]
    public Task FAUST2003_near_miss_a_partial_get_only_topic() => Verify.CleanAsync("""
        [App("topics")]
        public partial class Topics
        {
            [Topic("plain")] internal partial Topic<string, string> Plain { get; }
        }
        """);

    [Fact]
    public Task FAUST2004_topic_properties_of_another_type_or_static() => Verify.AnalyzerAsync("""
        [App("topics")]
        public partial class Topics
        {
            [Topic("table")] public partial Table<string, string> {|#0:WrongType|} { get; }
            [Topic("static")] public static partial Topic<string, string> {|#1:Static|} { get; }
        }
        """,
        Diagnostic(DiagnosticIds.TopicPropertyType, 0).WithArguments("WrongType", "the property's type must be Topic<K, V>"),
        Diagnostic(DiagnosticIds.TopicPropertyType, 1).WithArguments("Static", "the property must be an instance property with a name (not static, an indexer or an interface implementation)"));

    [Fact]
    public Task FAUST2004_near_miss_topics_of_any_carried_types() => Verify.CleanAsync("""
        [App("topics", KeySerializer = "json")]
        public partial class Topics
        {
            [Topic("numbers")] public partial Topic<int, long?> Numbers { get; }
            [Topic("bytes")] public partial Topic<byte[], ReadOnlyMemory<byte>> Bytes { get; }
        }
        """);

    [Fact]
    public Task FAUST2004_channel_properties_must_be_channels() => Verify.AnalyzerAsync("""
        [App("channels")]
        public partial class Channels
        {
            [Channel("jobs")] public partial Topic<string, int> {|#0:Jobs|} { get; }
        }
        """,
        Diagnostic(DiagnosticIds.TopicPropertyType, 0).WithArguments("Jobs", "the property's type must be Channel<K, V>"));

    [Fact]
    public Task FAUST2004_near_miss_a_channel_that_agents_read() => Verify.CleanAsync("""
        [App("channels")]
        public partial class Channels
        {
            [Channel("jobs")] public partial Channel<string, int> Jobs { get; }

            [Agent("jobs")]
            public void Work(string key, int job) { }
        }
        """);

    [Fact]
    public Task FAUST2005_negative_partition_counts() => Verify.AnalyzerAsync("""
        [App("partitions")]
        public partial class Partitions
        {
            [Topic("orders", Partitions = {|#0:-1|})] public partial Topic<string, string> Orders { get; }
            [Table("counts", Partitions = {|#1:-8|})] public partial Table<string, long> Counts { get; }
        }
        """,
        Diagnostic(DiagnosticIds.Partitions, 0).WithArguments("-1", "a partition count must be 1 or more (or 0 to leave it unset)"),
        Diagnostic(DiagnosticIds.Partitions, 1).WithArguments("-8", "a partition count must be 1 or more (or 0 to leave it unset)"));

    [Fact]
    public Task FAUST2005_near_miss_unset_and_positive_counts() => Verify.CleanAsync("""
        [App("partitions")]
        public partial class Partitions
        {
            [Topic("orders", Partitions = 0)] public partial Topic<string, string> Orders { get; }
            [Table("counts", Partitions = 1)] public partial Table<string, long> Counts { get; }
        }
        """);

    [Fact]
    public Task FAUST2006_retention_that_is_negative_or_infinite() => Verify.AnalyzerAsync("""
        [App("retention")]
        public partial class Retention
        {
            [Topic("a", RetentionSeconds = {|#0:-1|})] public partial Topic<string, string> A { get; }
            [Topic("b", RetentionSeconds = {|#1:double.PositiveInfinity|})] public partial Topic<string, string> B { get; }
        }
        """,
        Diagnostic(DiagnosticIds.Retention, 0).WithArguments("-1", "a duration must be a finite number of seconds, 0 or more"),
        Diagnostic(DiagnosticIds.Retention, 1).WithArguments("Infinity", "a duration must be a finite number of seconds, 0 or more"));

    [Fact]
    public Task FAUST2006_near_miss_unset_and_finite_retention() => Verify.CleanAsync("""
        [App("retention")]
        public partial class Retention
        {
            [Topic("a", RetentionSeconds = 0)] public partial Topic<string, string> A { get; }
            [Topic("b", RetentionSeconds = 604800)] public partial Topic<string, string> B { get; }
        }
        """);

    [Fact]
    public Task FAUST2007_one_topic_with_two_types() => Verify.AnalyzerAsync("""
        [App("types", KeySerializer = "json")]
        public partial class Types
        {
            [Topic("orders")] public partial Topic<string, string> Orders { get; }
            [Topic({|#0:"orders"|})] public partial Topic<string, int> OrderCounts { get; }

            [Agent("raw")] public void OnValue(string value) { }
            [Agent({|#1:"raw"|}, Name = "pairs")] public void OnPair(int key, string value) { }
        }
        """,
        Diagnostic(DiagnosticIds.TopicTypes, 0).WithArguments("orders", "Topic<string, int>", "Topic<string, string>", "Orders"),
        Diagnostic(DiagnosticIds.TopicTypes, 1).WithArguments("raw", "Topic<int, string>", "Topic<byte[], string>", "OnValue"));

    [Fact]
    public Task FAUST2007_near_miss_uses_that_agree_up_to_nullability() => Verify.CleanAsync("""
        [App("types")]
        public partial class Types
        {
            [Topic("orders")] public partial Topic<string, string> Orders { get; }
            [Topic("orders")] public partial Topic<string, string?> MaybeOrders { get; }

            [Agent("raw")] public void OnValue(string value) { }
            [Agent("raw", Name = "events")] public void OnEvent(Event<byte[], string> e) { }
        }
        """);

    [Fact]
    public Task FAUST2008_agent_topics_and_tables_with_different_partition_counts() => Verify.AnalyzerAsync("""
        [App("copartitioned")]
        public partial class CoPartitioned
        {
            [Topic("orders", Partitions = 8)] public partial Topic<string, string> Orders { get; }
            [Topic("payments", Partitions = 8)] public partial Topic<string, string> Payments { get; }
            [Topic("refunds", Partitions = {|#0:4|})] public partial Topic<string, string> Refunds { get; }
            [Table("totals", Partitions = {|#1:12|})] public partial Table<string, long> Totals { get; }

            [Agent("orders")] public void OnOrder(string order) { }
            [Agent("payments")] public void OnPayment(string payment) { }
            [Agent("refunds")] public void OnRefund(string refund) { }
        }
        """,
        Diagnostic(DiagnosticIds.CoPartitioning, 0).WithArguments("topic 'refunds'", 4, "topic 'orders'", 8),
        Diagnostic(DiagnosticIds.CoPartitioning, 1).WithArguments("table 'totals'", 12, "topic 'orders'", 8));

    [Fact]
    public Task FAUST2008_near_miss_different_counts_without_tables_or_on_topics_no_agent_reads() => Verify.CleanAsync("""
        [App("no-tables")]
        public partial class NoTables
        {
            [Topic("orders", Partitions = 8)] public partial Topic<string, string> Orders { get; }
            [Topic("payments", Partitions = 4)] public partial Topic<string, string> Payments { get; }

            [Agent("orders")] public void OnOrder(string order) { }
            [Agent("payments")] public void OnPayment(string payment) { }
        }

        [App("with-tables")]
        public partial class WithTables
        {
            [Topic("orders", Partitions = 8)] public partial Topic<string, string> Orders { get; }
            [Topic("audit", Partitions = 1)] public partial Topic<string, string> Audit { get; }
            [Table("totals", Partitions = 8)] public partial Table<string, long> Totals { get; }
            [Table("other")] public partial Table<string, long> Other { get; }

            [Agent("orders")] public void OnOrder(string order) { }
        }
        """);
}
