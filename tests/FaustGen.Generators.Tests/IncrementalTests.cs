using System.Collections;
using System.Reflection;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace FaustGen.Generators.Tests;

/// <summary>The pipeline caches what did not change, and its steps hold no symbols, syntax or compilations.</summary>
public sealed class IncrementalTests
{
    private static readonly IncrementalStepRunReason[] CachedOrUnchanged = [IncrementalStepRunReason.Cached, IncrementalStepRunReason.Unchanged];

    [Fact]
    public void A_rerun_without_changes_is_cached()
    {
        var compilation = GeneratorHarness.Compile([TestInputs.WordCount, TestInputs.AgentShapes]);
        var driver = GeneratorHarness.CreateDriver().RunGenerators(compilation);

        var result = driver.RunGenerators(compilation.Clone()).GetRunResult().Results.Single();

        Assert.Equal(2, OutputReasons(result).Count());
        Assert.All(OutputReasons(result), reason => Assert.Equal(IncrementalStepRunReason.Cached, reason));
        Assert.NotEmpty(StepReasons(result));
        Assert.All(StepReasons(result), reason => Assert.Contains(reason, CachedOrUnchanged));
    }

    [Fact]
    public void An_unrelated_edit_leaves_the_outputs_cached()
    {
        var compilation = GeneratorHarness.Compile([TestInputs.WordCount, TestInputs.AgentShapes]);
        var driver = GeneratorHarness.CreateDriver().RunGenerators(compilation);

        var edited = compilation.AddSyntaxTrees(CSharpSyntaxTree.ParseText("public sealed class Unrelated { public int Value { get; set; } }", GeneratorHarness.ParseOptions));
        var result = driver.RunGenerators(edited).GetRunResult().Results.Single();

        Assert.Equal(2, OutputReasons(result).Count());
        Assert.All(OutputReasons(result), reason => Assert.Contains(reason, CachedOrUnchanged));
        Assert.All(StepReasons(result), reason => Assert.Contains(reason, CachedOrUnchanged));
    }

    [Fact]
    public void Renaming_an_agents_topic_modifies_the_output()
    {
        var compilation = GeneratorHarness.Compile([TestInputs.WordCount]);
        var driver = GeneratorHarness.CreateDriver().RunGenerators(compilation);

        var tree = compilation.SyntaxTrees.Single(t => t.ToString().Contains("[Agent(\"sentences\")]", StringComparison.Ordinal));
        var renamed = tree.WithChangedText(Microsoft.CodeAnalysis.Text.SourceText.From(tree.ToString().Replace("[Agent(\"sentences\")]", "[Agent(\"lines\")]", StringComparison.Ordinal)));
        var result = driver.RunGenerators(compilation.ReplaceSyntaxTree(tree, renamed)).GetRunResult().Results.Single();

        Assert.Equal([IncrementalStepRunReason.Modified], OutputReasons(result));
        Assert.Contains(IncrementalStepRunReason.Modified, result.TrackedSteps[TrackingNames.Models].SelectMany(s => s.Outputs).Select(o => o.Reason));
        Assert.Contains("definition.Topic<byte[], string>(\"lines\")", Assert.Single(result.GeneratedSources).SourceText.ToString());
    }

    [Fact]
    public void A_rerun_of_refused_input_is_cached()
    {
        var compilation = GeneratorHarness.Compile([TestInputs.Refused, TestInputs.NotPartial, TestInputs.Stray]);
        var driver = GeneratorHarness.CreateDriver().RunGenerators(compilation);

        var result = driver.RunGenerators(compilation.Clone()).GetRunResult().Results.Single();

        Assert.Equal(4, OutputReasons(result).Count());
        Assert.All(OutputReasons(result), reason => Assert.Equal(IncrementalStepRunReason.Cached, reason));
        Assert.All(StepReasons(result), reason => Assert.Contains(reason, CachedOrUnchanged));
        Assert.Single(result.Diagnostics);
    }

    [Fact]
    public void Fixing_a_refused_topic_modifies_the_output_and_wires_the_topic()
    {
        var compilation = GeneratorHarness.Compile([TestInputs.Refused]);
        var driver = GeneratorHarness.CreateDriver().RunGenerators(compilation);
        Assert.Contains("\"[Topic] property 'PageViews'", driver.GetRunResult().GeneratedTrees[0].ToString(), StringComparison.Ordinal);

        var tree = compilation.SyntaxTrees.Single(t => t.ToString().Contains("[Topic(\"page views\")]", StringComparison.Ordinal));
        var renamed = tree.WithChangedText(Microsoft.CodeAnalysis.Text.SourceText.From(tree.ToString().Replace("\"page views\"", "\"page-views\"", StringComparison.Ordinal)));
        var result = driver.RunGenerators(compilation.ReplaceSyntaxTree(tree, renamed)).GetRunResult().Results.Single();

        // The refused class beside it is not written again.
        Assert.Equal(
            [IncrementalStepRunReason.Cached, IncrementalStepRunReason.Modified],
            OutputReasons(result).OrderBy(reason => reason == IncrementalStepRunReason.Modified));
        var source = result.GeneratedSources.Single(s => s.HintName == "Refusals.RefusingApp.FaustGen.g.cs").SourceText.ToString();
        Assert.Contains("public partial global::FaustGen.Topic<string, string> PageViews => __PageViews;", source, StringComparison.Ordinal);
        Assert.Contains("this.__PageViews = definition.Topic<string, string>(\"page-views\");", source, StringComparison.Ordinal);
    }

    [Fact]
    public void Changing_a_topic_in_another_file_rebinds_the_agents_that_read_it()
    {
        const string Topics = """
            using FaustGen;
            [App("split")]
            public partial class Split
            {
                [Topic("words")] public partial Topic<string, string> Words { get; }
            }
            """;
        const string Agents = """
            using FaustGen;
            public partial class Split
            {
                [Agent("words")] public void Count(string word) { }
            }
            """;
        var compilation = GeneratorHarness.Compile([Topics, Agents]);
        var driver = GeneratorHarness.CreateDriver().RunGenerators(compilation);
        Assert.Contains("this.Count(", Assert.Single(driver.GetRunResult().GeneratedTrees).ToString());

        var tree = compilation.SyntaxTrees.Single(t => t.ToString().Contains("[Topic(", StringComparison.Ordinal));
        var retyped = tree.WithChangedText(Microsoft.CodeAnalysis.Text.SourceText.From(tree.ToString().Replace("Topic<string, string>", "Topic<string, int>", StringComparison.Ordinal)));
        var result = driver.RunGenerators(compilation.ReplaceSyntaxTree(tree, retyped)).GetRunResult().Results.Single();

        Assert.Equal([IncrementalStepRunReason.Modified], OutputReasons(result));
        Assert.DoesNotContain("this.Count(", Assert.Single(result.GeneratedSources).SourceText.ToString());
    }

    [Fact]
    public void Changing_an_agents_retry_settings_modifies_the_output_and_an_edit_elsewhere_does_not()
    {
        var compilation = GeneratorHarness.Compile([TestInputs.Resilience, TestInputs.WordCount]);
        var driver = GeneratorHarness.CreateDriver().RunGenerators(compilation);

        var tree = compilation.SyntaxTrees.Single(t => t.ToString().Contains("MaxAttempts = 4", StringComparison.Ordinal));
        var changed = tree.WithChangedText(Microsoft.CodeAnalysis.Text.SourceText.From(tree.ToString().Replace("MaxAttempts = 4", "MaxAttempts = 5", StringComparison.Ordinal)));
        var result = driver.RunGenerators(compilation.ReplaceSyntaxTree(tree, changed)).GetRunResult().Results.Single();

        Assert.Equal(
            [IncrementalStepRunReason.Cached, IncrementalStepRunReason.Modified],
            OutputReasons(result).OrderBy(reason => reason == IncrementalStepRunReason.Modified));
        Assert.Contains("MaxAttempts = 5", result.GeneratedSources.Single(s => s.HintName == "Resilient.ResilientApp.FaustGen.g.cs").SourceText.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void No_step_holds_symbols_syntax_or_compilations()
    {
        var compilation = GeneratorHarness.Compile(
            [TestInputs.Extension, TestInputs.WordCount, TestInputs.AgentShapes, TestInputs.Resilience, TestInputs.Tables, TableKindInputs.TableKinds, TestInputs.Channels, TestInputs.Nested, TestInputs.Refused, TestInputs.NotPartial, TestInputs.Stray],
            [Baselines.ExtensionReference()]);
        var result = GeneratorHarness.CreateDriver().RunGenerators(compilation).GetRunResult().Results.Single();

        Assert.All(TrackingNames.All, name => Assert.True(result.TrackedSteps.ContainsKey(name), $"step '{name}' was not tracked"));
        foreach (var name in TrackingNames.All)
        {
            foreach (var output in result.TrackedSteps[name].SelectMany(s => s.Outputs))
            {
                Assert.Empty(RoslynObjectsIn(output.Value, name));
            }
        }
    }

    [Fact]
    public void The_graph_walk_finds_a_held_compilation()
    {
        var compilation = GeneratorHarness.Compile([TestInputs.WordCount]);

        Assert.NotEmpty(RoslynObjectsIn(new { Name = "spec", Held = new object[] { 1, (compilation, "x") } }, "probe"));
    }

    private static IEnumerable<IncrementalStepRunReason> OutputReasons(GeneratorRunResult result) =>
        result.TrackedOutputSteps.SelectMany(s => s.Value).SelectMany(s => s.Outputs).Select(o => o.Reason);

    private static IEnumerable<IncrementalStepRunReason> StepReasons(GeneratorRunResult result) =>
        TrackingNames.All
            .SelectMany(name => result.TrackedSteps.TryGetValue(name, out var steps) ? steps : [])
            .SelectMany(s => s.Outputs)
            .Select(o => o.Reason);

    /// <summary>The paths, within <paramref name="root"/>'s object graph, at which a Roslyn object that pins a compilation is held.</summary>
    internal static List<string> RoslynObjectsIn(object? root, string rootPath)
    {
        var found = new List<string>();
        var seen = new HashSet<object>(ReferenceEqualityComparer.Instance);
        var pending = new Stack<(object? Value, string Path)>();
        pending.Push((root, rootPath));
        while (pending.Count > 0)
        {
            var (value, path) = pending.Pop();
            if (value is null || value is string || value.GetType().IsPrimitive || value.GetType().IsEnum || value is decimal)
            {
                continue;
            }

            if (!value.GetType().IsValueType && !seen.Add(value))
            {
                continue;
            }

            if (value is ISymbol or SyntaxNode or SyntaxTree or Location or SemanticModel or Compilation)
            {
                found.Add(path + ": " + value.GetType().Name);
                continue;
            }

            if (value is Array array)
            {
                var i = 0;
                foreach (var element in (IEnumerable)array)
                {
                    pending.Push((element, $"{path}[{i++}]"));
                }

                continue;
            }

            for (var type = value.GetType(); type is not null; type = type.BaseType)
            {
                foreach (var field in type.GetFields(BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.DeclaredOnly))
                {
                    pending.Push((field.GetValue(value), path + "." + field.Name));
                }
            }
        }

        return found;
    }
}
