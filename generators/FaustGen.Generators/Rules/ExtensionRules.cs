using Microsoft.CodeAnalysis;

namespace FaustGen.Generators.Rules;

/// <summary>Which types named by <c>[assembly: FaustGenExtension(typeof(T))]</c> the generated code can register.</summary>
internal static class ExtensionRules
{
    /// <summary>Why <paramref name="type"/> cannot be registered, or null; on success <paramref name="kind"/> says what it provides.</summary>
    public static string? Classify(ITypeSymbol type, FaustTypes types, out ExtensionKind kind)
    {
        kind = ExtensionKind.None;
        if (type is not INamedTypeSymbol { TypeKind: TypeKind.Class, IsAbstract: false, IsStatic: false, Arity: 0 } named)
        {
            return "an extension factory must be a non-generic, non-abstract class";
        }

        for (INamedTypeSymbol? current = named; current is not null; current = current.ContainingType)
        {
            if (current.DeclaredAccessibility != Accessibility.Public)
            {
                return "an extension factory must be public";
            }
        }

        var constructible = false;
        foreach (var constructor in named.InstanceConstructors)
        {
            constructible |= constructor.Parameters.Length == 0 && constructor.DeclaredAccessibility == Accessibility.Public;
        }

        if (!constructible)
        {
            return "an extension factory must have a public parameterless constructor";
        }

        foreach (var implemented in named.AllInterfaces)
        {
            if (FaustTypes.Is(implemented, types.TransportFactory))
            {
                kind |= ExtensionKind.Transport;
            }
            else if (FaustTypes.Is(implemented, types.StoreFactory))
            {
                kind |= ExtensionKind.Store;
            }
        }

        return kind == ExtensionKind.None ? "an extension factory must implement ITransportFactory or IStoreFactory" : null;
    }
}
