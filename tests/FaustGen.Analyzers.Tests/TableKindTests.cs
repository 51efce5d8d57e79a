using Microsoft.CodeAnalysis.Testing;

namespace FaustGen.Analyzers.Tests;

/// <summary>FAUST5008-5010 and the shared rules as they apply to windowed, global and set tables.</summary>
public sealed class TableKindTests
{
    private static DiagnosticResult Diagnostic(string id, int location) => Verify.Diagnostic(id).WithLocation(location);

    [Fact]
    public Task FAUST5008_windows_that_cannot_be_kept() => Verify.AnalyzerAsync("""
        [App("windows")]
        public partial class Windows
        {
            [{|#0:WindowedTable("unsized")|}] public partial WindowedTable<string, long> Unsized { get; }
            [WindowedTable("long-step", Window = WindowKind.Hopping, Size = 10, Step = {|#1:11|})] public partial WindowedTable<string, long> LongStep { get; }
            [WindowedTable("short-lived", Size = 60, Expires = {|#2:30|})] public partial WindowedTable<string, long> ShortLived { get; }
            [{|#3:WindowedTable("no-step", Window = WindowKind.Hopping, Size = 60)|}] public partial WindowedTable<string, long> NoStep { get; }
            [WindowedTable("tumbling-step", Size = 60, Step = {|#4:30|})] public partial WindowedTable<string, long> TumblingStep { get; }
            [WindowedTable("fine", Window = WindowKind.Sliding, Size = 600, Step = {|#5:1|})] public partial WindowedTable<string, long> Fine { get; }
            [WindowedTable("sliding", Window = WindowKind.Sliding, Size = 10, Expires = {|#6:15|})] public partial WindowedTable<string, long> Sliding { get; }
            [WindowedTable("fraction", Size = {|#7:0.0005|})] public partial WindowedTable<string, long> Fraction { get; }
            [WindowedTable("negative", Size = {|#8:-1|})] public partial WindowedTable<string, long> Negative { get; }
        }
        """,
        Diagnostic(DiagnosticIds.Window, 0).WithArguments("unsized", "the size must be 1 ms or more"),
        Diagnostic(DiagnosticIds.Window, 1).WithArguments("long-step", "the step (11 s) must not exceed the size (10 s)"),
        Diagnostic(DiagnosticIds.Window, 2).WithArguments("short-lived", "windows would expire (after 30 s) before they end; keep them at least 60 s"),
        Diagnostic(DiagnosticIds.Window, 3).WithArguments("no-step", "a hopping window needs a step"),
        Diagnostic(DiagnosticIds.Window, 4).WithArguments("tumbling-step", "a tumbling window has no step; windows that start every step are hopping windows"),
        Diagnostic(DiagnosticIds.Window, 5).WithArguments("fine", "a step of 1 s puts every event into 1200 windows of 1200 s; at most 1000 are allowed, so make the step longer"),
        Diagnostic(DiagnosticIds.Window, 6).WithArguments("sliding", "windows would expire (after 15 s) before they end; keep them at least 20 s"),
        Diagnostic(DiagnosticIds.Window, 7).WithArguments("fraction", "a window duration must be a whole number of milliseconds"),
        Diagnostic(DiagnosticIds.Window, 8).WithArguments("negative", "a duration must be a finite number of seconds, 0 or more"));

    [Fact]
    public Task FAUST5008_near_miss_windows_kept_as_long_as_they_last() => Verify.CleanAsync("""
        [App("windows")]
        public partial class Windows
        {
            [WindowedTable("tumbling", Size = 60, Expires = 60, Default = 0L)] public partial WindowedTable<string, long> Tumbling { get; }
            [WindowedTable("hopping", Window = WindowKind.Hopping, Size = 10, Step = 0.01, Expires = 3600)] public partial WindowedTable<string, long> Hopping { get; }
            [WindowedTable("sliding", Window = WindowKind.Sliding, Size = 10, Expires = 20)] public partial WindowedTable<string, long> Sliding { get; }
            [WindowedTable("forever", Size = 0.001)] public partial WindowedTable<string, long> Forever { get; }
        }
        """);

    [Fact]
    public Task FAUST5009_times_that_cannot_be_read() => Verify.AnalyzerAsync("""
        [Record] public sealed partial record View(string Page, DateTimeOffset At);

        [App("views")]
        public partial class Views
        {
            [WindowedTable("missing", Size = 60, RelativeToField = {|#0:"At"|})] public partial WindowedTable<string, long> Missing { get; }
            [WindowedTable("wrong", Size = 60, RelativeToField = {|#1:nameof(Seconds)|})] public partial WindowedTable<string, long> Wrong { get; }
            [WindowedTable("both", Size = 60, RelativeToNow = true, RelativeToField = {|#2:nameof(TimeOf)|})] public partial WindowedTable<string, long> Both { get; }

            private static double Seconds(View view) => view.At.ToUnixTimeSeconds();

            private static DateTimeOffset TimeOf(View view) => view.At;
        }
        """,
        Diagnostic(DiagnosticIds.WindowTime, 0).WithArguments("missing", "'At' names no method of 'Views' that takes an event's value and returns DateTimeOffset"),
        Diagnostic(DiagnosticIds.WindowTime, 1).WithArguments("wrong", "'Seconds' names no method of 'Views' that takes an event's value and returns DateTimeOffset"),
        Diagnostic(DiagnosticIds.WindowTime, 2).WithArguments("both", "RelativeToNow and RelativeToField both choose the time events are filed under; keep one"));

    [Fact]
    public Task FAUST5009_near_miss_a_field_read_by_a_static_or_an_instance_method_and_the_clock() => Verify.CleanAsync("""
        [Record] public sealed partial record View(string Page, DateTimeOffset At);

        [App("views")]
        public partial class Views
        {
            [WindowedTable("by-field", Size = 60, RelativeToField = nameof(TimeOf))] public partial WindowedTable<string, long> ByField { get; }
            [WindowedTable("by-instance", Size = 60, RelativeToField = nameof(Shifted))] public partial WindowedTable<string, long> ByInstance { get; }
            [WindowedTable("by-clock", Size = 60, RelativeToNow = true)] public partial WindowedTable<string, long> ByClock { get; }

            private static DateTimeOffset TimeOf(View view) => view.At;

            private DateTimeOffset Shifted(View view) => view.At.AddHours(1);

            [Agent("views")]
            public void Count(View view)
            {
                ByField.Update(view.Page, count => count + 1);
                ByInstance.Update(view.Page, count => count + 1);
                ByClock.Update(view.Page, count => count + 1);
            }
        }
        """);

    [Fact]
    public Task FAUST5010_close_handlers_that_do_not_fit_or_are_never_called() => Verify.AnalyzerAsync("""
        [App("closing")]
        public partial class Closing
        {
            [WindowedTable("missing", Size = 60, Expires = 120, OnWindowClose = {|#0:"Close"|})] public partial WindowedTable<string, long> Missing { get; }
            [WindowedTable("wrong", Size = 60, Expires = 120, OnWindowClose = {|#1:nameof(Wrong)|})] public partial WindowedTable<string, long> WrongValue { get; }
            [WindowedTable("forever", Size = 60, OnWindowClose = {|#2:nameof(Closed)|})] public partial WindowedTable<string, long> Forever { get; }

            private void Wrong(string key, WindowRange window, int value) { }

            private void Closed(string key, WindowRange window, long value) { }
        }
        """,
        Diagnostic(DiagnosticIds.WindowCloseHandler, 0).WithArguments("missing", "'Close' names no method of 'Closing' of the form void Close(string key, WindowRange window, long value)"),
        Diagnostic(DiagnosticIds.WindowCloseHandler, 1).WithArguments("wrong", "'Wrong' names no method of 'Closing' of the form void Wrong(string key, WindowRange window, long value)"),
        Diagnostic(DiagnosticIds.WindowCloseHandler, 2).WithArguments("forever", "windows that never expire never close, so it would never be called; set Expires"));

    [Fact]
    public Task FAUST5010_near_miss_a_handler_of_windows_that_expire() => Verify.CleanAsync("""
        [App("closing")]
        public partial class Closing
        {
            [WindowedTable("counts", Size = 60, Expires = 120, OnWindowClose = nameof(Closed))] public partial WindowedTable<string, long> Counts { get; }
            [Topic("totals")] public partial Topic<string, long> Totals { get; }

            private void Closed(string key, WindowRange window, long value) => Totals.SendSoon(key, value);
        }
        """);

    [Fact]
    public Task FAUST5003_table_kinds_on_properties_of_another_kind() => Verify.AnalyzerAsync("""
        [App("kinds")]
        public partial class Kinds
        {
            [WindowedTable("windowed", Size = 60)] public partial Table<string, long> {|#0:Windowed|} { get; }
            [GlobalTable("global")] public partial Table<string, long> {|#1:Global|} { get; }
            [SetTable("set")] public partial WindowedTable<string, string> {|#2:Set|} { get; }
            [Table("plain")] public partial SetTable<string, string> {|#3:Plain|} { get; }
        }
        """,
        Diagnostic(DiagnosticIds.TablePropertyType, 0).WithArguments("Windowed", "the property's type must be WindowedTable<K, V>"),
        Diagnostic(DiagnosticIds.TablePropertyType, 1).WithArguments("Global", "the property's type must be GlobalTable<K, V>"),
        Diagnostic(DiagnosticIds.TablePropertyType, 2).WithArguments("Set", "the property's type must be SetTable<K, V>"),
        Diagnostic(DiagnosticIds.TablePropertyType, 3).WithArguments("Plain", "the property's type must be Table<K, V>"));

    [Fact]
    public Task FAUST5003_near_miss_each_kind_on_its_own_type() => Verify.CleanAsync("""
        [App("kinds")]
        public partial class Kinds
        {
            [WindowedTable("windowed", Window = WindowKind.Hopping, Size = 60, Step = 10, Expires = 600, Default = 0L, Help = "per minute")]
            public partial WindowedTable<string, long> Windowed { get; }

            [GlobalTable("global", Default = "none", Partitions = 1)] public partial GlobalTable<string, string> Global { get; }

            [SetTable("set", MemberSerializer = "json", KeySerializer = "raw")] public partial SetTable<string, int> Set { get; }

            [Agent("events")]
            public void Handle(string value)
            {
                Windowed.Update(value, count => count + 1);
                Set.Add(value, Windowed[value].Current() > 1 ? 1 : 0);
                _ = Global[value];
            }
        }
        """);

    [Fact]
    public Task FAUST3007_a_concurrent_agent_that_writes_to_a_windowed_or_a_set_table() => Verify.AnalyzerAsync("""
        [App("writes")]
        public partial class Writes
        {
            [WindowedTable("views", Size = 60)] public partial WindowedTable<string, long> Views { get; }
            [SetTable("tags")] public partial SetTable<string, string> Tags { get; }

            [Agent("pages", Concurrency = {|#0:4|})]
            public void Count(string page)
            {
                {|#1:Views.Update(page, count => count + 1)|};
                {|#2:Tags.Add(page, "seen")|};
            }
        }
        """,
        Diagnostic(DiagnosticIds.ConcurrentTableWrite, 0).WithLocation(2).WithArguments("Count", 4, "tags"),
        Diagnostic(DiagnosticIds.ConcurrentTableWrite, 0).WithLocation(1).WithArguments("Count", 4, "views"));

    [Fact]
    public Task FAUST3007_near_miss_a_concurrent_agent_that_reads_them_and_writes_a_global_table() => Verify.CleanAsync("""
        [App("writes")]
        public partial class Writes
        {
            [WindowedTable("views", Size = 60)] public partial WindowedTable<string, long> Views { get; }
            [SetTable("tags")] public partial SetTable<string, string> Tags { get; }
            [GlobalTable("latest")] public partial GlobalTable<string, long> Latest { get; }

            [Agent("pages", Concurrency = 4)]
            public void Count(string page)
            {
                Latest[page] = Views[page].Now() + (Tags.Contains(page, "seen") ? 1 : 0);
            }
        }
        """);

    [Fact]
    public Task FAUST1005_a_table_kind_outside_an_app() => Verify.AnalyzerAsync("""
        public partial class NotAnApp
        {
            [{|#0:GlobalTable("global")|}] public partial GlobalTable<string, long> Global { get; }
        }
        """,
        Diagnostic(DiagnosticIds.MemberOutsideApp, 0).WithArguments("GlobalTable", "Global", "NotAnApp"));
}
