using System.Collections.Immutable;
using FaustGen.Generators.Rules;
using FaustGen.Validation;
using Microsoft.CodeAnalysis;

namespace FaustGen.Analyzers;

/// <summary>What the codec diagnostics hand their fixes: a mended codec name, or the type to mark [Record].</summary>
internal static class CodecFixes
{
    /// <summary>The fix for an unknown codec name: each unknown part replaced by the nearest known name, when every one has one.</summary>
    public static ImmutableDictionary<string, string?>? ForName(string codec, FaustSymbols symbols)
    {
        var parts = CodecNames.Parts(codec);
        for (var i = 0; i < parts.Length; i++)
        {
            if (Array.IndexOf(CodecNames.Formats, parts[i]) < 0 && Array.IndexOf(CodecNames.Transforms, parts[i]) < 0 && !symbols.CustomCodecs.Contains(parts[i]))
            {
                if (CodecNames.Nearest(parts[i], symbols.CustomCodecs) is not { } nearest)
                {
                    return null;
                }

                parts[i] = nearest;
            }
        }

        var fixedCodec = string.Join("|", parts);
        return fixedCodec != codec && CodecNames.Error(fixedCodec, symbols.CustomCodecs) is null
            ? ImmutableDictionary<string, string?>.Empty.Add(FixProperties.Replacement, fixedCodec)
            : null;
    }

    /// <summary>
    /// The fix for a type no codec carries: marking it [Record], when it is a class or struct of this project that
    /// could be one (the record rules then say what else it needs).
    /// </summary>
    public static ImmutableDictionary<string, string?>? ForType(ITypeSymbol type, FaustSymbols symbols) =>
        symbols.RecordAttribute is not null &&
        type is INamedTypeSymbol { TypeKind: TypeKind.Class or TypeKind.Struct, IsStatic: false, Arity: 0, DeclaringSyntaxReferences.Length: > 0 } named &&
        SymbolEqualityComparer.Default.Equals(named.ContainingAssembly, symbols.Compilation.Assembly) &&
        FaustSymbols.Find(named, symbols.RecordAttribute) is null &&
        DocumentationCommentId.CreateDeclarationId(named) is { } id
            ? ImmutableDictionary<string, string?>.Empty.Add(FixProperties.RecordType, id)
            : null;
}
