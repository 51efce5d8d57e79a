using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace FaustGen.Generators.Tests;

public sealed class BaselineTests
{
    public static TheoryData<string> Cases => [.. Baselines.Cases.Keys];

    [Theory]
    [MemberData(nameof(Cases))]
    public void Output_matches_the_baseline(string name)
    {
        var run = Baselines.Cases[name]().AssertRanCleanly();

        Assert.NotEmpty(run.Sources);
        Baselines.Verify(name, run.Sources);
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Output_compiles_with_the_input_against_the_runtime_without_warnings(string name)
    {
        var run = Baselines.Cases[name]().AssertRanCleanly();

        Assert.Empty(run.OutputProblems);
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Output_needs_no_documentation_of_its_own(string name)
    {
        // Projects that generate a documentation file report public members without docs; generated members must not be among them.
        var run = Baselines.Cases[name]();
        var documented = run.Input.SyntaxTrees.Select(t => t.WithRootAndOptions(t.GetRoot(), GeneratorHarness.ParseOptions.WithDocumentationMode(DocumentationMode.Diagnose)));
        var input = run.Input.RemoveAllSyntaxTrees().AddSyntaxTrees(documented);

        var output = GeneratorHarness.Run((CSharpCompilation)input).AssertRanCleanly().Output;

        var generated = output.SyntaxTrees.Where(t => !input.SyntaxTrees.Contains(t)).ToHashSet();
        Assert.NotEmpty(generated);
        Assert.Empty(output.GetDiagnostics().Where(d => d.Severity >= DiagnosticSeverity.Warning && generated.Contains(d.Location.SourceTree!)));
    }

    [Fact]
    public void WordCount_implements_its_properties_and_registers_every_member()
    {
        var source = Assert.Single(GeneratorHarness.Run(TestInputs.WordCount).AssertRanCleanly().Sources);

        Assert.Equal("Samples.WordCount.FaustGen.g.cs", source.Key);
        Assert.Contains("partial class WordCount : global::FaustGen.App", source.Value);
        Assert.Contains("public partial global::FaustGen.Topic<string, string> Words => __Words;", source.Value);
        Assert.Contains("definition.StreamAgent<byte[], string>(", source.Value);
        Assert.Contains("definition.EventAgent<string, string>(", source.Value);
        Assert.Contains("definition.Timer(\"Report\", global::System.TimeSpan.FromSeconds(30)", source.Value);
    }

    [Fact]
    public void An_app_registers_the_protobuf_codec_and_the_parsers_of_the_messages_its_members_carry_once_each()
    {
        var generated = Baselines.Cases["Protobuf"]().AssertRanCleanly().AllGenerated;

        Assert.Contains("definition.Codec(new global::FaustGen.Protobuf.ProtobufCodec());", generated);
        Assert.Single(generated.Split('\n'), l => l.Contains("ProtobufMessages.Register(global::Google.Protobuf.WellKnownTypes.Timestamp.Parser);", StringComparison.Ordinal));
        Assert.Contains("ProtobufMessages.Register(global::Google.Protobuf.WellKnownTypes.Duration.Parser);", generated);
    }

    [Fact]
    public void Without_FaustGen_Protobuf_no_parser_is_registered()
    {
        var generated = GeneratorHarness.Run(GeneratorHarness.Compile(
            [TestInputs.Protobuf],
            [MetadataReference.CreateFromFile(typeof(Google.Protobuf.IMessage).Assembly.Location)])).AllGenerated;

        Assert.DoesNotContain("ProtobufMessages", generated);
    }

    [Fact]
    public void Extensions_register_only_public_constructible_factories()
    {
        var generated = Baselines.Cases["Extension"]().AssertRanCleanly().AllGenerated;

        Assert.Contains("definition.Transport(new global::Extension.PulsarTransportFactory());", generated);
        Assert.Contains("definition.Store(new global::Extension.BlobStoreFactory());", generated);
        Assert.Contains("definition.Codec(new global::Extension.CsvCodec());", generated);
        Assert.DoesNotContain("Hidden", generated);
        Assert.DoesNotContain("NotAFactory", generated);
    }
}
