using Microsoft.CodeAnalysis;

namespace FaustGen.Generators.Rules;

/// <summary>The <c>[Middleware&lt;T&gt;]</c> attributes of an agent or an app. Their type argument's constraint
/// (<c>AgentMiddleware, new()</c>) is the compiler's to check.</summary>
internal static class MiddlewareAttributes
{
    /// <summary>The middleware types of the <c>[Middleware&lt;T&gt;]</c> attributes on <paramref name="symbol"/>, in the order written.</summary>
    public static IEnumerable<ITypeSymbol> Of(ISymbol symbol, FaustTypes types) =>
        types.MiddlewareAttribute is null
            ? []
            : symbol.GetAttributes()
                .Where(a => SymbolEqualityComparer.Default.Equals(a.AttributeClass?.OriginalDefinition, types.MiddlewareAttribute) && a.AttributeClass!.TypeArguments.Length == 1)
                .Select(a => a.AttributeClass!.TypeArguments[0])
                .Where(t => t.TypeKind != TypeKind.Error);

}
