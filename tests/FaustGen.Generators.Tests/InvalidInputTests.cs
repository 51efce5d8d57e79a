using Microsoft.CodeAnalysis;

namespace FaustGen.Generators.Tests;

/// <summary>
/// Input that breaks a rule: the generator leaves the offending member (or class) out of the wiring, never throws,
/// and what it does emit compiles. A partial property it refuses still gets an implementation, which throws naming
/// the rule, so that the compiler does not stop a build before the analyzers tell the user why.
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
    public void A_refused_class_without_partial_properties_gets_nothing()
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
    public void A_class_that_is_not_partial_but_declares_partial_members_is_reported_by_the_generator()
    {
        var run = GeneratorHarness.Run("""
            using FaustGen;
            [App("not-partial")]
            public class NotPartial
            {
                [Topic("t")] public partial Topic<string, string> T { get; }
                [Table("counts")] public partial Table<string, long> Counts { get; }
                [Agent("t")] public void Handle(string value) { }
            }

            public class Outer
            {
                [App("inner")]
                public partial class Inner
                {
                    [Topic("u")] public partial Topic<string, string> U { get; }
                }
            }
            """);

        // The compiler's errors on the partial members would stop a build before the analyzers run, so the generator reports the rule.
        Assert.All(run.Results, r => Assert.Null(r.Exception));
        Assert.Equal(
            ["Input1.cs(3,14): error FAUST1001: 'NotPartial' must be declared partial so the generator can complete the [App] class 'NotPartial'",
             "Input1.cs(10,14): error FAUST1001: 'Outer' must be declared partial so the generator can complete the [App] class 'Inner'"],
            run.DriverDiagnostics.Select(d => d.ToString()));

        // Its part implements the partial properties, so the compiler reports one error per class that says what is missing,
        // rather than two per member (CS0751, CS9248).
        var source = run.Sources["NotPartial.FaustGen.g.cs"];
        Assert.Contains("public partial global::FaustGen.Topic<string, string> T => throw new global::System.InvalidOperationException(" +
            "\"Property 'T' is not set up, because app 'NotPartial' is invalid (FAUST1001): an [App] class must be partial, so the generator can complete it; fix the declaration\");", source);
        Assert.DoesNotContain("Define", source);
        Assert.Contains("partial class Outer", run.Sources["Outer+Inner.FaustGen.g.cs"]);
        Assert.Equal(
            [("CS0260", 3), ("CS0260", 10)],
            run.OutputProblems.Select(d => (d.Id, d.Location.GetLineSpan().StartLinePosition.Line + 1)).Order());
    }

    [Fact]
    public void A_refused_class_gets_only_its_partial_properties_which_throw()
    {
        var run = GeneratorHarness.Run("""
            using FaustGen;
            [App("exception")]
            public partial class WrongBase : Exception
            {
                [Topic("t")] public partial Topic<string, string> T { get; }
                [Topic("bad topic")] public partial Topic<string, string> Bad { get; }
            }

            public abstract class Base : App
            {
            }

            [App("own-define")]
            public partial class OwnDefine : Base
            {
                [Table("t")] public partial Table<string, long> T { get; }
                protected override void Define(AppDefinition definition) => base.Define(definition);
            }

            [App("record")]
            public partial record RecordApp
            {
                [Topic("t")] public partial Topic<string, string> T { get; }
            }

            [App("generic")]
            public partial class GenericApp<T>
            {
                [Table("t")] public partial Table<string, T> Values { get; }
            }

            public partial class Holder<T>
                where T : notnull
            {
                [App("nested")]
                public partial class NestedApp
                {
                    [Table("t")] public partial Table<T, long> Values { get; }
                }
            }

            [App("static")]
            public static partial class StaticApp
            {
                [Topic("t")] public static partial Topic<string, string> T { get; }
            }
            """).AssertRanCleanly();

        var sources = run.Sources;
        Assert.Equal(["GenericApp`1.FaustGen.g.cs", "Holder`1+NestedApp.FaustGen.g.cs", "OwnDefine.FaustGen.g.cs", "RecordApp.FaustGen.g.cs", "WrongBase.FaustGen.g.cs"], sources.Keys.Order(StringComparer.Ordinal));
        Assert.Contains("partial class WrongBase\n{", sources["WrongBase.FaustGen.g.cs"]);
        Assert.Contains("Property 'T' is not set up, because app 'WrongBase' is invalid (FAUST1003): an [App] class must derive from nothing or from FaustGen.App, not from 'Exception'; fix the declaration", sources["WrongBase.FaustGen.g.cs"]);
        AssertRefused(sources["WrongBase.FaustGen.g.cs"], "Topic", "Bad", "WrongBase", "FAUST2001");
        Assert.Contains("app 'OwnDefine' is invalid (FAUST1004)", sources["OwnDefine.FaustGen.g.cs"]);
        Assert.Contains("partial record RecordApp\n", sources["RecordApp.FaustGen.g.cs"]);
        Assert.Contains("app 'RecordApp' is invalid (FAUST1002)", sources["RecordApp.FaustGen.g.cs"]);
        Assert.Contains("partial class GenericApp<T>\n", sources["GenericApp`1.FaustGen.g.cs"]);
        Assert.Contains("public partial global::FaustGen.Table<string, T> Values => throw", sources["GenericApp`1.FaustGen.g.cs"]);
        Assert.Contains("partial class Holder<T>\n", sources["Holder`1+NestedApp.FaustGen.g.cs"]);
        Assert.DoesNotContain(sources.Values, source => source.Contains("void Define(", StringComparison.Ordinal) || source.Contains(": global::FaustGen.App", StringComparison.Ordinal));

        // The static class gets nothing: the compiler refuses any instance member of it (CS0708), whatever the generator writes.
        Assert.Equal([("CS9248", 45)], run.OutputProblems.Select(d => (d.Id, d.Location.GetLineSpan().StartLinePosition.Line + 1)));
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
    public void A_table_whose_default_is_not_of_its_value_type_is_not_registered_and_its_property_throws()
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
        foreach (var bad in new[] { "Text", "Narrowed", "Overflow", "NullForNonNullable", "Array" })
        {
            AssertRefused(source, "Table", bad, "BadTables", "FAUST5004");
        }

        AssertRefused(source, "Table", "BadName", "BadTables", "FAUST5001");

        // Every partial property has its implementation: the compiler has nothing to say.
        Assert.Empty(run.OutputProblems);
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
    public void Partial_properties_outside_apps_throw_in_a_part_of_their_own_class()
    {
        var run = GeneratorHarness.Run("""
            using FaustGen;
            [App("real")]
            public partial class RealApp
            {
                [Topic("t")] public partial Topic<string, string> T { get; }

                public partial class Helper
                {
                    [Topic("t")] public partial Topic<string, string> T { get; }
                }
            }

            public static partial class StaticHolder
            {
                [Topic("s")] public partial Topic<string, string> S { get; }
            }
            """).AssertRanCleanly();

        Assert.Equal(["RealApp+Helper.FaustGen.g.cs", "RealApp.FaustGen.g.cs"], run.Sources.Keys.Order(StringComparer.Ordinal));
        var helper = run.Sources["RealApp+Helper.FaustGen.g.cs"];
        Assert.Contains("partial class RealApp\n{\n    partial class Helper\n", helper);
        Assert.Contains("\"[Topic] property 'T' of 'RealApp.Helper' has no effect (FAUST1005): 'Helper' is not an [App] class; fix the declaration\"", helper);
        Assert.Contains("T => __T;", run.Sources["RealApp.FaustGen.g.cs"]);

        // A static class gets no part: the compiler refuses instance members there, whatever the generator writes.
        Assert.Equal([("CS0708", 15), ("CS9248", 15)], run.OutputProblems.Select(d => (d.Id, d.Location.GetLineSpan().StartLinePosition.Line + 1)).Order());
    }

    [Fact]
    public void A_topic_property_that_is_not_partial_get_only_is_left_out_with_the_agents_that_read_it()
    {
        var run = GeneratorHarness.Run("""
            using FaustGen;
            [App("not-partial-property")]
            public partial class NotPartialProperty
            {
                [Topic("t")] public Topic<string, string>? Plain { get; }
                [Topic("u")] public partial Topic<string, string> WithSetter { get; private set; }
                [Topic("v")] public static partial Topic<string, string> Static { get; }
                [Topic("w")] public partial Table<string, string> WrongType { get; }
                [Topic("x", Partitions = -1)] public partial Topic<string, string> NegativePartitions { get; }
                [Topic("y", ValueSerializer = "")] public partial Topic<string, string> BlankCodec { get; }
                [Topic("page views")] public partial Topic<string, string> Spaced { get; }

                [Agent("t")] public void ReadsPlain(string value) { }
                [Agent("z")] public void ReadsOther(string value) { }
            }
            """).AssertRanCleanly();

        var source = Assert.Single(run.Sources).Value;
        Assert.Contains("this.ReadsOther(", source);
        Assert.DoesNotContain("ReadsPlain", source);

        // A property that is not partial is the user's to implement; every partial one gets a throwing implementation.
        Assert.DoesNotContain("Plain", source);
        AssertRefused(source, "Topic", "WithSetter", "NotPartialProperty", "FAUST2003");
        Assert.Contains("    get => throw new global::System.InvalidOperationException(", source);
        Assert.Contains("    private set => throw new global::System.InvalidOperationException(", source);
        AssertRefused(source, "Topic", "Static", "NotPartialProperty", "FAUST2004");
        Assert.Contains("public static partial global::FaustGen.Topic<string, string> Static => throw", source);
        AssertRefused(source, "Topic", "WrongType", "NotPartialProperty", "FAUST2004");
        AssertRefused(source, "Topic", "NegativePartitions", "NotPartialProperty", "FAUST2005");
        AssertRefused(source, "Topic", "BlankCodec", "NotPartialProperty", "FAUST6001");
        Assert.Contains(
            "public partial global::FaustGen.Topic<string, string> Spaced => throw new global::System.InvalidOperationException(" +
            "\"[Topic] property 'Spaced' of app 'NotPartialProperty' is invalid (FAUST2001): ' ' at position 4 is not allowed; " +
            "use only letters, digits, '.', '_' and '-'; fix the declaration\");",
            source);
        foreach (var bad in new[] { "WithSetter", "Static", "WrongType", "NegativePartitions", "BlankCodec", "Spaced" })
        {
            Assert.DoesNotContain("__" + bad, source);
        }

        Assert.Empty(run.OutputProblems);
    }

    [Fact]
    public void A_property_with_two_attributes_is_implemented_once()
    {
        var run = GeneratorHarness.Run("""
            using FaustGen;
            [App("twice")]
            public partial class Twice
            {
                [Topic("t"), Table("t")] public partial Topic<string, string> Both { get; }
                [Topic("bad topic"), Table("bad table")] public partial Table<string, string> BothBad { get; }
            }
            """).AssertRanCleanly();

        var source = Assert.Single(run.Sources).Value;
        Assert.Contains("Both => __Both;", source);
        AssertRefused(source, "Topic", "BothBad", "Twice", "FAUST2004");
        Assert.DoesNotContain("[Table] property 'BothBad'", source);
        Assert.Empty(run.OutputProblems);
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

    /// <summary>Fails unless <paramref name="property"/>, marked [<paramref name="marker"/>], throws naming its app and the rule <paramref name="id"/>.</summary>
    internal static void AssertRefused(string source, string marker, string property, string app, string id) =>
        Assert.Contains($"[{marker}] property '{property}' of app '{app}' is invalid ({id}): ", source);

    [Fact]
    public void An_agent_with_invalid_retry_settings_and_hooks_with_unsupported_signatures_are_left_out()
    {
        var run = GeneratorHarness.Run("""
            using FaustGen;
            [App("retries")]
            [Retry(MaxAttempts = 0)]
            public partial class Retries
            {
                [Agent("a"), Retry(Delay = -1)] public void NegativeDelay(string value) { }
                [Agent("b"), Retry(RetryOn = new[] { typeof(string) })] public void NotAnException(string value) { }
                [Agent("c"), Retry(Delay = 5, MaxDelay = 1)] public void BoundBelowDelay(string value) { }
                [Agent("d"), Retry(Topics = 1)] public void Kept(string value) { }
                [OnPartitionsAssigned] public void NoPartitions() { }
                [OnStarted] public int ReturnsInt() => 0;
                [OnStopping] public void Stopping() { }
            }
            """).AssertRanCleanly();

        var source = Assert.Single(run.Sources).Value;
        Assert.Empty(run.OutputProblems);
        Assert.DoesNotContain("definition.Retry(", source, StringComparison.Ordinal);
        Assert.DoesNotContain("NegativeDelay", source, StringComparison.Ordinal);
        Assert.DoesNotContain("NotAnException", source, StringComparison.Ordinal);
        Assert.DoesNotContain("BoundBelowDelay", source, StringComparison.Ordinal);
        Assert.Contains("this.Kept(", source, StringComparison.Ordinal);
        Assert.DoesNotContain("NoPartitions", source, StringComparison.Ordinal);
        Assert.DoesNotContain("ReturnsInt", source, StringComparison.Ordinal);
        Assert.Contains("definition.OnStopping(", source, StringComparison.Ordinal);
    }
}
