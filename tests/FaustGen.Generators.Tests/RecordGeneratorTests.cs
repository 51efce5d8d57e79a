using FaustGen.Generators.Records;
using FaustGen.Generators.Rules;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace FaustGen.Generators.Tests;

/// <summary>
/// The record generator: records that break a rule get no codecs (the analyzers say why, with the same rules) and
/// never make it throw; its pipeline caches what did not change and holds no symbols.
/// </summary>
public sealed class RecordGeneratorTests
{
    private const string Invalid = """
        using System.Collections;
        using FaustGen;
        namespace Bad;

        [Record] public sealed partial record Good(int Value);
        [Record] public sealed record NotPartial(int Value);
        [Record] public sealed partial record ObjectMember(object Value);
        [Record] public sealed partial record IntKeys(Dictionary<int, string> Map);
        [Record] public sealed partial record Grid(int[,] Cells);
        [Record] public sealed partial record Sequence(IEnumerable<int> Items);
        [Record] public sealed partial record Generic<T>(T Value);
        [Record] public static partial class Static { }
        [Record] public sealed partial class TwoConstructors { public TwoConstructors(int a) { A = a; } public TwoConstructors(string b) { } public int A { get; } }
        [Record] public sealed partial class Unbound { public Unbound(int missing) { } public int Value { get; set; } }
        [Record] public sealed partial class Twice { public int A { get; set; } [RecordField("A")] public int B { get; set; } }
        [Record] public sealed partial class Blank { [RecordField(" ")] public int A { get; set; } }
        [Record(Serializer = " ")] public sealed partial record BlankSerializer(int Value);
        [Record] public abstract partial record Alone(int Value);
        [Record] [RecordSubtype(typeof(Good), "good")] public partial record Unrelated(int Value);
        [Record] [RecordSubtype(typeof(Child), "a")] [RecordSubtype(typeof(Child), "b")] public partial record Parent(int Value);
        [Record] public sealed partial record Child(int Value) : Parent(Value);
        [Record] public sealed partial record HoldsInvalid(ObjectMember Inner);
        [Record] public sealed partial record HoldsForeign(Uri Link);

        public partial class Host
        {
            [Record] private sealed partial record Hidden(int Value);
        }

        public class NotPartialHost
        {
            [Record] public sealed partial record Inside(int Value);
        }
        """;

    [Fact]
    public void Records_that_break_a_rule_get_no_codecs_and_the_rest_compile()
    {
        var run = GeneratorHarness.Run(Invalid).AssertRanCleanly();

        // Child is a valid record of its own, though the parent that lists it twice is not.
        Assert.Equal(["Bad.Child.Record.g.cs", "Bad.Good.Record.g.cs"], run.Sources.Keys.Order(StringComparer.Ordinal));
        // Only the user's own errors (a static class cannot be partial-completed, and so on): none in generated code.
        Assert.DoesNotContain(run.OutputProblems, p => p.Location.SourceTree is { } tree && !run.Input.SyntaxTrees.Contains(tree));
    }

    [Theory]
    [InlineData("NotPartial", nameof(RuleId.RecordNotPartial))]
    [InlineData("Inside", nameof(RuleId.RecordNotPartial))]
    [InlineData("ObjectMember", nameof(RuleId.RecordMemberType))]
    [InlineData("IntKeys", nameof(RuleId.RecordMemberType))]
    [InlineData("HoldsInvalid", nameof(RuleId.RecordMemberType))]
    [InlineData("Generic", nameof(RuleId.RecordKind))]
    [InlineData("Static", nameof(RuleId.RecordKind))]
    [InlineData("Hidden", nameof(RuleId.RecordKind))]
    [InlineData("TwoConstructors", nameof(RuleId.RecordConstructor))]
    [InlineData("Unbound", nameof(RuleId.RecordConstructor))]
    [InlineData("Alone", nameof(RuleId.RecordConstructor))]
    [InlineData("Twice", nameof(RuleId.RecordFieldName))]
    [InlineData("Blank", nameof(RuleId.RecordFieldName))]
    [InlineData("BlankSerializer", nameof(RuleId.CodecName))]
    [InlineData("Unrelated", nameof(RuleId.RecordSubtype))]
    [InlineData("Parent", nameof(RuleId.RecordSubtype))]
    public void The_rules_name_what_a_record_breaks(string record, string rule)
    {
        var compilation = GeneratorHarness.Compile([Invalid]);
        var type = compilation.GetSymbolsWithName(record, SymbolFilter.Type).OfType<INamedTypeSymbol>().Single();

        var violation = RecordRules.Classify(type, new RecordTypes(compilation), CancellationToken.None, out var shape, out var at);

        Assert.NotNull(violation);
        Assert.Equal(rule, violation.Rule.ToString());
        Assert.NotEmpty(violation.Message);
        Assert.NotNull(at);
        Assert.Null(shape);
    }

    [Fact]
    public void A_field_of_an_unsupported_type_is_named_in_the_reason()
    {
        var compilation = GeneratorHarness.Compile([Invalid]);
        var type = compilation.GetSymbolsWithName("Sequence", SymbolFilter.Type).OfType<INamedTypeSymbol>().Single();

        var violation = RecordRules.Classify(type, new RecordTypes(compilation), CancellationToken.None, out _, out var at);

        Assert.Contains("'Items'", violation!.Message, StringComparison.Ordinal);
        Assert.Equal("Items", at!.Name);
    }

    [Fact]
    public void Custom_codec_names_must_be_new_single_words()
    {
        Assert.Null(CodecNameRules.Error("upper"));
        Assert.NotNull(CodecNameRules.Error("json"));
        Assert.NotNull(CodecNameRules.Error("binary"));
        Assert.NotNull(CodecNameRules.Error("a|b"));
        Assert.NotNull(CodecNameRules.Error(" upper"));
    }

    [Fact]
    public void A_rerun_without_changes_is_cached()
    {
        var compilation = GeneratorHarness.Compile([RecordInputs.Records, RecordInputs.Polymorphic]);
        var driver = GeneratorHarness.CreateDriver(new RecordGenerator()).RunGenerators(compilation);

        var result = driver.RunGenerators(compilation.Clone()).GetRunResult().Results.Single();

        Assert.Equal(7, OutputReasons(result).Count());
        Assert.All(OutputReasons(result), reason => Assert.Equal(IncrementalStepRunReason.Cached, reason));
    }

    [Fact]
    public void An_unrelated_edit_leaves_the_outputs_cached()
    {
        var compilation = GeneratorHarness.Compile([RecordInputs.Records]);
        var driver = GeneratorHarness.CreateDriver(new RecordGenerator()).RunGenerators(compilation);

        var edited = compilation.AddSyntaxTrees(CSharpSyntaxTree.ParseText("public sealed class Unrelated { public int Value { get; set; } }", GeneratorHarness.ParseOptions));
        var result = driver.RunGenerators(edited).GetRunResult().Results.Single();

        Assert.All(OutputReasons(result), reason => Assert.Contains(reason, new[] { IncrementalStepRunReason.Cached, IncrementalStepRunReason.Unchanged }));
    }

    [Fact]
    public void Renaming_a_field_modifies_only_the_records_that_show_it()
    {
        var compilation = GeneratorHarness.Compile([RecordInputs.Records]);
        var driver = GeneratorHarness.CreateDriver(new RecordGenerator()).RunGenerators(compilation);

        var tree = compilation.SyntaxTrees.Single(t => t.ToString().Contains("\"e-mail\"", StringComparison.Ordinal));
        var renamed = tree.WithChangedText(Microsoft.CodeAnalysis.Text.SourceText.From(tree.ToString().Replace("\"e-mail\"", "\"mail\"", StringComparison.Ordinal)));
        var result = driver.RunGenerators(compilation.ReplaceSyntaxTree(tree, renamed)).GetRunResult().Results.Single();

        var outputs = result.TrackedSteps[RecordTrackingNames.Records].SelectMany(s => s.Outputs).ToList();
        Assert.Contains(outputs, o => o.Reason == IncrementalStepRunReason.Modified && ((RecordSpec)o.Value).Display == "Customer");

        // Money does not hold a customer, so its spec is unchanged; Order embeds the customer's Avro schema, so it changes.
        Assert.Contains(outputs, o => o.Reason is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged && ((RecordSpec)o.Value).Display == "Money");
        Assert.Contains(outputs, o => o.Reason == IncrementalStepRunReason.Modified && ((RecordSpec)o.Value).Display == "Order");
        Assert.Contains("\"mail\"u8", result.GeneratedSources.Single(s => s.HintName == "Shop.Customer.Record.g.cs").SourceText.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void No_step_holds_symbols_syntax_or_compilations()
    {
        var compilation = GeneratorHarness.Compile([RecordInputs.Records, RecordInputs.Polymorphic]);
        var result = GeneratorHarness.CreateDriver(new RecordGenerator()).RunGenerators(compilation).GetRunResult().Results.Single();

        foreach (var name in RecordTrackingNames.All)
        {
            Assert.True(result.TrackedSteps.ContainsKey(name), $"step '{name}' was not tracked");
            foreach (var output in result.TrackedSteps[name].SelectMany(s => s.Outputs))
            {
                Assert.Empty(IncrementalTests.RoslynObjectsIn(output.Value, name));
            }
        }
    }

    private static IEnumerable<IncrementalStepRunReason> OutputReasons(GeneratorRunResult result) =>
        result.TrackedOutputSteps.SelectMany(s => s.Value).SelectMany(s => s.Outputs).Select(o => o.Reason);
}
