using FaustGen.Generators.Rules;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace FaustGen.Generators;

internal static partial class Parser
{
    /// <summary>
    /// The throwing implementation of a partial property marked with <paramref name="attribute"/> that breaks
    /// <paramref name="violation"/>, or null when there is nothing the generator can write: the declaration is not a
    /// partial definition (no 'partial', or accessors with bodies), or its type does not bind.
    /// </summary>
    private static RefusedPropertySpec? Refuse(IPropertySymbol property, SyntaxNode node, AttributeData attribute, MemberKind kind, Violation violation)
    {
        if (node is not PropertyDeclarationSyntax { AccessorList: { } accessors } declaration ||
            !declaration.Modifiers.Any(SyntaxKind.PartialKeyword) ||
            accessors.Accessors.Any(a => a.Body is not null || a.ExpressionBody is not null) ||
            Callables.HasErrors(property.Type))
        {
            return null;
        }

        var marker = attribute.AttributeClass?.Name ?? string.Empty;
        if (marker.EndsWith("Attribute", StringComparison.Ordinal))
        {
            marker = marker.Substring(0, marker.Length - "Attribute".Length);
        }

        return new RefusedPropertySpec(
            TypeNames.Of(property.ContainingType),
            declaration.Modifiers.ToString(),
            TypeNames.Of(property.Type),
            TypeNames.Identifier(property.Name),
            accessors.Accessors.Select(a => a.Modifiers.Count == 0 ? a.Keyword.Text : a.Modifiers + " " + a.Keyword.Text).ToEquatableArray(),
            "[" + marker + "] property '" + property.Name + "' of app '" + property.ContainingType.ToDisplayString() + "' is invalid" +
            Because(violation, kind) + "; fix the declaration");
    }

    /// <summary>The rule <paramref name="violation"/> breaks and why, as a message continues with it: <c> (FAUST2001): reason</c>.</summary>
    private static string Because(Violation violation, MemberKind kind) =>
        (Descriptors.For(violation.Rule, kind) is { } descriptor ? " (" + descriptor.Id + ")" : string.Empty) + ": " + violation.Message;
}
