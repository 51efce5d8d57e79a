using Microsoft.CodeAnalysis;

namespace FaustGen.Generators.Tests;

/// <summary>
/// Input that breaks a rule: the generator leaves the offending member (or class) out, never throws, and what it
/// does emit compiles. The analyzers, not the generator, tell the user why.
/// </summary>
public sealed class InvalidInputTests
{
    [Fact]
    public void A_class_that_is_not_partial_gets_nothing()
    {
        var run = GeneratorHarness.Run("""
            using FaustGen;
            [App("not-partial")]
            public class NotPartial
            {
                [Agent("a")]
                public void Handle(string value) { }
            }
            """).AssertRanCleanly();

        Assert.Empty(run.Sources);
        Assert.Empty(run.OutputProblems);
    }

    [Fact]
    public void A_class_with_another_base_or_its_own_Define_gets_nothing()
    {
        var run = GeneratorHarness.Run("""
            using FaustGen;
            [App("exception")]
            public partial class WrongBase : Exception
            {
            }

            public abstract class Base : App
            {
            }

            [App("own-define")]
            public partial class OwnDefine : Base
            {
                protected override void Define(AppDefinition definition) => base.Define(definition);
            }

            [App("record")]
            public partial record RecordApp;

            [App("generic")]
            public partial class GenericApp<T>
            {
            }
            """).AssertRanCleanly();

        Assert.Empty(run.Sources);
        Assert.Empty(run.OutputProblems);
    }

    [Fact]
    public void Agents_with_bad_signatures_or_arguments_are_left_out()
    {
        var run = GeneratorHarness.Run("""
            using FaustGen;
            [App("bad-agents")]
            public partial class BadAgents
            {
                [Agent("a")] public void Good(string value) { }
                [Agent("a")] public int ReturnsInt(string value) => 0;
                [Agent("a")] public void TooMany(string a, string b, string c) { }
                [Agent("a")] public void NoParameters() { }
                [Agent("a")] public void Generic<T>(T value) { }
                [Agent("a")] public async void AsyncVoid(string value) => await Task.Yield();
                [Agent("a")] public void ByRef(ref string value) { }
                [Agent("a")] public void Optional(string value = "") { }
                [Agent("a")] public ValueTask StreamReturnsValueTask(IAgentStream<string> stream) => default;
                [Agent("a")] public Task<int> ReturnsTaskOfInt(string value) => Task.FromResult(0);
                [Agent("a", Sinks = new[] { "out" })] public void SinksWithoutYield(string value) { }
                [Agent("a", Concurrency = 0)] public void NoConcurrency(string value) { }
                [Agent("a", Name = " ")] public void BlankName(string value) { }
                [Agent("bad topic")] public void BadTopicName(string value) { }
                [Agent("a", DeadLetterTopic = "dead letters")] public void BadDeadLetter(string value) { }
                [Agent("a", OnError = (AgentErrorPolicy)42)] public void UnknownPolicy(string value) { }
            }
            """).AssertRanCleanly();

        var source = Assert.Single(run.Sources).Value;
        Assert.Contains("this.Good(", source);
        foreach (var bad in new[] { "ReturnsInt", "TooMany", "NoParameters", "Generic", "AsyncVoid", "ByRef", "Optional", "StreamReturnsValueTask", "ReturnsTaskOfInt", "SinksWithoutYield", "NoConcurrency", "BlankName", "BadTopicName", "BadDeadLetter", "UnknownPolicy" })
        {
            Assert.DoesNotContain(bad, source);
        }

        Assert.Empty(run.OutputProblems);
    }

    [Fact]
    public void Agents_whose_types_disagree_with_the_declared_topic_are_left_out()
    {
        var run = GeneratorHarness.Run("""
            using FaustGen;
            [App("mismatch")]
            public partial class Mismatch
            {
                [Topic("words")] public partial Topic<string, string?> Words { get; }
                [Topic("numbers")] public partial Topic<string, long> Numbers { get; }

                [Agent("words")] public void NullableValue(string? word) { }
                [Agent("words")] public void NonNullableValue(string word) { }
                [Agent("words")] public void WrongKey(int key, string? word) { }
                [Agent("words")] public Task WrongStream(IAgentStream<string> words) => Task.CompletedTask;
                [Agent("numbers")] public void WrongValue(int number) { }
                [Agent("words", Sinks = new[] { "numbers" })] public async IAsyncEnumerable<string> WrongSink(IAgentStream<string?> words)
                {
                    await foreach (var word in words)
                    {
                        yield return word ?? string.Empty;
                    }
                }
            }
            """).AssertRanCleanly();

        var source = Assert.Single(run.Sources).Value;
        Assert.Contains("this.NullableValue(", source);
        foreach (var bad in new[] { "NonNullableValue", "WrongKey", "WrongStream", "WrongValue", "WrongSink" })
        {
            Assert.DoesNotContain(bad, source);
        }

        Assert.Empty(run.OutputProblems);
    }

    [Fact]
    public void Timers_and_startup_tasks_with_bad_intervals_or_signatures_are_left_out()
    {
        var run = GeneratorHarness.Run("""
            using FaustGen;
            [App("bad-timers")]
            public partial class BadTimers
            {
                [Timer(5)] public void Good() { }
                [Timer(0)] public void Zero() { }
                [Timer(-1)] public void Negative() { }
                [Timer(double.PositiveInfinity)] public void Forever() { }
                [Timer(5)] public void TakesValue(int value) { }
                [Timer(5)] public int ReturnsInt() => 0;
                [StartupTask] public void Start() { }
                [StartupTask] public Task<int> StartReturnsInt() => Task.FromResult(0);
                [StartupTask] public void StartTakesTwo(CancellationToken a, CancellationToken b) { }
            }
            """).AssertRanCleanly();

        var source = Assert.Single(run.Sources).Value;
        Assert.Contains("this.Good()", source);
        Assert.Contains("this.Start()", source);
        foreach (var bad in new[] { "Zero", "Negative", "Forever", "TakesValue", "ReturnsInt", "StartTakesTwo" })
        {
            Assert.DoesNotContain(bad, source);
        }

        Assert.Empty(run.OutputProblems);
    }

    [Fact]
    public void A_table_whose_default_is_not_of_its_value_type_is_left_out()
    {
        var run = GeneratorHarness.Run("""
            using FaustGen;
            [App("bad-tables")]
            public partial class BadTables
            {
                [Table("good", Default = 1L)] public partial Table<string, long> Good { get; }
                [Table("text", Default = "zero")] public partial Table<string, long> Text { get; }
                [Table("narrowed", Default = 1.5)] public partial Table<string, int> Narrowed { get; }
                [Table("overflow", Default = 300)] public partial Table<string, byte> Overflow { get; }
                [Table("null", Default = null)] public partial Table<string, string> NullForNonNullable { get; }
                [Table("array", Default = new[] { 1 })] public partial Table<string, int[]> Array { get; }
                [Table("bad name")] public partial Table<string, int> BadName { get; }
            }
            """).AssertRanCleanly();

        var source = Assert.Single(run.Sources).Value;
        Assert.Contains("__Good", source);
        foreach (var bad in new[] { "Text", "Narrowed", "Overflow", "NullForNonNullable", "Array", "BadName" })
        {
            Assert.DoesNotContain(bad, source);
        }

        // The properties the generator left out have no implementation: only the user's code is in error.
        AssertOnlyUnimplementedPartialProperties(run, 6);
    }

    [Fact]
    public void Members_of_a_class_without_App_are_ignored()
    {
        var run = GeneratorHarness.Run("""
            using FaustGen;
            [App("real")]
            public partial class RealApp
            {
                [Timer(1)] public void Tick() { }

                public partial class NestedHelper
                {
                    [Agent("a")] public void Handle(string value) { }
                }
            }

            public partial class NotAnApp
            {
                [Agent("a")] public void Handle(string value) { }
                [Timer(1)] public void Tick() { }
                [StartupTask] public void Start() { }
                [Topic("t")] public Topic<string, string>? T { get; }
            }
            """).AssertRanCleanly();

        var source = Assert.Single(run.Sources);
        Assert.Equal("RealApp.FaustGen.g.cs", source.Key);
        Assert.DoesNotContain("Handle", source.Value);
        Assert.Empty(run.OutputProblems);
    }

    [Fact]
    public void A_topic_property_that_is_not_partial_is_left_out_with_the_agents_that_read_it()
    {
        var run = GeneratorHarness.Run("""
            using FaustGen;
            [App("not-partial-property")]
            public partial class NotPartialProperty
            {
                [Topic("t")] public Topic<string, string>? Plain { get; }
                [Topic("u")] public partial Topic<string, string> WithSetter { get; set; }
                [Topic("v")] public static partial Topic<string, string> Static { get; }
                [Topic("w")] public partial Table<string, string> WrongType { get; }
                [Topic("x", Partitions = -1)] public partial Topic<string, string> NegativePartitions { get; }
                [Topic("y", ValueSerializer = "")] public partial Topic<string, string> BlankCodec { get; }

                [Agent("t")] public void ReadsPlain(string value) { }
                [Agent("z")] public void ReadsOther(string value) { }
            }
            """).AssertRanCleanly();

        var source = Assert.Single(run.Sources).Value;
        Assert.Contains("this.ReadsOther(", source);
        foreach (var bad in new[] { "Plain", "WithSetter", "Static", "WrongType", "NegativePartitions", "BlankCodec", "ReadsPlain" })
        {
            Assert.DoesNotContain(bad, source);
        }

        AssertOnlyUnimplementedPartialProperties(run, 5);
    }

    [Fact]
    public void Invalid_settings_are_left_out_and_the_rest_kept()
    {
        var run = GeneratorHarness.Run("""
            using FaustGen;
            [App("bad settings", Broker = "ftp://nowhere", Store = "memory://", CommitIntervalSeconds = -1, ReplicationFactor = 0, ClientId = "client")]
            public partial class BadSettings
            {
            }
            """).AssertRanCleanly();

        var source = Assert.Single(run.Sources).Value;
        Assert.Contains("definition.Settings.Store = \"memory://\";", source);
        Assert.Contains("definition.Settings.ClientId = \"client\";", source);
        foreach (var bad in new[] { "Settings.Id", "Broker", "CommitInterval", "ReplicationFactor" })
        {
            Assert.DoesNotContain(bad, source);
        }

        Assert.Empty(run.OutputProblems);
    }

    [Fact]
    public void Code_that_does_not_compile_does_not_make_the_generator_throw()
    {
        var run = GeneratorHarness.Run("""
            using FaustGen;
            [App(Unknown.Id)]
            public partial class Broken
            {
                [Agent(42)] public void Handle(Missing value) { }
                [Table("t", Default = Unknown.Value)] public partial Table<string, long> T { get; }
                [Timer("often")] public void Tick() { }
                [Topic("u")] public partial Topic<Missing, string> U { get; }
            }
            """).AssertRanCleanly();

        // Only the user's errors: nothing is reported in generated code.
        var generated = run.Output.SyntaxTrees.Except(run.Input.SyntaxTrees).ToHashSet();
        Assert.DoesNotContain(run.OutputProblems, d => generated.Contains(d.Location.SourceTree!));
    }

    private static void AssertOnlyUnimplementedPartialProperties(GeneratorRun run, int count)
    {
        var problems = run.OutputProblems;
        Assert.All(problems, d => Assert.Equal("CS9248", d.Id));
        Assert.Equal(count, problems.Count);
    }
}
