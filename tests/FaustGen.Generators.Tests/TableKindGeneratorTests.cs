namespace FaustGen.Generators.Tests;

/// <summary>Windowed, global and set tables the rules refuse are left out, and the rest of the app is still generated.</summary>
public sealed class TableKindGeneratorTests
{
    [Fact]
    public void Tables_with_bad_windows_times_handlers_or_types_are_left_out()
    {
        var run = GeneratorHarness.Run("""
            using System;
            using FaustGen;
            [App("bad-windows")]
            public partial class BadWindows
            {
                [WindowedTable("good", Size = 60)] public partial WindowedTable<string, long> Good { get; }
                [WindowedTable("unsized")] public partial WindowedTable<string, long> Unsized { get; }
                [WindowedTable("long-step", Window = WindowKind.Hopping, Size = 10, Step = 11)] public partial WindowedTable<string, long> LongStep { get; }
                [WindowedTable("short-lived", Size = 60, Expires = 30)] public partial WindowedTable<string, long> ShortLived { get; }
                [WindowedTable("no-field", Size = 60, RelativeToField = "Missing")] public partial WindowedTable<string, long> NoField { get; }
                [WindowedTable("no-expiry", Size = 60, OnWindowClose = nameof(Closed))] public partial WindowedTable<string, long> NoExpiry { get; }
                [GlobalTable("wrong-type")] public partial Table<string, long> WrongType { get; }
                [SetTable("good-set")] public partial SetTable<string, string> GoodSet { get; }

                private void Closed(string key, WindowRange window, long value) { }
            }
            """).AssertRanCleanly();

        var source = Assert.Single(run.Sources).Value;
        Assert.Contains("this.__Good = definition.WindowedTable<string, long>(\"good\"", source);
        Assert.Contains("this.__GoodSet = definition.SetTable<string, string>(\"good-set\")", source);
        foreach (var bad in new[] { "Unsized", "LongStep", "ShortLived", "NoField", "NoExpiry", "WrongType" })
        {
            Assert.DoesNotContain("__" + bad, source);
        }

        // What is generated compiles; the only errors are the properties left without an implementation.
        Assert.All(run.OutputProblems, d => Assert.Equal("CS9248", d.Id));
        Assert.Equal(6, run.OutputProblems.Count);
    }
}
