using FaustGen.Generators.Rules;
using Microsoft.CodeAnalysis;

namespace FaustGen.Generators;

internal static partial class Parser
{
    /// <summary>
    /// The transport and store factories and the codecs that referenced assemblies declare with
    /// <c>[assembly: FaustGenExtension(typeof(T))]</c>, sorted so the result is stable.
    /// </summary>
    public static EquatableArray<ExtensionSpec> ParseExtensions(Compilation compilation, CancellationToken cancellationToken) =>
        ExtensionRules.Declared(compilation, cancellationToken)
            .Select(e => new ExtensionSpec(TypeNames.Of(e.Type), e.Kind))
            .OrderBy(e => e.Type, StringComparer.Ordinal)
            .ToEquatableArray();
}
