using System.Collections.Immutable;
using Basic.Reference.Assemblies;
using FaustGen.Generators;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Testing;
using Microsoft.CodeAnalysis.Testing;

namespace FaustGen.Analyzers.Tests;

/// <summary>
/// Runs the analyzers (and a code fix) on test source the way the compiler does: against the .NET 10 reference
/// assemblies and the FaustGen runtime, with the generator's output in the compilation, nullable on, C# latest.
/// </summary>
internal static class Verify
{
    // What a project with ImplicitUsings has, so test sources read like user code.
    private const string Usings = "using System; using System.Collections.Generic; using System.Linq; using System.Threading; using System.Threading.Tasks; using FaustGen;\n";

    private static readonly ImmutableArray<MetadataReference> References =
    [
        .. Net100.References.All,
        MetadataReference.CreateFromFile(typeof(App).Assembly.Location),

        // Generated record codecs write MessagePack through its primitives.
        MetadataReference.CreateFromFile(typeof(MessagePack.MessagePackWriter).Assembly.Location),
    ];

    /// <summary>A diagnostic the test expects, by id.</summary>
    public static DiagnosticResult Diagnostic(string id) =>
        CSharpAnalyzerVerifier<FaustGenAnalyzer, DefaultVerifier>.Diagnostic(id);

    /// <summary>
    /// Fails unless the analyzers report exactly <paramref name="expected"/> on <paramref name="source"/>. What the
    /// compiler reports is not compared: code that breaks a rule often does not compile either.
    /// </summary>
    public static Task AnalyzerAsync(string source, params DiagnosticResult[] expected) =>
        Create<EmptyCodeFixProvider>(source, null, expected).RunAsync();

    /// <summary>
    /// Fails unless <paramref name="source"/> compiles (with the generators' output) without an error, and the analyzers
    /// report nothing. Nothing to point at, so no workspace is needed: a plain compilation is much faster.
    /// </summary>
    public static async Task CleanAsync(string source)
    {
        var compilation = Compiler.Generate(Usings + source);
        Assert.Empty(compilation.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error));
        var (diagnostics, _) = await Compiler.AnalyzeAsync(compilation);
        Assert.Empty(diagnostics);
    }

    /// <summary>Fails unless the analyzers report <paramref name="expected"/> and <typeparamref name="TFix"/> turns <paramref name="source"/> into <paramref name="fixedSource"/>.</summary>
    public static Task FixAsync<TFix>(string source, string fixedSource, params DiagnosticResult[] expected)
        where TFix : CodeFixProvider, new() =>
        Create<TFix>(source, fixedSource, expected).RunAsync();

    /// <summary>Fails unless the analyzers report <paramref name="expected"/> and <typeparamref name="TFix"/> offers no fix for any of them.</summary>
    public static Task NoFixAsync<TFix>(string source, params DiagnosticResult[] expected)
        where TFix : CodeFixProvider, new()
    {
        var test = Create<TFix>(source, source, expected);
        test.FixedState.ExpectedDiagnostics.AddRange(expected);
        return test.RunAsync();
    }

    private static Test<TFix> Create<TFix>(string source, string? fixedSource, DiagnosticResult[] expected)
        where TFix : CodeFixProvider, new()
    {
        var test = new Test<TFix> { TestCode = Usings + source, CompilerDiagnostics = CompilerDiagnostics.None };
        if (fixedSource is not null)
        {
            test.FixedCode = Usings + fixedSource;
        }

        test.ExpectedDiagnostics.AddRange(expected);
        return test;
    }

    private sealed class Test<TFix> : CSharpCodeFixTest<FaustGenAnalyzer, TFix, DefaultVerifier>
        where TFix : CodeFixProvider, new()
    {
        public Test()
        {
            // No reference-assembly package to download: the references come from Basic.Reference.Assemblies.
            ReferenceAssemblies = new ReferenceAssemblies("net10.0");
            TestState.AdditionalReferences.AddRange(References);

            // The generator's output is checked by its own tests; here it only has to be in the compilation. The check
            // that '#pragma warning disable' silences each diagnostic is Roslyn's job; skipping it halves the cost of a test.
            TestBehaviors |= TestBehaviors.SkipGeneratedSourcesCheck | TestBehaviors.SkipSuppressionCheck;
            SolutionTransforms.Add((solution, projectId) =>
            {
                var project = solution.GetProject(projectId)!;
                return solution
                    .WithProjectCompilationOptions(projectId, ((CSharpCompilationOptions)project.CompilationOptions!).WithNullableContextOptions(NullableContextOptions.Enable))
                    .WithProjectParseOptions(projectId, ((CSharpParseOptions)project.ParseOptions!).WithLanguageVersion(LanguageVersion.Latest));
            });
        }

        protected override IEnumerable<Type> GetSourceGenerators() => [typeof(FaustGenGenerator), typeof(Generators.Records.RecordGenerator)];
    }
}
