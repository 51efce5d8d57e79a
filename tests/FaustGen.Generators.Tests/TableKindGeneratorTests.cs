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

        InvalidInputTests.AssertRefused(source, "WindowedTable", "Unsized", "BadWindows", "FAUST5008");
        InvalidInputTests.AssertRefused(source, "WindowedTable", "LongStep", "BadWindows", "FAUST5008");
        InvalidInputTests.AssertRefused(source, "WindowedTable", "ShortLived", "BadWindows", "FAUST5008");
        InvalidInputTests.AssertRefused(source, "WindowedTable", "NoField", "BadWindows", "FAUST5009");
        InvalidInputTests.AssertRefused(source, "WindowedTable", "NoExpiry", "BadWindows", "FAUST5010");
        InvalidInputTests.AssertRefused(source, "GlobalTable", "WrongType", "BadWindows", "FAUST5003");

        // What is generated compiles, and leaves no property without an implementation.
        Assert.Empty(run.OutputProblems);
    }
}
