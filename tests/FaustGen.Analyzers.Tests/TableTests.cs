using Microsoft.CodeAnalysis.Testing;

namespace FaustGen.Analyzers.Tests;

/// <summary>FAUST5xxx: tables.</summary>
public sealed class TableTests
{
    private static DiagnosticResult Diagnostic(string id, int location) => Verify.Diagnostic(id).WithLocation(location);

    [Fact]
    public Task FAUST5001_table_names_that_make_bad_changelog_names() => Verify.AnalyzerAsync($$"""
        [App("tables")]
        public partial class Tables
        {
            [Table({|#0:"word counts"|})] public partial Table<string, long> Spaced { get; }
            [Table({|#1:""|})] public partial Table<string, long> Empty { get; }
            [Table({|#2:"{{new string('t', 240)}}"|})] public partial Table<string, long> TooLongWithTheId { get; }
        }
        """,
        Diagnostic(DiagnosticIds.TableName, 0).WithArguments("word counts", "' ' at position 4 is not allowed; use only letters, digits, '.', '_' and '-'"),
        Diagnostic(DiagnosticIds.TableName, 1).WithArguments("", "a topic name must not be empty"),
        Diagnostic(DiagnosticIds.TableName, 2).WithArguments(new string('t', 240),
            "its changelog topic 'tables-" + new string('t', 240) + "-changelog' is invalid: a topic name has at most 249 characters, this one has 257"));

    [Fact]
    public Task FAUST5001_near_miss_names_that_fit() => Verify.CleanAsync($$"""
        [App("tables")]
        public partial class Tables
        {
            [Table("word-counts.v2")] public partial Table<string, long> Counts { get; }
            [Table("{{new string('t', 232)}}")] public partial Table<string, long> Longest { get; }
        }
        """);

    [Fact]
    public Task FAUST5002_table_properties_that_are_not_partial_get_only() => Verify.AnalyzerAsync("""
        [App("tables")]
        public partial class Tables
        {
            [Table("plain")] public Table<string, long>? {|#0:Plain|} { get; }
            [Table("body")] public Table<string, long> {|#1:Body|} => null!;
        }
        """,
        Diagnostic(DiagnosticIds.TablePropertyNotPartial, 0).WithArguments("Plain"),
        Diagnostic(DiagnosticIds.TablePropertyNotPartial, 1).WithArguments("Body"));

    [Fact]
    public Task FAUST5002_near_miss_a_partial_get_only_table() => Verify.CleanAsync("""
        [App("tables")]
        public partial class Tables
        {
            [Table("plain")] private partial Table<string, long> Plain { get; }
        }
        """);

    [Fact]
    public Task FAUST5003_table_properties_of_another_type_or_static() => Verify.AnalyzerAsync("""
        [App("tables")]
        public partial class Tables
        {
            [Table("topic")] public partial Topic<string, long> {|#0:WrongType|} { get; }
            [Table("static")] public static partial Table<string, long> {|#1:Static|} { get; }
        }
        """,
        Diagnostic(DiagnosticIds.TablePropertyType, 0).WithArguments("WrongType", "the property's type must be Table<K, V>"),
        Diagnostic(DiagnosticIds.TablePropertyType, 1).WithArguments("Static", "the property must be an instance property with a name (not static, an indexer or an interface implementation)"));

    [Fact]
    public Task FAUST5003_near_miss_tables_of_any_carried_types() => Verify.CleanAsync("""
        [App("tables", KeySerializer = "json")]
        public partial class Tables
        {
            [Table("by-id")] public partial Table<Guid, decimal> ById { get; }
            [Table("by-day")] public partial Table<DateTimeOffset, int?> ByDay { get; }
        }
        """);

    [Fact]
    public Task FAUST5004_defaults_of_the_wrong_type() => Verify.AnalyzerAsync("""
        [App("defaults")]
        public partial class Defaults
        {
            [Table("text", Default = {|#0:"zero"|})] public partial Table<string, long> Text { get; }
            [Table("narrowed", Default = {|#1:1.5|})] public partial Table<string, int> Narrowed { get; }
            [Table("overflow", Default = {|#2:300|})] public partial Table<string, byte> Overflow { get; }
            [Table("null", Default = {|#3:null|})] public partial Table<string, string> NullForNonNullable { get; }
            [Table("array", Default = {|#4:new[] { 1 }|})] public partial Table<string, int[]> Array { get; }
            [Table("enum", Default = {|#5:DayOfWeek.Monday|})] public partial Table<string, int> Enum { get; }
        }
        """,
        Diagnostic(DiagnosticIds.TableDefault, 0).WithArguments("text", "the default of type String is not a Int64"),
        Diagnostic(DiagnosticIds.TableDefault, 1).WithArguments("narrowed", "the default of type Double is not a Int32"),
        Diagnostic(DiagnosticIds.TableDefault, 2).WithArguments("overflow", "the default of type Int32 is not a Byte"),
        Diagnostic(DiagnosticIds.TableDefault, 3).WithArguments("null", "null is not a value of the non-nullable String"),
        Diagnostic(DiagnosticIds.TableDefault, 4).WithArguments("array", "the default must be a constant of the table's value type"),
        Diagnostic(DiagnosticIds.TableDefault, 5).WithArguments("enum", "the default of type DayOfWeek is not a Int32"));

    [Fact]
    public Task FAUST5004_near_miss_defaults_C_sharp_converts_implicitly() => Verify.CleanAsync("""
        [App("defaults")]
        public partial class Defaults
        {
            [Table("widened", Default = 1)] public partial Table<string, long> Widened { get; }
            [Table("byte", Default = 255)] public partial Table<string, byte> Byte { get; }
            [Table("char", Default = 'a')] public partial Table<string, int> Char { get; }
            [Table("nullable", Default = null)] public partial Table<string, string?> Nullable { get; }
            [Table("day", Default = DayOfWeek.Monday)] public partial Table<string, DayOfWeek> Day { get; }
            [Table("maybe", Default = 2.5)] public partial Table<string, double?> Maybe { get; }
        }
        """);

    [Fact]
    public Task FAUST5005_two_tables_with_one_name() => Verify.AnalyzerAsync("""
        [App("tables")]
        public partial class Tables
        {
            [Table("counts")] public partial Table<string, long> Counts { get; }
            [Table({|#0:"counts"|})] public partial Table<string, long> MoreCounts { get; }
        }
        """,
        Diagnostic(DiagnosticIds.DuplicateTable, 0).WithArguments("counts", "Counts"));

    [Fact]
    public Task FAUST5005_near_miss_names_that_differ_in_case() => Verify.CleanAsync("""
        [App("tables")]
        public partial class Tables
        {
            [Table("counts")] public partial Table<string, long> Counts { get; }
            [Table("Counts")] public partial Table<string, long> MoreCounts { get; }
        }
        """);

    [Fact]
    public Task FAUST5006_topics_that_write_to_a_changelog() => Verify.AnalyzerAsync("""
        [App("wc")]
        public partial class WordCount
        {
            [Table("counts")] public partial Table<string, long> Counts { get; }
            [Topic({|#0:"wc-counts-changelog"|}, Internal = true)] public partial Topic<string, long> Changelog { get; }

            [Agent("lines", Sinks = new[] { {|#1:"wc-counts-changelog"|} })]
            public async IAsyncEnumerable<long> Lines(IAgentStream<string> lines)
            {
                await foreach (var line in lines)
                {
                    yield return line.Length;
                }
            }

            [Agent("words", OnError = AgentErrorPolicy.DeadLetter, DeadLetterTopic = {|#2:"wc-counts-changelog"|})]
            public void Words(string word) { }
        }
        """,
        Diagnostic(DiagnosticIds.ChangelogCollision, 0).WithArguments("wc-counts-changelog", "counts", "the internal topic declared by 'Changelog'"),
        Diagnostic(DiagnosticIds.ChangelogCollision, 1).WithArguments("wc-counts-changelog", "counts", "a sink of agent 'Lines'"),
        Diagnostic(DiagnosticIds.ChangelogCollision, 2).WithArguments("wc-counts-changelog", "counts", "the dead-letter topic of agent 'Words'"));

    [Fact]
    public Task FAUST5006_near_miss_an_agent_that_reads_a_changelog() => Verify.CleanAsync("""
        [App("wc")]
        public partial class WordCount
        {
            [Table("counts")] public partial Table<string, long> Counts { get; }
            [Topic("wc-counts-changelog")] public partial Topic<string, long> Changelog { get; }

            [Agent("wc-counts-changelog")] public void Watch(string word, long count) { }
        }
        """);

    [Fact]
    public Task FAUST5007_changelogs_of_two_apps_that_collide() => Verify.AnalyzerAsync("""
        [App("orders")]
        public partial class Orders
        {
            [Table("eu-totals")] public partial Table<string, long> EuTotals { get; }
        }

        [App("orders-eu")]
        public partial class EuOrders
        {
            [Table({|#0:"totals"|})] public partial Table<string, long> Totals { get; }
        }
        """,
        Diagnostic(DiagnosticIds.ChangelogCollisionAcrossApps, 0).WithArguments("orders-eu-totals-changelog", "totals", "eu-totals", "orders"));

    [Fact]
    public Task FAUST5007_near_miss_two_apps_with_the_same_table_name() => Verify.CleanAsync("""
        [App("orders")]
        public partial class Orders
        {
            [Table("totals")] public partial Table<string, long> Totals { get; }
        }

        [App("orders-eu")]
        public partial class EuOrders
        {
            [Table("totals")] public partial Table<string, long> Totals { get; }
        }
        """);

    [Fact]
    public Task FAUST5011_tables_changed_in_timers_startup_tasks_and_other_members() => Verify.AnalyzerAsync("""
        [App("writes")]
        public partial class Writes
        {
            private readonly Dictionary<string, long> cache = new();

            [Table("counts", Default = 0L)] public partial Table<string, long> Counts { get; }
            [WindowedTable("per-minute", Size = 60)] public partial WindowedTable<string, long> PerMinute { get; }
            [SetTable("seen")] public partial SetTable<string, string> Seen { get; }

            [Timer(10)]
            public void Tick()
            {
                {|#0:Counts["ticks"]|} += 1;
                {|#1:Counts["ticks"]|}++;
                {|#2:PerMinute.Update("ticks", n => n + 1)|};
                cache["ticks"] = Counts["ticks"];
            }

            [Timer(60)]
            public void Reset() => Array.ForEach(new[] { "a", "b" }, key => {|#3:Counts.Remove(key)|});

            [StartupTask]
            public async Task Seed(CancellationToken cancellationToken)
            {
                await Task.Yield();
                {|#4:Seen.Add("startup", "seeded")|};
                void Local() => {|#5:Counts.Set("startup", 1)|};
                Local();
            }

            public void Bump(string key) => {|#6:Counts[key]|} = 2;

            public long Total
            {
                get => Counts["total"];
                set => {|#7:Counts["total"]|} = value;
            }

            // Called from an agent, but from a timer too.
            private void Mark(string key) => {|#8:Seen.Discard(key, "x")|};

            [Agent("words")]
            public void Count(string word)
            {
                Bump(word);
                Mark(word);
            }

            [Timer(5)]
            public void Sweep() => Mark("swept");
        }
        """,
        Diagnostic(DiagnosticIds.TableWriteOutsideAgent, 0).WithArguments("Tick", "counts"),
        Diagnostic(DiagnosticIds.TableWriteOutsideAgent, 1).WithArguments("Tick", "counts"),
        Diagnostic(DiagnosticIds.TableWriteOutsideAgent, 2).WithArguments("Tick", "per-minute"),
        Diagnostic(DiagnosticIds.TableWriteOutsideAgent, 3).WithArguments("Reset", "counts"),
        Diagnostic(DiagnosticIds.TableWriteOutsideAgent, 4).WithArguments("Seed", "seen"),
        Diagnostic(DiagnosticIds.TableWriteOutsideAgent, 5).WithArguments("Seed", "counts"),
        Diagnostic(DiagnosticIds.TableWriteOutsideAgent, 6).WithArguments("Bump", "counts"),
        Diagnostic(DiagnosticIds.TableWriteOutsideAgent, 7).WithArguments("Total", "counts"),
        Diagnostic(DiagnosticIds.TableWriteOutsideAgent, 8).WithArguments("Mark", "seen"));

    [Fact]
    public Task FAUST5011_near_miss_changes_in_agents_of_every_shape_and_reads_elsewhere() => Verify.CleanAsync("""
        [App("writes")]
        public partial class Writes
        {
            private readonly Dictionary<string, long> cache = new();

            [Topic("totals")] public partial Topic<string, long> Totals { get; }
            [Table("counts", Default = 0L)] public partial Table<string, long> Counts { get; }
            [WindowedTable("per-minute", Size = 60, Expires = 600, OnWindowClose = nameof(Closed))] public partial WindowedTable<string, long> PerMinute { get; }
            [SetTable("seen")] public partial SetTable<string, string> Seen { get; }
            [GlobalTable("settings")] public partial GlobalTable<string, string> Settings { get; }

            [Agent("words")]
            public void PerEvent(string key, string word)
            {
                Counts[key] += 1;
                Counts[key]++;
                PerMinute.Update(key, n => n + 1);
                Array.ForEach(new[] { word }, w => Seen.Add(key, w));
                Remember(key);
            }

            [Agent("events")]
            public Task PerEventRecord(Event<string, string> e)
            {
                Counts.Set(e.Key, 0);
                return Task.CompletedTask;
            }

            [Agent("lines")]
            public async Task Stream(IAgentStream<string> lines)
            {
                await foreach (var line in lines)
                {
                    Counts.Remove(line);
                    void Local() => Seen.Discard(line, line);
                    Local();
                }
            }

            [Agent("orders", Sinks = new[] { "totals" })]
            public async IAsyncEnumerable<long> Yielding(IAgentStream<string> orders)
            {
                await foreach (var order in orders)
                {
                    Counts[order] += 1;
                    yield return Counts[order];
                }
            }

            // Only agents call it, directly or through another private method.
            private void Remember(string key) => Forget(key);

            private void Forget(string key) => Seen.Discard(key, key);

            // Called as an agent's write closes windows.
            private void Closed(string key, WindowRange window, long value) => Counts[key] = value;

            [Timer(10)]
            public async Task Report()
            {
                cache["total"] = Counts["total"];
                _ = Counts.TryGetValue("total", out var total) && Seen.Contains("a", "b") && PerMinute["a"].Now() > total;
                Settings["mode"] = "fast";
                Settings.Remove("old");
                await Totals.SendAsync("total", total);
            }
        }
        """);
}
