using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace FaustGen.Generators.Rules;

/// <summary>Which properties marked <c>[Topic]</c> or <c>[Table]</c> the generator can implement.</summary>
internal static class PartialProperties
{
    /// <summary>
    /// Why the generator cannot implement <paramref name="property"/> as a <paramref name="expected"/> (<c>Topic&lt;K, V&gt;</c>
    /// or <c>Table&lt;K, V&gt;</c>), or null; on success <paramref name="type"/> is the property's type.
    /// </summary>
    public static Violation? Classify(IPropertySymbol property, INamedTypeSymbol? expected, CancellationToken cancellationToken, out INamedTypeSymbol? type)
    {
        type = null;
        if (expected is null)
        {
            return Violation.Unreported("the FaustGen runtime is not referenced");
        }

        if (Callables.HasErrors(property.Type))
        {
            return Violation.Unreported("the property's type names a type that does not exist");
        }

        if (!FaustTypes.IsConstructionOf(property.Type, expected))
        {
            return new Violation(RuleId.PropertyType, "the property's type must be " + expected.Name + "<K, V>");
        }

        if (property.IsStatic || property.IsIndexer || property.ExplicitInterfaceImplementations.Length > 0)
        {
            return new Violation(RuleId.PropertyType, "the property must be an instance property with a name (not static, an indexer or an interface implementation)");
        }

        if (!IsPartialGetOnlyDefinition(property, cancellationToken))
        {
            return new Violation(RuleId.PropertyNotPartial, "the property must be declared 'partial' with only 'get;', so the generator can implement it");
        }

        type = (INamedTypeSymbol)property.Type;
        return null;
    }

    // Roslyn 4.8 has no symbol API for partial properties, so the declaration is read from syntax.
    private static bool IsPartialGetOnlyDefinition(IPropertySymbol property, CancellationToken cancellationToken)
    {
        var references = property.DeclaringSyntaxReferences;
        if (references.Length != 1 ||
            references[0].GetSyntax(cancellationToken) is not PropertyDeclarationSyntax declaration ||
            !declaration.Modifiers.Any(SyntaxKind.PartialKeyword) ||
            declaration.ExpressionBody is not null ||
            declaration.Initializer is not null ||
            declaration.AccessorList is not { Accessors.Count: 1 } accessors)
        {
            return false;
        }

        var getter = accessors.Accessors[0];
        return getter.IsKind(SyntaxKind.GetAccessorDeclaration) && getter.Modifiers.Count == 0 &&
            getter.Body is null && getter.ExpressionBody is null;
    }
}
