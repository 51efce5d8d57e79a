using FaustGen.Validation;
using Microsoft.CodeAnalysis;

namespace FaustGen.Generators.Rules;

/// <summary>Which classes marked <c>[CodecName]</c> the generator registers in every app of the project.</summary>
internal static class CodecNameRules
{
    /// <summary>Why <paramref name="type"/> cannot be registered as a custom codec, or null; on success <paramref name="name"/> is its name.</summary>
    public static Violation? Classify(INamedTypeSymbol type, RecordTypes types, out string? name)
    {
        name = null;
        var attribute = RecordTypes.Find(type, types.CodecNameAttribute);
        if (attribute is null || types.Codec is null)
        {
            return Violation.Unreported("the type is not marked [CodecName]");
        }

        name = AttributeArguments.AsString(AttributeArguments.Constructor(attribute, 0));
        if (name is null)
        {
            return Violation.Unreported("the codec name does not bind");
        }

        if (Error(name) is { } nameError)
        {
            return new Violation(RuleId.CustomCodec, nameError, Violation.ConstructorArgument);
        }

        if (type.TypeKind != TypeKind.Class || type.IsAbstract || type.IsStatic || type.Arity > 0)
        {
            return new Violation(RuleId.CustomCodec, "a custom codec must be a non-abstract, non-generic class");
        }

        var derives = false;
        for (var current = type.BaseType; current is not null; current = current.BaseType)
        {
            derives |= SymbolEqualityComparer.Default.Equals(current, types.Codec);
        }

        if (!derives)
        {
            return new Violation(RuleId.CustomCodec, "a custom codec must derive from FaustGen.Codecs.Codec");
        }

        if (!RecordMemberTypes.Accessible(type) ||
            !type.InstanceConstructors.Any(c => c.Parameters.Length == 0 && c.DeclaredAccessibility is Accessibility.Public or Accessibility.Internal))
        {
            return new Violation(RuleId.CustomCodec, "a custom codec must be public or internal with a public or internal parameterless constructor");
        }

        return null;
    }

    /// <summary>Why <paramref name="name"/> cannot name a custom codec, or null: it must be one new part of a codec name.</summary>
    public static string? Error(string name)
    {
        if (name.Trim().Length == 0 || name.Trim() != name || name.IndexOf('|') >= 0)
        {
            return "a custom codec's name must be one word, without '|' or surrounding spaces";
        }

        return Array.IndexOf(CodecNames.Formats, name) >= 0 || Array.IndexOf(CodecNames.Transforms, name) >= 0
            ? "'" + name + "' is a built-in codec's name"
            : null;
    }
}
