using FaustGen.Generators.Rules;
using Microsoft.CodeAnalysis;

namespace FaustGen.Generators;

internal static partial class Parser
{
    /// <summary>
    /// The transport and store factories that referenced assemblies declare with
    /// <c>[assembly: FaustGenExtension(typeof(T))]</c>, sorted so the result is stable.
    /// </summary>
    public static EquatableArray<ExtensionSpec> ParseExtensions(Compilation compilation, CancellationToken cancellationToken)
    {
        var attributeType = compilation.GetTypeByMetadataName(KnownNames.ExtensionAttribute);
        if (attributeType is null)
        {
            return default;
        }

        var types = new FaustTypes(compilation);
        var extensions = new List<ExtensionSpec>();
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
                    AttributeArguments.Constructor(attribute, 0) is { Kind: TypedConstantKind.Type, Value: ITypeSymbol factory } &&
                    ExtensionRules.Classify(factory, types, out var kind) is null)
                {
                    extensions.Add(new ExtensionSpec(TypeNames.Of(factory), kind));
                }
            }
        }

        return extensions.OrderBy(e => e.Type, StringComparer.Ordinal).ToEquatableArray();
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
