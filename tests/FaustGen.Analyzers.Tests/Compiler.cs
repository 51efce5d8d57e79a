using System.Collections.Immutable;
using Basic.Reference.Assemblies;
using FaustGen.Generators;
using FaustGen.Generators.Records;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;

namespace FaustGen.Analyzers.Tests;

/// <summary>
/// Compiles source as a build does, without the test framework's workspace: against .NET 10 and the runtime, with
/// both generators' output added, then runs the analyzers with Roslyn's timing on.
/// </summary>
internal static class Compiler
{
    private static readonly CSharpParseOptions ParseOptions = new(LanguageVersion.Latest);

    // Compilations made from this one by adding trees share its bound references, which are most of the cost of a small one.
    private static readonly CSharpCompilation Empty = CSharpCompilation.Create(
        "Input",
        [],
        [
            .. Net100.References.All,
            MetadataReference.CreateFromFile(typeof(App).Assembly.Location),
            MetadataReference.CreateFromFile(typeof(MessagePack.MessagePackWriter).Assembly.Location),
        ],
        new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable));

    /// <summary>A compilation of <paramref name="sources"/> alone, as the generators see it.</summary>
    public static Compilation Compile(params string[] sources) =>
        Empty.AddSyntaxTrees(sources.Select((source, i) => CSharpSyntaxTree.ParseText(source, ParseOptions, path: $"Input{i}.cs")));

    /// <summary>The compilation the analyzers see in a build: <paramref name="sources"/> and what the generators add to them.</summary>
    public static Compilation Generate(params string[] sources) => Generate(sources, out _);

    /// <summary>
    /// What a command-line build of <paramref name="sources"/> reports, decided as the compiler decides it: what the
    /// generators report; then, when parsing or declaring the code with their output gives an error, those
    /// diagnostics alone (the compiler stops there, before any analyzer runs); otherwise every diagnostic of the
    /// compilation and what the analyzers report. Hidden diagnostics, which a build does not print, are left out.
    /// </summary>
    public static async Task<ImmutableArray<Diagnostic>> BuildAsync(params string[] sources)
    {
        var output = Generate(sources, out var generated);
        var shown = output.GetParseDiagnostics().AddRange(output.GetDeclarationDiagnostics());
        if (!shown.Any(d => d.Severity == DiagnosticSeverity.Error))
        {
            var (analyzed, _) = await AnalyzeAsync(output);
            shown = output.GetDiagnostics().AddRange(analyzed);
        }

        return generated.AddRange(shown).RemoveAll(d => d.Severity == DiagnosticSeverity.Hidden);
    }

    private static Compilation Generate(string[] sources, out ImmutableArray<Diagnostic> diagnostics)
    {
        CSharpGeneratorDriver
            .Create([new FaustGenGenerator().AsSourceGenerator(), new RecordGenerator().AsSourceGenerator()], parseOptions: ParseOptions)
            .RunGeneratorsAndUpdateCompilation(Compile(sources), out var output, out diagnostics);
        return output;
    }

    /// <summary>What the analyzers report on <paramref name="compilation"/> (project-wide checks included), and the time they took.</summary>
    public static async Task<(ImmutableArray<Diagnostic> Diagnostics, TimeSpan Time)> AnalyzeAsync(Compilation compilation)
    {
        var analyzer = new FaustGenAnalyzer();
        var withAnalyzers = compilation.WithAnalyzers(
            [analyzer],
            new CompilationWithAnalyzersOptions(new AnalyzerOptions([]), onAnalyzerException: null, concurrentAnalysis: true, logAnalyzerExecutionTime: true));
        var diagnostics = await withAnalyzers.GetAnalyzerDiagnosticsAsync();
        var telemetry = await withAnalyzers.GetAnalyzerTelemetryInfoAsync(analyzer, CancellationToken.None);
        return (diagnostics, telemetry.ExecutionTime);
    }
}
