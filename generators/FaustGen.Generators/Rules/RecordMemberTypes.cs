using Microsoft.CodeAnalysis;

namespace FaustGen.Generators.Rules;

/// <summary>Which types a field of a <c>[Record]</c> may have.</summary>
internal static class RecordMemberTypes
{
    /// <summary>
    /// Why no generated codec carries <paramref name="type"/>, or null; on success <paramref name="kind"/> says what it is
    /// and <paramref name="element"/> is the element, value or underlying type of a collection or nullable.
    /// </summary>
    /// <param name="type">The field's type.</param>
    /// <param name="types">The compilation's types.</param>
    /// <param name="visiting">Records whose validity is being decided further up, taken as valid (records may nest themselves).</param>
    /// <param name="cancellationToken">Cancels the check.</param>
    /// <param name="kind">What the type is.</param>
    /// <param name="element">The element, value or underlying type, when there is one.</param>
    public static string? Classify(ITypeSymbol type, RecordTypes types, HashSet<ITypeSymbol> visiting, CancellationToken cancellationToken, out RecordMemberKind kind, out ITypeSymbol? element)
    {
        element = null;
        kind = default;
        switch (type.SpecialType)
        {
            case SpecialType.System_Boolean: kind = RecordMemberKind.Boolean; return null;
            case SpecialType.System_Byte: kind = RecordMemberKind.Byte; return null;
            case SpecialType.System_SByte: kind = RecordMemberKind.SByte; return null;
            case SpecialType.System_Int16: kind = RecordMemberKind.Int16; return null;
            case SpecialType.System_UInt16: kind = RecordMemberKind.UInt16; return null;
            case SpecialType.System_Int32: kind = RecordMemberKind.Int32; return null;
            case SpecialType.System_UInt32: kind = RecordMemberKind.UInt32; return null;
            case SpecialType.System_Int64: kind = RecordMemberKind.Int64; return null;
            case SpecialType.System_UInt64: kind = RecordMemberKind.UInt64; return null;
            case SpecialType.System_Single: kind = RecordMemberKind.Single; return null;
            case SpecialType.System_Double: kind = RecordMemberKind.Double; return null;
            case SpecialType.System_Decimal: kind = RecordMemberKind.Decimal; return null;
            case SpecialType.System_Char: kind = RecordMemberKind.Char; return null;
            case SpecialType.System_String: kind = RecordMemberKind.String; return null;
            case SpecialType.System_DateTime: kind = RecordMemberKind.DateTime; return null;
        }

        if (type.TypeKind == TypeKind.Error)
        {
            return "the type '" + type.Name + "' does not exist";
        }

        if (FaustTypes.Is(type, types.Guid))
        {
            kind = RecordMemberKind.Guid;
            return null;
        }

        if (FaustTypes.Is(type, types.DateTimeOffset))
        {
            kind = RecordMemberKind.DateTimeOffset;
            return null;
        }

        if (FaustTypes.Is(type, types.TimeSpan))
        {
            kind = RecordMemberKind.TimeSpan;
            return null;
        }

        if (type.TypeKind == TypeKind.Enum)
        {
            kind = RecordMemberKind.Enum;
            return Accessible(type) ? null : "the enum '" + type.Name + "' must be public or internal";
        }

        if (type is IArrayTypeSymbol array)
        {
            if (array.Rank != 1)
            {
                return "multi-dimensional arrays are not supported";
            }

            if (array.ElementType.SpecialType == SpecialType.System_Byte)
            {
                kind = RecordMemberKind.Bytes;
                return null;
            }

            kind = RecordMemberKind.Array;
            element = array.ElementType;
            return Element(element, types, visiting, cancellationToken);
        }

        if (type is not INamedTypeSymbol named)
        {
            return "the type '" + type.Name + "' is not supported";
        }

        if (named.OriginalDefinition.SpecialType == SpecialType.System_Nullable_T)
        {
            kind = RecordMemberKind.Nullable;
            element = named.TypeArguments[0];
            return Element(element, types, visiting, cancellationToken);
        }

        if (FaustTypes.IsConstructionOf(named, types.ReadOnlyMemory))
        {
            kind = RecordMemberKind.Memory;
            return named.TypeArguments[0].SpecialType == SpecialType.System_Byte ? null : "ReadOnlyMemory is supported only of bytes";
        }

        if (FaustTypes.IsConstructionOf(named, types.List))
        {
            kind = RecordMemberKind.List;
            element = named.TypeArguments[0];
            return Element(element, types, visiting, cancellationToken);
        }

        if (FaustTypes.IsConstructionOf(named, types.Dictionary))
        {
            kind = RecordMemberKind.Dictionary;
            element = named.TypeArguments[1];
            return named.TypeArguments[0].SpecialType != SpecialType.System_String
                ? "dictionaries must have string keys"
                : Element(element, types, visiting, cancellationToken);
        }

        if (types.IsRecord(named))
        {
            kind = RecordMemberKind.Record;
            if (!SymbolEqualityComparer.Default.Equals(named.ContainingAssembly, types.Assembly))
            {
                return "the record '" + named.Name + "' is declared in another assembly; nested records must be declared in this project";
            }

            return visiting.Contains(named) || RecordRules.Classify(named, types, visiting, cancellationToken, out _) is null
                ? null
                : "the record '" + named.Name + "' is not valid";
        }

        return "the type '" + type.ToDisplayString(SymbolDisplayFormat.MinimallyQualifiedFormat) + "' is not supported: use a primitive, string, Guid, a date or time, an enum, bytes, an array, List<T>, Dictionary<string, T>, or a [Record] type";
    }

    /// <summary>Whether generated code outside the type can name it: it and its containers are public or internal.</summary>
    public static bool Accessible(ITypeSymbol type)
    {
        for (ISymbol? current = type; current is INamedTypeSymbol named; current = named.ContainingType)
        {
            if (named.DeclaredAccessibility is not (Accessibility.Public or Accessibility.Internal))
            {
                return false;
            }
        }

        return true;
    }

    private static string? Element(ITypeSymbol element, RecordTypes types, HashSet<ITypeSymbol> visiting, CancellationToken cancellationToken) =>
        Classify(element, types, visiting, cancellationToken, out _, out _) is { } error ? "its element type is not supported (" + error + ")" : null;
}
