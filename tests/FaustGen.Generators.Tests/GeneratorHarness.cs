using System.Collections.Immutable;
using Basic.Reference.Assemblies;
using FaustGen.Generators;
using FaustGen.Generators.Records;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace FaustGen.Generators.Tests;

/// <summary>Builds compilations of test input against the real runtime and runs the generator on them.</summary>
internal static class GeneratorHarness
{
    public static readonly CSharpParseOptions ParseOptions = new(LanguageVersion.Latest);

    // What a project with ImplicitUsings has, so inputs read like user code.
    private const string GlobalUsings = """
        global using System;
        global using System.Collections.Generic;
        global using System.Linq;
        global using System.Threading;
        global using System.Threading.Tasks;
        """;

    private static readonly ImmutableArray<MetadataReference> References =
    [
        .. Net100.References.All,
        MetadataReference.CreateFromFile(typeof(App).Assembly.Location),
        MetadataReference.CreateFromFile(typeof(Microsoft.Extensions.Logging.ILogger).Assembly.Location),
        MetadataReference.CreateFromFile(typeof(Microsoft.Extensions.Configuration.IConfiguration).Assembly.Location),

        // Generated record codecs write through MessagePack's writer and reader.
        MetadataReference.CreateFromFile(typeof(MessagePack.MessagePackWriter).Assembly.Location),
    ];

    /// <summary>A library compilation of <paramref name="sources"/> (plus global usings) with nullable enabled and every warning on.</summary>
    public static CSharpCompilation Compile(IEnumerable<string> sources, IEnumerable<MetadataReference>? extraReferences = null, string assemblyName = "Input") =>
        CSharpCompilation.Create(
            assemblyName,
            sources.Prepend(GlobalUsings).Select((source, i) => CSharpSyntaxTree.ParseText(source, ParseOptions, path: $"Input{i}.cs")),
            References.AddRange(extraReferences ?? []),
            new CSharpCompilationOptions(
                OutputKind.DynamicallyLinkedLibrary,
                nullableContextOptions: NullableContextOptions.Enable,
                warningLevel: 9999,

                // As MSBuild does: references built against an older System.Runtime (MessagePack) unify silently.
                specificDiagnosticOptions: [new("CS1701", ReportDiagnostic.Suppress), new("CS1702", ReportDiagnostic.Suppress)]));

    /// <summary>
    /// A driver that records every step of the pipeline, as the incremental tests need: of <paramref name="generator"/>,
    /// by default the app generator.
    /// </summary>
    public static GeneratorDriver CreateDriver(IIncrementalGenerator? generator = null) =>
        CSharpGeneratorDriver.Create(
            [(generator ?? new FaustGenGenerator()).AsSourceGenerator()],
            parseOptions: ParseOptions,
            driverOptions: new GeneratorDriverOptions(IncrementalGeneratorOutputKind.None, trackIncrementalGeneratorSteps: true));

    /// <summary>Runs the generators a project gets (the app generator and the record generator) on <paramref name="compilation"/>.</summary>
    public static GeneratorRun Run(CSharpCompilation compilation)
    {
        GeneratorDriver driver = CSharpGeneratorDriver.Create(
            [new FaustGenGenerator().AsSourceGenerator(), new RecordGenerator().AsSourceGenerator()],
            parseOptions: ParseOptions);
        driver = driver.RunGeneratorsAndUpdateCompilation(compilation, out var output, out var diagnostics);
        return new GeneratorRun(driver, compilation, output, diagnostics, driver.GetRunResult().Results);
    }

    /// <summary>Runs the generator on a compilation of <paramref name="sources"/>.</summary>
    public static GeneratorRun Run(params string[] sources) => Run(Compile(sources));
}

/// <summary>What one run of the generator produced.</summary>
internal sealed record GeneratorRun(
    GeneratorDriver Driver,
    Compilation Input,
    Compilation Output,
    ImmutableArray<Diagnostic> DriverDiagnostics,
    ImmutableArray<GeneratorRunResult> Results)
{
    /// <summary>The generated files by hint name.</summary>
    public IReadOnlyDictionary<string, string> Sources =>
        Results.SelectMany(r => r.GeneratedSources).ToDictionary(s => s.HintName, s => s.SourceText.ToString(), StringComparer.Ordinal);

    /// <summary>All generated text, for asserting what is (not) in it.</summary>
    public string AllGenerated => string.Concat(Sources.Values);

    /// <summary>The warnings and errors of the input compiled together with the generated code.</summary>
    public IReadOnlyList<Diagnostic> OutputProblems =>
        [.. Output.GetDiagnostics().Where(d => d.Severity >= DiagnosticSeverity.Warning)];

    /// <summary>Fails unless the generator ran without an exception.</summary>
    public GeneratorRun AssertRanCleanly()
    {
        Assert.All(Results, r => Assert.Null(r.Exception));
        Assert.Empty(DriverDiagnostics);
        return this;
    }
}
