using System.Collections.Immutable;
using System.Composition;
using FaustGen.Generators.Rules;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace FaustGen.Analyzers.CodeFixes;

/// <summary>
/// Turns a [Topic] or [Table] property into the declaration the generator implements: <c>partial</c>, with only
/// <c>get;</c>, no body or initializer, and not nullable (the generator always gives it a value).
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(PartialPropertyFix)), Shared]
public sealed class PartialPropertyFix : CodeFixProvider
{
    /// <inheritdoc/>
    public override ImmutableArray<string> FixableDiagnosticIds { get; } =
        ImmutableArray.Create(DiagnosticIds.TopicPropertyNotPartial, DiagnosticIds.TablePropertyNotPartial);

    /// <inheritdoc/>
    public override FixAllProvider GetFixAllProvider() => WellKnownFixAllProviders.BatchFixer;

    /// <inheritdoc/>
    public override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        var root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
        if (root?.FindToken(context.Span.Start).Parent is not PropertyDeclarationSyntax property)
        {
            return;
        }

        context.RegisterCodeFix(
            CodeAction.Create(
                "Make '" + property.Identifier.ValueText + "' a partial property with only 'get;'",
                _ => Task.FromResult(context.Document.WithSyntaxRoot(root.ReplaceNode(property, Fix(property)))),
                nameof(PartialPropertyFix)),
            context.Diagnostics);
    }

    private static PropertyDeclarationSyntax Fix(PropertyDeclarationSyntax property)
    {
        var getOnly = SyntaxFactory.AccessorList(SyntaxFactory.SingletonList(
                SyntaxFactory.AccessorDeclaration(SyntaxKind.GetAccessorDeclaration).WithSemicolonToken(SyntaxFactory.Token(SyntaxKind.SemicolonToken))))
            .WithOpenBraceToken(SyntaxFactory.Token(SyntaxKind.OpenBraceToken).WithLeadingTrivia(SyntaxFactory.Space).WithTrailingTrivia(SyntaxFactory.Space))
            .WithCloseBraceToken(SyntaxFactory.Token(SyntaxKind.CloseBraceToken).WithLeadingTrivia(SyntaxFactory.Space));
        var trailing = (property.SemicolonToken.IsKind(SyntaxKind.None) ? property.GetLastToken() : property.SemicolonToken).TrailingTrivia;
        var fixedProperty = property
            .WithExpressionBody(null)
            .WithInitializer(null)
            .WithSemicolonToken(default)
            .WithIdentifier(property.Identifier.WithTrailingTrivia())
            .WithAccessorList(getOnly.WithTrailingTrivia(trailing));
        if (fixedProperty.Type is NullableTypeSyntax nullable)
        {
            fixedProperty = fixedProperty.WithType(nullable.ElementType.WithTriviaFrom(nullable));
        }

        return fixedProperty.Modifiers.Any(SyntaxKind.PartialKeyword) ? fixedProperty : Syntax.WithPartial(fixedProperty);
    }
}
