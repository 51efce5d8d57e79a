using FaustGen.Analyzers.CodeFixes;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.Testing;

namespace FaustGen.Analyzers.Tests;

/// <summary>Each code fix: the code it fixes, and the code it leaves, which the analyzers must find clean.</summary>
public sealed class CodeFixTests
{
    private static DiagnosticResult Diagnostic(string id, int location) => Verify.Diagnostic(id).WithLocation(location);

    [Fact]
    public Task MakePartialFix_makes_the_app_and_its_container_partial() => Verify.FixAsync<MakePartialFix>("""
        [App("orders")]
        public sealed class {|#0:Orders|}
        {
        }

        class {|#1:Outer|}
        {
            [App("inner")]
            public partial class Inner
            {
            }
        }
        """, """
        [App("orders")]
        public sealed partial class Orders
        {
        }

        partial class Outer
        {
            [App("inner")]
            public partial class Inner
            {
            }
        }
        """,
        Diagnostic(DiagnosticIds.AppNotPartial, 0).WithArguments("Orders", "Orders"),
        Diagnostic(DiagnosticIds.AppNotPartial, 1).WithArguments("Outer", "Inner"));

    [Fact]
    public async Task MakePartialFix_fixes_what_the_generator_reports()
    {
        // The testing library applies fixes to what analyzers report; an IDE offers them for a generator's diagnostics too,
        // in the document whose path the diagnostic names.
        const string Source = """
            using FaustGen;
            [App("orders")]
            public sealed class Orders
            {
                [Topic("orders")] public partial Topic<string, string> Placed { get; }
            }
            """;
        var diagnostic = (await Compiler.BuildAsync(Source)).First();
        Assert.Equal(DiagnosticIds.AppNotPartial, diagnostic.Id);

        using var workspace = new AdhocWorkspace();
        var document = workspace.AddProject("Input", LanguageNames.CSharp).AddDocument("Input0.cs", Source, filePath: "Input0.cs");
        var actions = new List<CodeAction>();
        await new MakePartialFix().RegisterCodeFixesAsync(new CodeFixContext(document, diagnostic, (action, _) => actions.Add(action), CancellationToken.None));
        var operations = await Assert.Single(actions).GetOperationsAsync(CancellationToken.None);

        var fixedDocument = Assert.Single(operations.OfType<ApplyChangesOperation>()).ChangedSolution.GetDocument(document.Id)!;
        Assert.Contains("public sealed partial class Orders", (await fixedDocument.GetTextAsync()).ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public Task PartialPropertyFix_makes_topic_and_table_properties_partial_and_get_only() => Verify.FixAsync<PartialPropertyFix>("""
        [App("properties")]
        public partial class Properties
        {
            [Topic("plain")] public Topic<string, string>? {|#0:Plain|} { get; }
            [Topic("setter")] public partial Topic<string, string> {|#1:WithSetter|} { get; set; }
            [Table("body")] Table<string, long> {|#2:Body|} => null!;
            [Table("initialized")]
            internal Table<string, long> {|#3:Initialized|} { get; } = null!; // kept
        }
        """, """
        [App("properties")]
        public partial class Properties
        {
            [Topic("plain")] public partial Topic<string, string> Plain { get; }
            [Topic("setter")] public partial Topic<string, string> WithSetter { get; }
            [Table("body")] partial Table<string, long> Body { get; }
            [Table("initialized")]
            internal partial Table<string, long> Initialized { get; } // kept
        }
        """,
        Diagnostic(DiagnosticIds.TopicPropertyNotPartial, 0).WithArguments("Plain"),
        Diagnostic(DiagnosticIds.TopicPropertyNotPartial, 1).WithArguments("WithSetter"),
        Diagnostic(DiagnosticIds.TablePropertyNotPartial, 2).WithArguments("Body"),
        Diagnostic(DiagnosticIds.TablePropertyNotPartial, 3).WithArguments("Initialized"));

    [Fact]
    public Task ReplaceLiteralFix_replaces_invalid_characters_in_topic_and_table_names() => Verify.FixAsync<ReplaceLiteralFix>("""
        [App("names")]
        public partial class Names
        {
            [Table({|#0:"word counts"|})] public partial Table<string, long> Counts { get; }
            [Agent({|#1:"orders/eu"|})] public void Handle(string value) { }
            [Agent("payments", OnError = AgentErrorPolicy.DeadLetter, DeadLetterTopic = {|#2:"dead letters!"|})] public void Pay(string value) { }
        }
        """, """
        [App("names")]
        public partial class Names
        {
            [Table("word-counts")] public partial Table<string, long> Counts { get; }
            [Agent("orders-eu")] public void Handle(string value) { }
            [Agent("payments", OnError = AgentErrorPolicy.DeadLetter, DeadLetterTopic = "dead-letters-")] public void Pay(string value) { }
        }
        """,
        Diagnostic(DiagnosticIds.TableName, 0).WithArguments("word counts", "' ' at position 4 is not allowed; use only letters, digits, '.', '_' and '-'"),
        Diagnostic(DiagnosticIds.TopicName, 1).WithArguments("orders/eu", "'/' at position 6 is not allowed; use only letters, digits, '.', '_' and '-'"),
        Diagnostic(DiagnosticIds.TopicName, 2).WithArguments("dead letters!", "' ' at position 4 is not allowed; use only letters, digits, '.', '_' and '-'"));

    [Fact]
    public Task ReplaceLiteralFix_offers_nothing_for_a_name_it_cannot_mend_or_a_constant() => Verify.NoFixAsync<ReplaceLiteralFix>("""
        [App("names")]
        public partial class Names
        {
            private const string Bad = "bad name";

            [Topic({|#0:".."|})] public partial Topic<string, string> Dots { get; }
            [Topic({|#1:Bad|})] public partial Topic<string, string> Constant { get; }
        }
        """,
        Diagnostic(DiagnosticIds.TopicName, 0).WithArguments("..", "'.' and '..' are not topic names"),
        Diagnostic(DiagnosticIds.TopicName, 1).WithArguments("bad name", "' ' at position 3 is not allowed; use only letters, digits, '.', '_' and '-'"));

    [Fact]
    public Task ReplaceLiteralFix_picks_the_nearest_codec_name_for_each_part() => Verify.FixAsync<ReplaceLiteralFix>("""
        [App("codecs", ValueSerializer = {|#0:"jsno"|})]
        public partial class Codecs
        {
            [Topic("a", ValueSerializer = {|#1:"msgpak|bniary"|})] public partial Topic<string, string> A { get; }
        }
        """, """
        [App("codecs", ValueSerializer = "json")]
        public partial class Codecs
        {
            [Topic("a", ValueSerializer = "msgpack|binary")] public partial Topic<string, string> A { get; }
        }
        """,
        Diagnostic(DiagnosticIds.CodecName, 0).WithArguments("jsno", "unknown codec 'jsno'; did you mean 'json'?"),
        Diagnostic(DiagnosticIds.CodecName, 1).WithArguments("msgpak|bniary", "unknown codec 'msgpak'; did you mean 'msgpack'?"));

    [Fact]
    public Task ReturnTypeFix_returns_Task_from_async_void_and_async_ValueTask_stream_agents() => Verify.FixAsync<ReturnTypeFix>("""
        [App("returns")]
        public partial class Returns
        {
            [Agent("a")] public async void {|#0:Handle|}(string value) => await Task.Yield();
            [Timer(5)] public async void {|#1:Tick|}() => await Task.Yield();

            [Agent("b")]
            public async ValueTask {|#2:Read|}(IAgentStream<string> values)
            {
                await foreach (var value in values)
                {
                }
            }
        }
        """, """
        [App("returns")]
        public partial class Returns
        {
            [Agent("a")] public async Task Handle(string value) => await Task.Yield();
            [Timer(5)] public async Task Tick() => await Task.Yield();

            [Agent("b")]
            public async Task Read(IAgentStream<string> values)
            {
                await foreach (var value in values)
                {
                }
            }
        }
        """,
        Diagnostic(DiagnosticIds.AsyncVoid, 0).WithArguments("Handle"),
        Diagnostic(DiagnosticIds.AsyncVoid, 1).WithArguments("Tick"),
        Diagnostic(DiagnosticIds.AgentSignature, 2).WithArguments("Read", "an agent that reads a stream returns Task, or IAsyncEnumerable<R> to yield results"));

    [Fact]
    public Task AgentAttributeFix_sets_the_dead_letter_policy() => Verify.FixAsync<AgentAttributeFix>("""
        [App("dead")]
        public partial class Dead
        {
            [Agent("a", DeadLetterTopic = {|#0:"a-dead"|})] public void Default(string value) { }
            [Agent("b", OnError = AgentErrorPolicy.Stop, DeadLetterTopic = {|#1:"b-dead"|})] public void Stops(string value) { }
        }
        """, """
        [App("dead")]
        public partial class Dead
        {
            [Agent("a", DeadLetterTopic = "a-dead", OnError = AgentErrorPolicy.DeadLetter)] public void Default(string value) { }
            [Agent("b", OnError = AgentErrorPolicy.DeadLetter, DeadLetterTopic = "b-dead")] public void Stops(string value) { }
        }
        """,
        Diagnostic(DiagnosticIds.DeadLetterWithoutPolicy, 0).WithArguments("Default", "Skip"),
        Diagnostic(DiagnosticIds.DeadLetterWithoutPolicy, 1).WithArguments("Stops", "Stop"));

    [Fact]
    public Task AgentAttributeFix_drops_the_concurrency_of_an_agent_that_writes_or_repartitions() => Verify.FixAsync<AgentAttributeFix>("""
        [App("writes")]
        public partial class Writes
        {
            [Table("counts", Default = 0L)] public partial Table<string, long> Counts { get; }

            [Agent("words", Concurrency = {|#0:4|}, Name = "count")]
            public void Count(string word) => {|#1:Counts[word]|} += 1;

            [Agent("orders", Concurrency = {|#2:2|})]
            public async Task Regroup(IAgentStream<string, string> orders)
            {
                await foreach (var order in {|#3:orders.GroupBy(o => o.Length, "by-length")|})
                {
                }
            }
        }
        """, """
        [App("writes")]
        public partial class Writes
        {
            [Table("counts", Default = 0L)] public partial Table<string, long> Counts { get; }

            [Agent("words", Name = "count")]
            public void Count(string word) => Counts[word] += 1;

            [Agent("orders")]
            public async Task Regroup(IAgentStream<string, string> orders)
            {
                await foreach (var order in orders.GroupBy(o => o.Length, "by-length"))
                {
                }
            }
        }
        """,
        Diagnostic(DiagnosticIds.ConcurrentTableWrite, 0).WithLocation(1).WithArguments("Count", 4, "counts"),
        Diagnostic(DiagnosticIds.ConcurrentGroupBy, 2).WithLocation(3).WithArguments("Regroup", 2));
}
