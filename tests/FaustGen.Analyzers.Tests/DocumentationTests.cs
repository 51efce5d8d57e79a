using System.Text.RegularExpressions;

namespace FaustGen.Analyzers.Tests;

/// <summary>
/// The examples of each page under docs/diagnostics say what the analyzers do: the wrong one gets the page's
/// diagnostic, the fixed one gets no FaustGen diagnostic at all. The analyzers report the same with or without the
/// generators' output (the other tests run them), so the examples are analyzed as written, which is much faster.
/// </summary>
public sealed partial class DocumentationTests
{
    // What the examples use without declaring it.
    private const string Prelude = """
        [Record] public sealed partial record Order(string Id, string Customer, decimal Amount);
        [Record] public sealed partial record Refund(string Id);
        """;

    private const string Usings = "using System; using System.Collections.Generic; using System.Threading; using System.Threading.Tasks; using FaustGen; using FaustGen.Codecs;\n";

    public static TheoryData<string> Pages => new(
        Directory.GetFiles(Repository.PathOf("docs/diagnostics"), "FAUST*.md").Select(Path.GetFileNameWithoutExtension).Order(StringComparer.Ordinal)!);

    [Theory]
    [MemberData(nameof(Pages))]
    public async Task The_wrong_example_gets_the_diagnostic_and_the_fixed_one_none(string id)
    {
        var blocks = CodeBlock().Matches(File.ReadAllText(Repository.PathOf("docs/diagnostics/" + id + ".md"))).Select(m => m.Groups[1].Value).ToList();
        Assert.Equal(2, blocks.Count);

        var (wrong, _) = await Compiler.AnalyzeAsync(Compiler.Compile(Program(blocks[0])));
        Assert.Contains(wrong, d => d.Id == id);

        var (fixedDiagnostics, _) = await Compiler.AnalyzeAsync(Compiler.Compile(Program(blocks[1])));
        Assert.Empty(fixedDiagnostics);
    }

    /// <summary>The example as a compilation unit: members go into an app class; the prelude is added unless the example declares its types.</summary>
    private static string Program(string example)
    {
        var body = MemberAttribute().IsMatch(example)
            ? "[App(\"doc\")]\npublic partial class DocApp\n{\n" + example + "\n}\n"
            : example;
        return Usings + (DeclaresOrder().IsMatch(example) ? string.Empty : Prelude) + body;
    }

    [GeneratedRegex("```csharp\\n(.*?)\\n```", RegexOptions.Singleline)]
    private static partial Regex CodeBlock();

    [GeneratedRegex("^\\[(Agent|Topic|Table|WindowedTable|GlobalTable|SetTable|Timer|StartupTask|OnStarted|OnStopping|OnPartitionsAssigned|OnPartitionsRevoked|OnRecoveryComplete)\\b", RegexOptions.Multiline)]
    private static partial Regex MemberAttribute();

    [GeneratedRegex("(class|record) Order\\b")]
    private static partial Regex DeclaresOrder();
}
