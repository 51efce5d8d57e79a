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
/// Marks a type that no codec carries <c>[Record]</c> and makes it partial, so the generator writes its codecs. The
/// type may be declared in another file than the topic or table that uses it.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(AddRecordFix)), Shared]
public sealed class AddRecordFix : CodeFixProvider
{
    /// <inheritdoc/>
    public override ImmutableArray<string> FixableDiagnosticIds { get; } =
        ImmutableArray.Create(DiagnosticIds.CodecCannotCarry, DiagnosticIds.DefaultCodecCannotCarry);

    /// <inheritdoc/>
    public override FixAllProvider? GetFixAllProvider() => null;

    /// <inheritdoc/>
    public override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        var compilation = await context.Document.Project.GetCompilationAsync(context.CancellationToken).ConfigureAwait(false);
        foreach (var diagnostic in context.Diagnostics)
        {
            if (compilation is null || !diagnostic.Properties.TryGetValue(FixProperties.RecordType, out var id) || id is null ||
                DocumentationCommentId.GetFirstSymbolForDeclarationId(id, compilation) is not INamedTypeSymbol type)
            {
                continue;
            }

            context.RegisterCodeFix(
                CodeAction.Create(
                    "Mark '" + type.Name + "' [Record]",
                    cancellationToken => MarkAsync(context.Document.Project.Solution, type, cancellationToken),
                    nameof(AddRecordFix)),
                diagnostic);
        }
    }

    private static async Task<Solution> MarkAsync(Solution solution, INamedTypeSymbol type, CancellationToken cancellationToken)
    {
        var first = true;
        foreach (var reference in type.DeclaringSyntaxReferences)
        {
            if (solution.GetDocument(reference.SyntaxTree) is not { } document ||
                await reference.GetSyntaxAsync(cancellationToken).ConfigureAwait(false) is not TypeDeclarationSyntax declaration)
            {
                continue;
            }

            var marked = declaration.Modifiers.Any(SyntaxKind.PartialKeyword) ? declaration : Syntax.WithPartial(declaration);
            if (first)
            {
                // On the first declaration only ([Record] is applied once), on a line of its own with the declaration's indentation.
                var leading = marked.GetLeadingTrivia();
                var indentation = leading.Count > 0 && leading[leading.Count - 1].IsKind(SyntaxKind.WhitespaceTrivia) ? leading[leading.Count - 1] : default;
                var newLine = declaration.DescendantTrivia().FirstOrDefault(t => t.IsKind(SyntaxKind.EndOfLineTrivia));
                var attribute = SyntaxFactory.AttributeList(SyntaxFactory.SingletonSeparatedList(
                        SyntaxFactory.Attribute(SyntaxFactory.ParseName("global::FaustGen.Record").WithAdditionalAnnotations(Simplifier.Annotation))))
                    .WithLeadingTrivia(leading)
                    .WithTrailingTrivia(newLine.IsKind(SyntaxKind.EndOfLineTrivia) ? newLine : SyntaxFactory.LineFeed);
                marked = marked
                    .WithLeadingTrivia(indentation.IsKind(SyntaxKind.WhitespaceTrivia) ? SyntaxFactory.TriviaList(indentation) : SyntaxFactory.TriviaList())
                    .WithAttributeLists(marked.AttributeLists.Insert(0, attribute));
                first = false;
            }

            var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
            solution = solution.WithDocumentSyntaxRoot(document.Id, root!.ReplaceNode(declaration, marked));
        }

        return solution;
    }
}
