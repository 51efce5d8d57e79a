using System.Collections.Immutable;
using System.Composition;
using FaustGen.Generators.Rules;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Simplification;

namespace FaustGen.Analyzers.CodeFixes;

/// <summary>
/// Gives an agent, timer or startup task the return type the analyzer proposes: <c>Task</c> for an <c>async void</c>
/// method, or for an async stream agent that returns <c>ValueTask</c>. Both are async, so the body stays as it is.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(ReturnTypeFix)), Shared]
public sealed class ReturnTypeFix : CodeFixProvider
{
    /// <inheritdoc/>
    public override ImmutableArray<string> FixableDiagnosticIds { get; } =
        ImmutableArray.Create(DiagnosticIds.AsyncVoid, DiagnosticIds.AgentSignature);

    /// <inheritdoc/>
    public override FixAllProvider GetFixAllProvider() => WellKnownFixAllProviders.BatchFixer;

    /// <inheritdoc/>
    public override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        var root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
        foreach (var diagnostic in context.Diagnostics)
        {
            if (!diagnostic.Properties.TryGetValue(FixProperties.ReturnType, out var returnType) || returnType is null ||
                root?.FindToken(diagnostic.Location.SourceSpan.Start).Parent is not MethodDeclarationSyntax method)
            {
                continue;
            }

            var type = SyntaxFactory.ParseTypeName(returnType).WithTriviaFrom(method.ReturnType).WithAdditionalAnnotations(Simplifier.Annotation);
            context.RegisterCodeFix(
                CodeAction.Create(
                    "Return Task",
                    _ => Task.FromResult(context.Document.WithSyntaxRoot(root.ReplaceNode(method, method.WithReturnType(type)))),
                    nameof(ReturnTypeFix)),
                diagnostic);
        }
    }
}
