using System.Text.RegularExpressions;
using FaustGen.Generators.Rules;

namespace FaustGen.Analyzers.Tests;

/// <summary>
/// The catalogue holds together: every rule the generator can break has a diagnostic, and every diagnostic has a
/// fixed id, a help link, a documentation page, a line in the index and a line in the release tracking file.
/// </summary>
public sealed partial class CatalogueTests
{
    private static readonly IReadOnlyList<Microsoft.CodeAnalysis.DiagnosticDescriptor> Supported = new FaustGenAnalyzer().SupportedDiagnostics;

    public static TheoryData<string> Ids => new(Supported.Select(d => d.Id));

    [Fact]
    public void Every_rule_of_the_generator_has_a_diagnostic()
    {
        foreach (var rule in Enum.GetValues<RuleId>().Where(r => r != RuleId.Unreported))
        {
            var descriptors = Enum.GetValues<MemberKind>().Select(kind => Descriptors.For(rule, kind)).OfType<Microsoft.CodeAnalysis.DiagnosticDescriptor>().ToList();
            Assert.True(descriptors.Count > 0, $"RuleId.{rule} has no diagnostic");
            Assert.All(descriptors, d => Assert.Contains(d, Supported));
        }
    }

    [Fact]
    public void Ids_are_unique_and_in_their_area_block()
    {
        Assert.Equal(Supported.Count, Supported.Select(d => d.Id).Distinct().Count());
        var blocks = new Dictionary<string, char>
        {
            ["FaustGen.Apps"] = '1',
            ["FaustGen.Topics"] = '2',
            ["FaustGen.Agents"] = '3',
            ["FaustGen.Scheduling"] = '4',
            ["FaustGen.Tables"] = '5',
            ["FaustGen.Codecs"] = '6',
        };
        Assert.All(Supported, d =>
        {
            Assert.Matches(IdPattern(), d.Id);
            Assert.Equal(blocks[d.Category], d.Id[5]);
        });
    }

    [Theory]
    [MemberData(nameof(Ids))]
    public void Each_diagnostic_has_its_page_its_index_line_and_its_release_line(string id)
    {
        var descriptor = Supported.Single(d => d.Id == id);
        Assert.Equal("https://github.com/faustgen/faustgen/blob/main/docs/diagnostics/" + id + ".md", descriptor.HelpLinkUri);

        var page = File.ReadAllText(Repository.PathOf("docs/diagnostics/" + id + ".md"));
        Assert.StartsWith("# " + id + ": " + descriptor.Title, page, StringComparison.Ordinal);
        Assert.Contains("Severity: " + descriptor.DefaultSeverity, page, StringComparison.Ordinal);

        var index = File.ReadAllText(Repository.PathOf("docs/diagnostics/README.md"));
        Assert.Contains($"| [{id}]({id}.md) | {descriptor.DefaultSeverity} | {descriptor.Title} |", index, StringComparison.Ordinal);

        var releases = File.ReadAllText(Repository.PathOf("analyzers/FaustGen.Analyzers/AnalyzerReleases.Unshipped.md"));
        Assert.Contains($"{id} | {descriptor.Category} | {descriptor.DefaultSeverity} |", releases, StringComparison.Ordinal);
    }

    [Fact]
    public void Every_page_documents_a_diagnostic()
    {
        var pages = Directory.GetFiles(Repository.PathOf("docs/diagnostics"), "FAUST*.md").Select(Path.GetFileNameWithoutExtension);
        Assert.All(pages, page => Assert.Contains(Supported, d => d.Id == page));
    }

    [GeneratedRegex("^FAUST[1-6][0-9]{3}$")]
    private static partial Regex IdPattern();
}
