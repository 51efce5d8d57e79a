using Microsoft.CodeAnalysis;

namespace FaustGen.Generators.Rules;

/// <summary>Which types named by <c>[assembly: FaustGenExtension(typeof(T))]</c> the generated code can register:
/// transport and store factories, and codecs.</summary>
internal static class ExtensionRules
{
    /// <summary>
    /// The extensions that referenced assemblies declare with <c>[assembly: FaustGenExtension(typeof(T))]</c> and that
    /// can be registered, with what each provides.
    /// </summary>
    public static List<(ITypeSymbol Type, ExtensionKind Kind)> Declared(Compilation compilation, CancellationToken cancellationToken)
    {
        var declared = new List<(ITypeSymbol, ExtensionKind)>();
        var attributeType = compilation.GetTypeByMetadataName(KnownNames.ExtensionAttribute);
        if (attributeType is null)
        {
            return declared;
        }

        var types = new FaustTypes(compilation);
        foreach (var assembly in compilation.SourceModule.ReferencedAssemblySymbols)
        {
            cancellationToken.ThrowIfCancellationRequested();

            // Only an assembly built against the runtime can carry the attribute; skipping the rest keeps this cheap.
            if (!ReferencesRuntime(assembly))
            {
                continue;
            }

            foreach (var attribute in assembly.GetAttributes())
            {
                if (SymbolEqualityComparer.Default.Equals(attribute.AttributeClass, attributeType) &&
                    AttributeArguments.Constructor(attribute, 0) is { Kind: TypedConstantKind.Type, Value: ITypeSymbol extension } &&
                    Classify(extension, types, out var kind) is null)
                {
                    declared.Add((extension, kind));
                }
            }
        }

        return declared;
    }

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

        for (var current = named.BaseType; current is not null; current = current.BaseType)
        {
            if (FaustTypes.Is(current, types.Codec))
            {
                kind |= ExtensionKind.Codec;
            }
        }

        return kind == ExtensionKind.None ? "an extension must implement ITransportFactory or IStoreFactory, or derive from Codec" : null;
    }

    private static bool ReferencesRuntime(IAssemblySymbol assembly)
    {
        foreach (var module in assembly.Modules)
        {
            foreach (var reference in module.ReferencedAssemblies)
            {
                if (reference.Name == KnownNames.RuntimeAssembly)
                {
                    return true;
                }
            }
        }

        return false;
    }
}
