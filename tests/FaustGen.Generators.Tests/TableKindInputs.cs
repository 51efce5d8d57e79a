namespace FaustGen.Generators.Tests;

/// <summary>An app with a table of every kind beside <c>[Table]</c>: windowed (each kind of window and time), global and set.</summary>
internal static class TableKindInputs
{
    public const string TableKinds = """
        using System;
        using FaustGen;
        namespace Kinds;

        [Record] public sealed partial record View(string Page, DateTimeOffset At);

        [App("kinds", TopicPartitions = 4)]
        public partial class KindsApp
        {
            [WindowedTable("per-minute", Size = 60, Expires = 3600, Default = 0L, Help = "Views per minute")]
            public partial WindowedTable<string, long> PerMinute { get; }

            [WindowedTable("hopping", Window = WindowKind.Hopping, Size = 60, Step = 10, Expires = 600, RelativeToNow = true)]
            public partial WindowedTable<string, long> Hopping { get; }

            [WindowedTable("around", Window = WindowKind.Sliding, Size = 5, Step = 0.5, Expires = 10, RelativeToField = nameof(TimeOf), OnWindowClose = nameof(Closed))]
            internal partial WindowedTable<string, double> Around { get; }

            [WindowedTable("sliding", Window = WindowKind.Sliding, Size = 30, RelativeToField = nameof(Stamp), KeySerializer = "json", Partitions = 4)]
            public partial WindowedTable<int, long> Sliding { get; }

            [GlobalTable("config", Default = "none", Partitions = 1, ValueSerializer = "raw")]
            public partial GlobalTable<string, string> Config { get; }

            [SetTable("tags", MemberSerializer = "json", KeySerializer = "raw", Help = "Tags per page")]
            public partial SetTable<string, int> Tags { get; }

            private static DateTimeOffset TimeOf(View view) => view.At;

            private DateTimeOffset Stamp(View view) => view.At;

            private void Closed(string page, WindowRange window, double value) { }

            [Agent("views")]
            public void Count(View view) => PerMinute.Update(view.Page, count => count + 1);
        }
        """;
}
