using Microsoft.CodeAnalysis;

namespace FaustGen.Generators.Rules;

/// <summary>
/// Whether a table's <c>Default</c> constant is a value of the table's value type, following C#'s implicit
/// conversions of constants (an <c>int</c> constant is a valid <c>long</c> default; a <c>double</c> is not an <c>int</c>).
/// </summary>
internal static class TableDefaults
{
    /// <summary>
    /// Why <paramref name="constant"/> is not a default of <paramref name="valueType"/>, or null; on success
    /// <paramref name="value"/> is the constant converted to the value type (its underlying type for enums and
    /// nullable value types), or null for a null default.
    /// </summary>
    public static string? Classify(TypedConstant constant, ITypeSymbol valueType, Compilation compilation, out object? value)
    {
        value = null;
        if (constant.Kind is TypedConstantKind.Error or TypedConstantKind.Array or TypedConstantKind.Type)
        {
            return "the default must be a constant of the table's value type";
        }

        if (constant.IsNull)
        {
            return valueType.IsValueType
                ? (IsNullableValueType(valueType) ? null : "null is not a value of " + valueType.Name)
                : (valueType.NullableAnnotation == NullableAnnotation.NotAnnotated ? "null is not a value of the non-nullable " + valueType.Name : null);
        }

        var target = IsNullableValueType(valueType) ? ((INamedTypeSymbol)valueType).TypeArguments[0] : valueType;
        var source = constant.Type;
        if (source is null)
        {
            return "the default must be a constant of the table's value type";
        }

        if (target.TypeKind == TypeKind.Enum || source.TypeKind == TypeKind.Enum)
        {
            if (!SymbolEqualityComparer.Default.Equals(source, target))
            {
                return "the default of type " + source.Name + " is not a " + target.Name;
            }

            value = constant.Value;
            return null;
        }

        if (source.SpecialType == target.SpecialType && source.SpecialType != SpecialType.None)
        {
            value = constant.Value;
            return null;
        }

        if (IsNumeric(target.SpecialType) && (compilation.ClassifyCommonConversion(source, target) is { IsImplicit: true, IsNumeric: true } || FitsAsConstant(constant.Value, target.SpecialType)))
        {
            value = ToNumber(constant.Value!, target.SpecialType);
            return null;
        }

        return "the default of type " + source.Name + " is not a " + target.Name;
    }

    private static bool IsNullableValueType(ITypeSymbol type) =>
        type.OriginalDefinition.SpecialType == SpecialType.System_Nullable_T;

    private static bool IsNumeric(SpecialType type) => type is
        SpecialType.System_SByte or SpecialType.System_Byte or SpecialType.System_Int16 or SpecialType.System_UInt16 or
        SpecialType.System_Int32 or SpecialType.System_UInt32 or SpecialType.System_Int64 or SpecialType.System_UInt64 or
        SpecialType.System_Single or SpecialType.System_Double or SpecialType.System_Decimal;

    // C#'s implicit constant conversions: an int constant fits a smaller or unsigned integral type when its value
    // is in range, and a long constant fits ulong when it is not negative.
    private static bool FitsAsConstant(object? value, SpecialType target)
    {
        long number;
        if (value is int i)
        {
            number = i;
        }
        else if (value is long l && target == SpecialType.System_UInt64)
        {
            number = l;
        }
        else
        {
            return false;
        }

        return target switch
        {
            SpecialType.System_SByte => number is >= sbyte.MinValue and <= sbyte.MaxValue,
            SpecialType.System_Byte => number is >= byte.MinValue and <= byte.MaxValue,
            SpecialType.System_Int16 => number is >= short.MinValue and <= short.MaxValue,
            SpecialType.System_UInt16 => number is >= ushort.MinValue and <= ushort.MaxValue,
            SpecialType.System_UInt32 => number is >= uint.MinValue and <= uint.MaxValue,
            SpecialType.System_UInt64 => number >= 0,
            _ => false,
        };
    }

    private static object ToNumber(object value, SpecialType target)
    {
        // Convert has no char-to-floating conversions, so a char goes through its code.
        var source = value is char c ? (int)c : value;
        var culture = System.Globalization.CultureInfo.InvariantCulture;
        return target switch
        {
            SpecialType.System_SByte => Convert.ToSByte(source, culture),
            SpecialType.System_Byte => Convert.ToByte(source, culture),
            SpecialType.System_Int16 => Convert.ToInt16(source, culture),
            SpecialType.System_UInt16 => Convert.ToUInt16(source, culture),
            SpecialType.System_Int32 => Convert.ToInt32(source, culture),
            SpecialType.System_UInt32 => Convert.ToUInt32(source, culture),
            SpecialType.System_Int64 => Convert.ToInt64(source, culture),
            SpecialType.System_UInt64 => Convert.ToUInt64(source, culture),
            SpecialType.System_Single => Convert.ToSingle(source, culture),
            SpecialType.System_Double => Convert.ToDouble(source, culture),
            _ => Convert.ToDecimal(source, culture),
        };
    }
}
