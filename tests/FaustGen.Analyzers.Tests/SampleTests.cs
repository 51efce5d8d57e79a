namespace FaustGen.Analyzers.Tests;

/// <summary>The samples are correct apps: the analyzers find nothing in them (their builds run the analyzers too).</summary>
public sealed class SampleTests
{
    // What the samples' projects have with ImplicitUsings.
    private const string GlobalUsings = """
        global using System;
        global using System.Collections.Generic;
        global using System.IO;
        global using System.Linq;
        global using System.Threading;
        global using System.Threading.Tasks;
        """;

    public static TheoryData<string> Samples => new(
        Directory.GetDirectories(Repository.PathOf("samples")).Select(Path.GetFileName).Order(StringComparer.Ordinal)!);

    [Theory]
    [MemberData(nameof(Samples))]
    public async Task A_sample_gets_no_FaustGen_diagnostic(string sample)
    {
        var sources = Directory.GetFiles(Repository.PathOf("samples/" + sample), "*.cs", SearchOption.AllDirectories)
            .Where(path => !path.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal) &&
                           !path.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .Select(File.ReadAllText)
            .Prepend(GlobalUsings)
            .ToArray();
        Assert.Contains(sources, source => source.Contains("[App(", StringComparison.Ordinal));

        var (diagnostics, _) = await Compiler.AnalyzeAsync(Compiler.Generate(sources));
        Assert.Empty(diagnostics);
    }
}
