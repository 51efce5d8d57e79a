using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace FaustGen.Generators.Rules;

/// <summary>Which classes marked <c>[App]</c> the generator can complete.</summary>
internal static class AppRules
{
    /// <summary>
    /// Why the generator cannot complete <paramref name="type"/> as an app, or null when it can;
    /// <paramref name="derivesFromObject"/> tells whether the generated part must add <c>FaustGen.App</c> as the base.
    /// </summary>
    public static Violation? Classify(INamedTypeSymbol type, FaustTypes types, CancellationToken cancellationToken, out bool derivesFromObject)
    {
        derivesFromObject = false;
        if (types.App is null || types.AppDefinition is null)
        {
            return Violation.Unreported("the FaustGen runtime is not referenced");
        }

        if (type.TypeKind != TypeKind.Class || type.IsRecord)
        {
            return new Violation(RuleId.AppKind, "an [App] type must be a class (not a record or a struct)");
        }

        if (type.IsStatic)
        {
            return new Violation(RuleId.AppKind, "an [App] class must not be static");
        }

        if (type.Arity > 0)
        {
            return new Violation(RuleId.AppKind, "an [App] class must not be generic");
        }

        if (!IsPartial(type, cancellationToken))
        {
            return new Violation(RuleId.AppNotPartial, "an [App] class must be partial, so the generator can complete it");
        }

        for (var outer = type.ContainingType; outer is not null; outer = outer.ContainingType)
        {
            if (outer.Arity > 0)
            {
                return new Violation(RuleId.AppKind, "an [App] class must not be nested in a generic type");
            }

            if (!IsPartial(outer, cancellationToken))
            {
                return new Violation(RuleId.AppNotPartial, "the type '" + outer.Name + "' that contains an [App] class must be partial");
            }
        }

        if (type.BaseType is null || type.BaseType.SpecialType == SpecialType.System_Object)
        {
            derivesFromObject = true;
        }
        else if (!DerivesFromApp(type.BaseType, types))
        {
            return new Violation(RuleId.AppBase, "an [App] class must derive from nothing or from FaustGen.App, not from '" + type.BaseType.Name + "'");
        }

        foreach (var member in type.GetMembers("Define"))
        {
            if (member is IMethodSymbol { Parameters.Length: 1 } method &&
                SymbolEqualityComparer.Default.Equals(method.Parameters[0].Type, types.AppDefinition) &&
                !IsGenerated(method))
            {
                return new Violation(RuleId.AppDefinesDefine, "an [App] class must not declare Define(AppDefinition): the generator writes it");
            }
        }

        return null;
    }

    /// <summary>
    /// Whether the generator reports <paramref name="violation"/> of the app <paramref name="type"/> itself, rather than
    /// the analyzers: the class, or a type containing it, is not partial, and the class declares partial members. The
    /// compiler refuses those members (CS0751, CS9248) while it declares the class, and a build stops at such errors
    /// before any analyzer runs; what a generator reports is still shown, and first.
    /// </summary>
    public static bool IsReportedByGenerator(Violation violation, INamedTypeSymbol type, CancellationToken cancellationToken) =>
        violation.Rule == RuleId.AppNotPartial && DeclaresPartialMembers(type, cancellationToken);

    /// <summary>The declarations of <paramref name="type"/> that do not say <c>partial</c>.</summary>
    public static IEnumerable<TypeDeclarationSyntax> NonPartialDeclarations(INamedTypeSymbol type, CancellationToken cancellationToken)
    {
        foreach (var reference in type.DeclaringSyntaxReferences)
        {
            if (reference.GetSyntax(cancellationToken) is TypeDeclarationSyntax declaration && !declaration.Modifiers.Any(SyntaxKind.PartialKeyword))
            {
                yield return declaration;
            }
        }
    }

    /// <summary>Whether every declaration of <paramref name="type"/> in source says <c>partial</c>.</summary>
    public static bool IsPartial(INamedTypeSymbol type, CancellationToken cancellationToken)
    {
        var references = type.DeclaringSyntaxReferences;
        if (references.Length == 0)
        {
            return false;
        }

        foreach (var reference in references)
        {
            if (reference.GetSyntax(cancellationToken) is not TypeDeclarationSyntax declaration ||
                !declaration.Modifiers.Any(SyntaxKind.PartialKeyword))
            {
                return false;
            }
        }

        return true;
    }

    // Nested types do not count: a partial type may be nested in any type.
    private static bool DeclaresPartialMembers(INamedTypeSymbol type, CancellationToken cancellationToken)
    {
        foreach (var reference in type.DeclaringSyntaxReferences)
        {
            if (reference.GetSyntax(cancellationToken) is TypeDeclarationSyntax declaration &&
                declaration.Members.Any(m => m is not BaseTypeDeclarationSyntax && m.Modifiers.Any(SyntaxKind.PartialKeyword)))
            {
                return true;
            }
        }

        return false;
    }

    // The analyzers see the compilation with the generator's output, which declares Define.
    private static bool IsGenerated(IMethodSymbol method) =>
        method.DeclaringSyntaxReferences.All(r => r.SyntaxTree.FilePath.EndsWith(KnownNames.GeneratedFileSuffix, StringComparison.Ordinal));

    // A base class marked [App] counts: the generator makes it derive from App, though the compilation it reads does not show that yet.
    private static bool DerivesFromApp(INamedTypeSymbol type, FaustTypes types)
    {
        for (INamedTypeSymbol? current = type; current is not null; current = current.BaseType)
        {
            if (FaustTypes.Is(current, types.App) ||
                current.GetAttributes().Any(a => a.AttributeClass is { } attribute && FaustTypes.Is(attribute, types.AppAttribute)))
            {
                return true;
            }
        }

        return false;
    }
}
