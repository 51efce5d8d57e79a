using FaustGen.Generators.Rules;
using Microsoft.CodeAnalysis;

namespace FaustGen.Generators;

internal static partial class Parser
{
    /// <summary>
    /// The protobuf messages among the key and value types a member carries, whose parsers its app registers for
    /// FaustGen.Protobuf's codec: classes that implement Google.Protobuf's <c>IMessage&lt;T&gt;</c> of themselves and have
    /// the public static <c>Parser</c> protoc writes. None unless the project references FaustGen.Protobuf.
    /// </summary>
    private static EquatableArray<string> ProtobufMessages(FaustTypes types, params ITypeSymbol?[] carried)
    {
        if (types.ProtobufMessages is null || types.ProtobufMessage is null || types.ProtobufParser is null)
        {
            return default;
        }

        var messages = new List<string>();
        foreach (var type in carried)
        {
            if (type is INamedTypeSymbol named && IsProtobufMessage(named, types) && TypeNames.Of(named) is var name && !messages.Contains(name))
            {
                messages.Add(name);
            }
        }

        return messages.ToEquatableArray();
    }

    private static bool IsProtobufMessage(INamedTypeSymbol type, FaustTypes types)
    {
        if (type.TypeKind != TypeKind.Class || !RecordMemberTypes.Accessible(type) ||
            !type.AllInterfaces.Any(i => FaustTypes.Is(i.OriginalDefinition, types.ProtobufMessage) && SymbolEqualityComparer.Default.Equals(i.TypeArguments[0], type)))
        {
            return false;
        }

        return type.GetMembers("Parser").OfType<IPropertySymbol>().Any(p =>
            p.IsStatic && p.DeclaredAccessibility == Accessibility.Public && p.Type is INamedTypeSymbol parser &&
            FaustTypes.Is(parser.OriginalDefinition, types.ProtobufParser) && SymbolEqualityComparer.Default.Equals(parser.TypeArguments[0], type));
    }
}
