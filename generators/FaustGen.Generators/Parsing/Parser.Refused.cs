using FaustGen.Generators.Rules;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace FaustGen.Generators;

internal static partial class Parser
{
    /// <summary>The throwing implementation of a partial property of an app, marked with <paramref name="attribute"/>, that breaks <paramref name="violation"/>.</summary>
    private static RefusedPropertySpec? Refuse(IPropertySymbol property, SyntaxNode node, AttributeData attribute, MemberKind kind, Violation violation) =>
        Refuse(property, node, Marker(attribute) + " property '" + property.Name + "' of app '" + property.ContainingType.ToDisplayString() + "' is invalid" +
            Because(violation, kind) + "; fix the declaration", stray: null);

    /// <summary>
    /// The throwing implementation of a partial property marked with <paramref name="attribute"/> in a class that is not
    /// an <c>[App]</c> class, in a part of that class; null when the class (or one containing it) cannot take a part:
    /// it is static or not partial, and the compiler's errors say so.
    /// </summary>
    private static RefusedPropertySpec? Stray(IPropertySymbol property, SyntaxNode node, AttributeData attribute, CancellationToken cancellationToken)
    {
        var owner = property.ContainingType;
        if (owner.IsStatic || !new[] { owner }.Concat(Containing(owner)).All(t => AppRules.IsPartial(t, cancellationToken)))
        {
            return null;
        }

        return Refuse(property, node, Marker(attribute) + " property '" + property.Name + "' of '" + owner.ToDisplayString() + "' has no effect (" +
            DiagnosticIds.MemberOutsideApp + "): '" + owner.Name + "' is not an [App] class; fix the declaration", Part(owner));
    }

    /// <summary>Whether <paramref name="type"/> is marked <c>[App]</c>: only then are its members an app's.</summary>
    private static bool IsApp(INamedTypeSymbol type, FaustTypes types) =>
        type.GetAttributes().Any(a => a.AttributeClass is { } attributeClass && FaustTypes.Is(attributeClass, types.AppAttribute));

    /// <summary>
    /// A property whose accessors throw <paramref name="message"/>, or null when there is nothing the generator can write:
    /// the declaration is not a partial definition (no 'partial', or accessors with bodies), or its type does not bind.
    /// </summary>
    private static RefusedPropertySpec? Refuse(IPropertySymbol property, SyntaxNode node, string message, PartSpec? stray)
    {
        if (node is not PropertyDeclarationSyntax { AccessorList: { } accessors } declaration ||
            !declaration.Modifiers.Any(SyntaxKind.PartialKeyword) ||
            accessors.Accessors.Any(a => a.Body is not null || a.ExpressionBody is not null) ||
            Callables.HasErrors(property.Type))
        {
            return null;
        }

        return new RefusedPropertySpec(
            TypeNames.Of(property.ContainingType),
            declaration.Modifiers.ToString(),
            TypeNames.Of(property.Type),
            TypeNames.Identifier(property.Name),
            accessors.Accessors.Select(a => a.Modifiers.Count == 0 ? a.Keyword.Text : a.Modifiers + " " + a.Keyword.Text).ToEquatableArray(),
            message,
            stray);
    }

    /// <summary>The attribute as the user writes it: <c>[Topic]</c>.</summary>
    private static string Marker(AttributeData attribute)
    {
        var name = attribute.AttributeClass?.Name ?? string.Empty;
        return "[" + (name.EndsWith("Attribute", StringComparison.Ordinal) ? name.Substring(0, name.Length - "Attribute".Length) : name) + "]";
    }

    /// <summary>The rule <paramref name="violation"/> breaks and why, as a message continues with it: <c> (FAUST2001): reason</c>.</summary>
    private static string Because(Violation violation, MemberKind kind) =>
        (Descriptors.For(violation.Rule, kind) is { } descriptor ? " (" + descriptor.Id + ")" : string.Empty) + ": " + violation.Message;
}
