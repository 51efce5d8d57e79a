using FaustGen.Generators.Rules;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace FaustGen.Analyzers;

/// <summary>Where in the source a diagnostic points: a declaration's name, or the attribute argument at fault.</summary>
internal static class Locations
{
    /// <summary>The name of <paramref name="symbol"/> in its first declaration written by the user.</summary>
    public static Location Of(ISymbol symbol, CancellationToken cancellationToken)
    {
        foreach (var reference in symbol.DeclaringSyntaxReferences)
        {
            if (reference.SyntaxTree.FilePath.EndsWith(KnownNames.GeneratedFileSuffix, StringComparison.Ordinal))
            {
                continue;
            }

            return NameOf(reference.GetSyntax(cancellationToken));
        }

        return symbol.Locations.Length > 0 ? symbol.Locations[0] : Location.None;
    }

    /// <summary>The name a declaration declares, or the whole node when it has none.</summary>
    public static Location NameOf(SyntaxNode declaration) => declaration switch
    {
        BaseTypeDeclarationSyntax type => type.Identifier.GetLocation(),
        MethodDeclarationSyntax method => method.Identifier.GetLocation(),
        PropertyDeclarationSyntax property => property.Identifier.GetLocation(),
        ParameterSyntax parameter => parameter.Identifier.GetLocation(),
        _ => declaration.GetLocation(),
    };

    /// <summary>
    /// The expression of <paramref name="argument"/> (a named argument, <see cref="Violation.ConstructorArgument"/>)
    /// in <paramref name="attribute"/> as written, or of its <paramref name="element"/>-th element when it is an array;
    /// the attribute itself when the argument is not written there.
    /// </summary>
    public static Location? OfArgument(AttributeData attribute, string argument, int element, CancellationToken cancellationToken)
    {
        if (attribute.ApplicationSyntaxReference?.GetSyntax(cancellationToken) is not AttributeSyntax syntax)
        {
            return null;
        }

        foreach (var candidate in syntax.ArgumentList?.Arguments ?? default)
        {
            var matches = argument == Violation.ConstructorArgument
                ? candidate.NameEquals is null
                : candidate.NameEquals?.Name.Identifier.ValueText == argument;
            if (matches)
            {
                return element >= 0 && Element(candidate.Expression, element) is { } item ? item.GetLocation() : candidate.Expression.GetLocation();
            }
        }

        return syntax.GetLocation();
    }

    /// <summary>The location of <paramref name="violation"/>: its argument when it names one, otherwise <paramref name="declaration"/>.</summary>
    public static Location Of(Violation violation, AttributeData attribute, ISymbol declaration, CancellationToken cancellationToken) =>
        (violation.Argument is { } argument ? OfArgument(attribute, argument, violation.Element, cancellationToken) : null) ??
        Of(declaration, cancellationToken);

    private static ExpressionSyntax? Element(ExpressionSyntax array, int index)
    {
        var elements = array switch
        {
            ArrayCreationExpressionSyntax { Initializer: { } initializer } => initializer.Expressions,
            ImplicitArrayCreationExpressionSyntax creation => creation.Initializer.Expressions,
            InitializerExpressionSyntax initializer => initializer.Expressions,
            _ => default,
        };
        if (index < elements.Count)
        {
            return elements[index];
        }

        return array is CollectionExpressionSyntax collection && index < collection.Elements.Count && collection.Elements[index] is ExpressionElementSyntax item
            ? item.Expression
            : null;
    }
}
