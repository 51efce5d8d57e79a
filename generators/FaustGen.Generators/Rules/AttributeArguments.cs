using Microsoft.CodeAnalysis;

namespace FaustGen.Generators.Rules;

/// <summary>Reads the arguments of an attribute as written.</summary>
internal static class AttributeArguments
{
    /// <summary>The constructor argument at <paramref name="index"/>, or an error constant when it is missing.</summary>
    public static TypedConstant Constructor(AttributeData attribute, int index) =>
        index < attribute.ConstructorArguments.Length ? attribute.ConstructorArguments[index] : default;

    /// <summary>The named argument <paramref name="name"/>, when the attribute sets it.</summary>
    public static bool TryGetNamed(AttributeData attribute, string name, out TypedConstant value)
    {
        foreach (var pair in attribute.NamedArguments)
        {
            if (pair.Key == name)
            {
                value = pair.Value;
                return true;
            }
        }

        value = default;
        return false;
    }

    /// <summary>The constant's string, or null when it is not a string constant.</summary>
    public static string? AsString(TypedConstant value) =>
        value.Kind == TypedConstantKind.Primitive ? value.Value as string : null;

    /// <summary>The constant as an <see cref="int"/>, or null.</summary>
    public static int? AsInt32(TypedConstant value) =>
        value.Kind == TypedConstantKind.Primitive && value.Value is int number ? number : null;

    /// <summary>The constant as a <see cref="double"/>, or null.</summary>
    public static double? AsDouble(TypedConstant value) =>
        value.Kind == TypedConstantKind.Primitive && value.Value is double number ? number : null;

    /// <summary>
    /// The name of the member of enum <paramref name="type"/> the constant is, or null. An attribute stores an enum as its
    /// underlying value, and generated code names the member, so a value cast from a number that no member has is refused.
    /// </summary>
    public static string? AsEnumMember(TypedConstant value, INamedTypeSymbol? type)
    {
        if (type is null || value.Kind != TypedConstantKind.Enum)
        {
            return null;
        }

        foreach (var member in type.GetMembers())
        {
            if (member is IFieldSymbol { HasConstantValue: true } field && Equals(field.ConstantValue, value.Value))
            {
                return field.Name;
            }
        }

        return null;
    }

    /// <summary>The constant as a <see cref="bool"/>, or null.</summary>
    public static bool? AsBoolean(TypedConstant value) =>
        value.Kind == TypedConstantKind.Primitive && value.Value is bool flag ? flag : null;

    /// <summary>Whether the string names a codec: a codec name must not be blank.</summary>
    public static string? CodecNameError(string? name) =>
        name is not null && name.Trim().Length == 0 ? "a codec name must not be empty" : null;

    /// <summary>Why <paramref name="partitions"/> (0: not set) is not a partition count, or null.</summary>
    public static string? PartitionsError(int partitions) =>
        partitions < 0 ? "a partition count must be 1 or more (or 0 to leave it unset)" : null;

    /// <summary>Why <paramref name="seconds"/> (0: not set) is not a duration, or null.</summary>
    public static string? SecondsError(double seconds) =>
        double.IsNaN(seconds) || double.IsInfinity(seconds) || seconds < 0 ? "a duration must be a finite number of seconds, 0 or more" : null;
}
