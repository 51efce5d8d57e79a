using Microsoft.CodeAnalysis.Testing;

namespace FaustGen.Analyzers.Tests;

/// <summary>FAUST3xxx: agents.</summary>
public sealed class AgentTests
{
    private const string Expected =
        "an agent takes (V value), (K key, V value), (Event<K, V> e), (IAgentStream<V> stream) or (IAgentStream<K, V> stream), optionally followed by a CancellationToken";

    private static DiagnosticResult Diagnostic(string id, int location) => Verify.Diagnostic(id).WithLocation(location);

    [Fact]
    public Task FAUST3001_unsupported_signatures() => Verify.AnalyzerAsync("""
        [App("bad-agents")]
        public partial class BadAgents
        {
            [Agent("a", Name = "1")] public int {|#0:ReturnsInt|}(string value) => 0;
            [Agent("a", Name = "2")] public void {|#1:TooMany|}(string a, string b, string c) { }
            [Agent("a", Name = "3")] public void {|#2:NoParameters|}() { }
            [Agent("a", Name = "4")] public void {|#3:Generic|}<T>(T value) { }
            [Agent("a", Name = "5")] public void {|#4:ByRef|}(ref string value) { }
            [Agent("a", Name = "6")] public void {|#5:Optional|}(string value = "") { }
            [Agent("a", Name = "7")] public ValueTask {|#6:StreamReturnsValueTask|}(IAgentStream<string> stream) => default;
            [Agent("a", Name = "8")] public Task<int> {|#7:ReturnsTaskOfInt|}(string value) => Task.FromResult(0);
        }
        """,
        Diagnostic(DiagnosticIds.AgentSignature, 0).WithArguments("ReturnsInt", "a per-event agent returns void, ValueTask or Task"),
        Diagnostic(DiagnosticIds.AgentSignature, 1).WithArguments("TooMany", Expected),
        Diagnostic(DiagnosticIds.AgentSignature, 2).WithArguments("NoParameters", Expected),
        Diagnostic(DiagnosticIds.AgentSignature, 3).WithArguments("Generic", "it must not be generic"),
        Diagnostic(DiagnosticIds.AgentSignature, 4).WithArguments("ByRef", "an agent's key and value parameters must be passed by value"),
        Diagnostic(DiagnosticIds.AgentSignature, 5).WithArguments("Optional", "its parameters must not be optional or 'params' (except a trailing CancellationToken)"),
        Diagnostic(DiagnosticIds.AgentSignature, 6).WithArguments("StreamReturnsValueTask", "an agent that reads a stream returns Task, or IAsyncEnumerable<R> to yield results"),
        Diagnostic(DiagnosticIds.AgentSignature, 7).WithArguments("ReturnsTaskOfInt", "a per-event agent returns void, ValueTask or Task"));

    [Fact]
    public Task FAUST3001_near_miss_every_supported_shape() => Verify.CleanAsync("""
        using System.Runtime.CompilerServices;

        [App("shapes")]
        public partial class Shapes
        {
            [Topic("orders")] public partial Topic<string, string> Orders { get; }
            [Topic("totals")] public partial Topic<string, long> Totals { get; }

            [Agent("orders", Name = "value")] public void OnValue(string order) { }
            [Agent("orders", Name = "keyed")] public ValueTask OnKeyValue(string key, string order, CancellationToken cancellationToken) => default;
            [Agent("orders", Name = "event")] public Task OnEvent(Event<string, string> e) => Task.CompletedTask;
            [Agent("orders", Name = "event-in")] public void OnEventIn(in Event<string, string> e, CancellationToken cancellationToken) { }
            [Agent("raw")] public static void OnRaw(string value) { }

            [Agent("orders", Name = "stream", Concurrency = 4)]
            public async Task OnStream(IAgentStream<string> orders)
            {
                await foreach (var _ in orders)
                {
                }
            }

            [Agent("orders", Name = "keyed-stream")]
            public Task OnKeyedStream(IAgentStream<string, string> orders, CancellationToken cancellationToken) => Task.CompletedTask;

            [Agent("orders", Name = "lengths", Sinks = new[] { "totals" })]
            public async IAsyncEnumerable<long> Lengths(IAgentStream<string> orders, [EnumeratorCancellation] CancellationToken cancellationToken = default)
            {
                await foreach (var order in orders.WithCancellation(cancellationToken))
                {
                    yield return order.Length;
                }
            }
        }
        """);

    [Fact]
    public Task FAUST3002_async_void_agents_timers_and_tasks() => Verify.AnalyzerAsync("""
        [App("async-void")]
        public partial class AsyncVoid
        {
            [Agent("a")] public async void {|#0:Handle|}(string value) => await Task.Yield();
            [Timer(5)] public async void {|#1:Tick|}() => await Task.Yield();
            [StartupTask] public async void {|#2:Start|}() => await Task.Yield();
        }
        """,
        Diagnostic(DiagnosticIds.AsyncVoid, 0).WithArguments("Handle"),
        Diagnostic(DiagnosticIds.AsyncVoid, 1).WithArguments("Tick"),
        Diagnostic(DiagnosticIds.AsyncVoid, 2).WithArguments("Start"));

    [Fact]
    public Task FAUST3002_near_miss_async_Task_and_plain_void() => Verify.CleanAsync("""
        [App("async-task")]
        public partial class AsyncTask
        {
            [Agent("a")] public async Task Handle(string value) => await Task.Yield();
            [Timer(5)] public void Tick() { }
            [StartupTask] public async ValueTask Start() => await Task.Yield();
        }
        """);

    [Fact]
    public Task FAUST3003_agents_whose_types_disagree_with_the_declared_topic() => Verify.AnalyzerAsync("""
        [App("mismatch")]
        public partial class Mismatch
        {
            [Topic("words")] public partial Topic<string, string?> Words { get; }
            [Topic("numbers")] public partial Topic<string, long> Numbers { get; }

            [Agent("words", Name = "1")] public void {|#0:NonNullableValue|}(string word) { }
            [Agent("words", Name = "2")] public void {|#1:WrongKey|}(int key, string? word) { }
            [Agent("words", Name = "3")] public Task {|#2:WrongStream|}(IAgentStream<string> words) => Task.CompletedTask;
            [Agent("numbers")] public void {|#3:WrongValue|}(int number) { }
        }
        """,
        Diagnostic(DiagnosticIds.SourceTypes, 0).WithArguments("NonNullableValue", "the agent's key and value types do not match topic 'words' as 'Words' declares it"),
        Diagnostic(DiagnosticIds.SourceTypes, 1).WithArguments("WrongKey", "the agent's key and value types do not match topic 'words' as 'Words' declares it"),
        Diagnostic(DiagnosticIds.SourceTypes, 2).WithArguments("WrongStream", "the agent's key and value types do not match topic 'words' as 'Words' declares it"),
        Diagnostic(DiagnosticIds.SourceTypes, 3).WithArguments("WrongValue", "the agent's key and value types do not match topic 'numbers' as 'Numbers' declares it"));

    [Fact]
    public Task FAUST3003_near_miss_agents_that_match_the_declared_topic() => Verify.CleanAsync("""
        [App("match")]
        public partial class Match
        {
            [Topic("words")] public partial Topic<string, string?> Words { get; }

            [Agent("words")] public void NullableValue(string? word) { }
            [Agent("words", Name = "keyed")] public void Keyed(string key, string? word) { }
            [Agent("words", Name = "stream")] public Task Stream(IAgentStream<string?> words) => Task.CompletedTask;
        }
        """);

    [Fact]
    public Task FAUST3004_results_a_declared_sink_does_not_carry() => Verify.AnalyzerAsync("""
        [App("sinks")]
        public partial class Sinks
        {
            [Topic("numbers")] public partial Topic<string, long> Numbers { get; }

            [Agent("words", Sinks = new[] { "audit", {|#0:"numbers"|} })]
            public async IAsyncEnumerable<string> WrongSink(IAgentStream<string> words)
            {
                await foreach (var word in words)
                {
                    yield return word;
                }
            }
        }
        """,
        Diagnostic(DiagnosticIds.SinkTypes, 0).WithArguments("WrongSink", "numbers", "the agent yields values that sink topic 'numbers', as 'Numbers' declares it, does not carry"));

    [Fact]
    public Task FAUST3004_near_miss_results_the_sink_carries() => Verify.CleanAsync("""
        [App("sinks")]
        public partial class Sinks
        {
            [Topic("numbers")] public partial Topic<string, long> Numbers { get; }

            [Agent("words", Sinks = new[] { "audit", "numbers" })]
            public async IAsyncEnumerable<long> Lengths(IAgentStream<string> words)
            {
                await foreach (var word in words)
                {
                    yield return word.Length;
                }
            }
        }
        """);

    [Fact]
    public Task FAUST3004_results_a_sink_agent_does_not_take() => Verify.AnalyzerAsync("""
        [App("sink-agents")]
        public partial class SinkAgents
        {
            [Agent("words", Sinks = new[] { {|#0:"Count"|} })]
            public async IAsyncEnumerable<string> Words(IAgentStream<string> words)
            {
                await foreach (var word in words)
                {
                    yield return word;
                }
            }

            [Agent("numbers")]
            public void Count(long number) { }
        }
        """,
        Diagnostic(DiagnosticIds.SinkTypes, 0).WithArguments("Words", "Count", "the agent yields values that sink agent 'Count' (reading topic 'numbers') does not take"));

    [Fact]
    public Task FAUST3004_near_miss_a_sink_agent_that_takes_the_results() => Verify.CleanAsync("""
        [App("sink-agents")]
        public partial class SinkAgents
        {
            [Agent("words", Sinks = new[] { "Count" })]
            public async IAsyncEnumerable<long> Lengths(IAgentStream<string> words)
            {
                await foreach (var word in words)
                {
                    yield return word.Length;
                }
            }

            [Agent("numbers")]
            public void Count(long number) { }
        }
        """);

    [Fact]
    public Task FAUST3005_sinks_on_an_agent_that_yields_nothing() => Verify.AnalyzerAsync("""
        [App("sinks")]
        public partial class Sinks
        {
            [Agent("words", Sinks = {|#0:new[] { "out" }|})] public void SinksWithoutYield(string value) { }
        }
        """,
        Diagnostic(DiagnosticIds.SinksWithoutResults, 0).WithArguments("SinksWithoutYield"));

    [Fact]
    public Task FAUST3005_near_miss_empty_or_null_sinks() => Verify.CleanAsync("""
        [App("sinks")]
        public partial class Sinks
        {
            [Agent("words", Sinks = new string[0])] public void Empty(string value) { }
            [Agent("other", Sinks = null)] public void Null(string value) { }
        }
        """);

    [Fact]
    public Task FAUST3006_concurrency_below_one() => Verify.AnalyzerAsync("""
        [App("concurrency")]
        public partial class Concurrency
        {
            [Agent("a", Concurrency = {|#0:0|})] public void None(string value) { }
            [Agent("b", Concurrency = {|#1:-2|})] public void Negative(string value) { }
        }
        """,
        Diagnostic(DiagnosticIds.Concurrency, 0).WithArguments("None", "0"),
        Diagnostic(DiagnosticIds.Concurrency, 1).WithArguments("Negative", "-2"));

    [Fact]
    public Task FAUST3006_near_miss_concurrency_one_and_more() => Verify.CleanAsync("""
        [App("concurrency")]
        public partial class Concurrency
        {
            [Agent("a", Concurrency = 1)] public void One(string value) { }
            [Agent("b", Concurrency = 16)] public void Sixteen(string value) { }
        }
        """);

    [Fact]
    public Task FAUST3007_a_concurrent_agent_that_writes_to_a_table() => Verify.AnalyzerAsync("""
        [App("writes")]
        public partial class Writes
        {
            [Table("counts", Default = 0L)] public partial Table<string, long> Counts { get; }
            [Table("last")] public partial Table<string, string> Last { get; }
            [Table("seen")] public partial Table<string, bool> Seen { get; }

            [Agent("words", Concurrency = {|#0:4|})]
            public async Task Count(IAgentStream<string> words)
            {
                await foreach (var word in words)
                {
                    {|#1:Counts[word]|} += 1;
                    Counts[word] = 0;
                    {|#2:Last.Set(word, word)|};
                    Action forget = () => {|#3:Seen.Remove(word)|};
                }
            }
        }
        """,
        Diagnostic(DiagnosticIds.ConcurrentTableWrite, 0).WithLocation(1).WithArguments("Count", 4, "counts"),
        Diagnostic(DiagnosticIds.ConcurrentTableWrite, 0).WithLocation(2).WithArguments("Count", 4, "last"),
        Diagnostic(DiagnosticIds.ConcurrentTableWrite, 0).WithLocation(3).WithArguments("Count", 4, "seen"));

    [Fact]
    public Task FAUST3007_near_miss_reads_in_a_concurrent_agent_and_writes_in_a_single_one() => Verify.CleanAsync("""
        [App("reads")]
        public partial class Reads
        {
            [Table("counts", Default = 0L)] public partial Table<string, long> Counts { get; }

            [Agent("words", Concurrency = 4)]
            public void Read(string word)
            {
                var count = Counts[word];
                _ = Counts.TryGetValue(word, out count);
            }

            [Agent("other-words")]
            public void Write(string word) => Counts[word] += 1;
        }
        """);

    [Fact]
    public Task FAUST3008_a_concurrent_agent_that_repartitions() => Verify.AnalyzerAsync("""
        [App("regroup")]
        public partial class Regroup
        {
            [Agent("orders", Concurrency = {|#0:2|})]
            public async Task ByCustomer(IAgentStream<string, string> orders)
            {
                await foreach (var order in {|#1:orders.GroupBy(o => o.Length, "by-length")|})
                {
                }
            }
        }
        """,
        Diagnostic(DiagnosticIds.ConcurrentGroupBy, 0).WithLocation(1).WithArguments("ByCustomer", 2));

    [Fact]
    public Task FAUST3008_near_miss_repartitioning_alone_and_filtering_concurrently() => Verify.CleanAsync("""
        [App("regroup")]
        public partial class Regroup
        {
            [Agent("orders")]
            public async Task ByCustomer(IAgentStream<string, string> orders)
            {
                await foreach (var order in orders.GroupBy(o => o.Length, "by-length"))
                {
                }
            }

            [Agent("payments", Concurrency = 2)]
            public async Task Large(IAgentStream<string, string> payments)
            {
                await foreach (var payment in payments.Where(p => p.Length > 10))
                {
                }
            }
        }
        """);

    [Fact]
    public Task FAUST3009_two_agents_on_one_topic() => Verify.AnalyzerAsync("""
        [App("shared")]
        public partial class Shared
        {
            [Agent("orders")] public void Audit(string order) { }
            [Agent("orders")] public void {|#0:Ship|}(string order) { }
        }
        """,
        Diagnostic(DiagnosticIds.SharedTopic, 0).WithArguments("Ship", "Audit", "orders"));

    [Fact]
    public Task FAUST3009_near_miss_a_second_agent_named_on_purpose() => Verify.CleanAsync("""
        [App("shared")]
        public partial class Shared
        {
            [Agent("orders")] public void Audit(string order) { }
            [Agent("orders", Name = "shipping")] public void Ship(string order) { }
        }
        """);

    [Fact]
    public Task FAUST3010_two_agents_with_one_name() => Verify.AnalyzerAsync("""
        [App("names")]
        public partial class Names
        {
            [Agent("a")] public void Handle(string value) { }
            [Agent("b", Name = {|#0:"Handle"|})] public void Other(string value) { }
            [Agent("c")] public void {|#1:Handle|}(int value) { }
        }
        """,
        Diagnostic(DiagnosticIds.DuplicateAgentName, 0).WithArguments("Handle", "Handle"),
        Diagnostic(DiagnosticIds.DuplicateAgentName, 1).WithArguments("Handle", "Handle"));

    [Fact]
    public Task FAUST3010_near_miss_distinct_names() => Verify.CleanAsync("""
        [App("names")]
        public partial class Names
        {
            [Agent("a")] public void Handle(string value) { }
            [Agent("b", Name = "handle")] public void Other(string value) { }
        }
        """);

    [Fact]
    public Task FAUST3011_an_empty_agent_name() => Verify.AnalyzerAsync("""
        [App("names")]
        public partial class Names
        {
            [Agent("a", Name = {|#0:" "|})] public void Blank(string value) { }
            [Agent("b", Name = {|#1:null|})] public void Null(string value) { }
        }
        """,
        Diagnostic(DiagnosticIds.AgentName, 0).WithArguments("Blank"),
        Diagnostic(DiagnosticIds.AgentName, 1).WithArguments("Null"));

    [Fact]
    public Task FAUST3011_near_miss_a_one_letter_name() => Verify.CleanAsync("""
        [App("names")]
        public partial class Names
        {
            [Agent("a", Name = "x")] public void Handle(string value) { }
        }
        """);

    [Fact]
    public Task FAUST3012_an_error_policy_that_is_no_member() => Verify.AnalyzerAsync("""
        [App("policies")]
        public partial class Policies
        {
            [Agent("a", OnError = {|#0:(AgentErrorPolicy)42|})] public void Unknown(string value) { }
        }
        """,
        Diagnostic(DiagnosticIds.ErrorPolicy, 0).WithArguments("Unknown"));

    [Fact]
    public Task FAUST3012_near_miss_every_member() => Verify.CleanAsync("""
        [App("policies")]
        public partial class Policies
        {
            [Agent("a", OnError = AgentErrorPolicy.Skip)] public void Skip(string value) { }
            [Agent("b", OnError = (AgentErrorPolicy)1)] public void Stop(string value) { }
            [Agent("c", OnError = AgentErrorPolicy.DeadLetter)] public void DeadLetter(string value) { }
        }
        """);

    [Fact]
    public Task FAUST3013_a_dead_letter_topic_without_the_policy() => Verify.AnalyzerAsync("""
        [App("dead")]
        public partial class Dead
        {
            [Agent("a", DeadLetterTopic = {|#0:"a-dead"|})] public void Default(string value) { }
            [Agent("b", OnError = AgentErrorPolicy.Stop, DeadLetterTopic = {|#1:"b-dead"|})] public void Stops(string value) { }
        }
        """,
        Diagnostic(DiagnosticIds.DeadLetterWithoutPolicy, 0).WithArguments("Default", "Skip"),
        Diagnostic(DiagnosticIds.DeadLetterWithoutPolicy, 1).WithArguments("Stops", "Stop"));

    [Fact]
    public Task FAUST3013_near_miss_the_policy_with_or_without_a_topic() => Verify.CleanAsync("""
        [App("dead")]
        public partial class Dead
        {
            [Agent("a", OnError = AgentErrorPolicy.DeadLetter, DeadLetterTopic = "a-dead")] public void Named(string value) { }
            [Agent("b", OnError = AgentErrorPolicy.DeadLetter)] public void Derived(string value) { }
        }
        """);
}
