using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace FaustGen.Analyzers.CodeFixes;

/// <summary>Edits of declarations that several fixes make.</summary>
internal static class Syntax
{
    /// <summary><paramref name="declaration"/> with <c>partial</c> as its last modifier, where C# requires it.</summary>
    public static TypeDeclarationSyntax WithPartial(TypeDeclarationSyntax declaration)
    {
        if (declaration.Modifiers.Count > 0)
        {
            return declaration.AddModifiers(Partial(SyntaxFactory.TriviaList()));
        }

        // The keyword hands its indentation to the new first modifier.
        var keyword = declaration.Keyword;
        return declaration
            .WithKeyword(keyword.WithLeadingTrivia())
            .WithModifiers(SyntaxFactory.TokenList(Partial(keyword.LeadingTrivia)));
    }

    /// <summary><paramref name="declaration"/> with <c>partial</c> as its last modifier.</summary>
    public static PropertyDeclarationSyntax WithPartial(PropertyDeclarationSyntax declaration)
    {
        if (declaration.Modifiers.Count > 0)
        {
            return declaration.AddModifiers(Partial(SyntaxFactory.TriviaList()));
        }

        var type = declaration.Type;
        var first = type.GetFirstToken();
        return declaration
            .WithType(type.ReplaceToken(first, first.WithLeadingTrivia()))
            .WithModifiers(SyntaxFactory.TokenList(Partial(first.LeadingTrivia)));
    }

    private static SyntaxToken Partial(SyntaxTriviaList leading) =>
        SyntaxFactory.Token(leading, SyntaxKind.PartialKeyword, SyntaxFactory.TriviaList(SyntaxFactory.Space));
}
