using System.Globalization;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace FaustGen.Generators;

/// <summary>C# literals for constants.</summary>
internal static class Literals
{
    /// <summary>A string literal, escaped.</summary>
    public static string String(string value) => SymbolDisplay.FormatLiteral(value, quote: true);

    /// <summary>A double literal that reads back as the same value.</summary>
    public static string Double(double value) => value.ToString("R", CultureInfo.InvariantCulture);

    /// <summary>A boolean literal.</summary>
    public static string Boolean(bool value) => value ? "true" : "false";

    /// <summary><paramref name="value"/> as a JSON string, for the schemas written at build time.</summary>
    public static string Json(string value)
    {
        var json = new System.Text.StringBuilder("\"");
        foreach (var c in value)
        {
            if (c is '"' or '\\')
            {
                json.Append('\\').Append(c);
            }
            else if (c < ' ')
            {
                json.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture));
            }
            else
            {
                json.Append(c);
            }
        }

        return json.Append('"').ToString();
    }

    /// <summary>
    /// A literal of <paramref name="type"/> holding <paramref name="value"/>, which is already converted to the type
    /// (to its underlying type for enums and nullable value types); null gives <c>null</c>.
    /// </summary>
    public static string Typed(object? value, ITypeSymbol type)
    {
        if (value is null)
        {
            return "null";
        }

        if (type.OriginalDefinition.SpecialType == SpecialType.System_Nullable_T)
        {
            type = ((INamedTypeSymbol)type).TypeArguments[0];
        }

        if (type.TypeKind == TypeKind.Enum)
        {
            return "(" + TypeNames.Of(type.WithNullableAnnotation(NullableAnnotation.NotAnnotated)) + ")(" + Number(value) + ")";
        }

        return value switch
        {
            string text => String(text),
            char c => SymbolDisplay.FormatLiteral(c, quote: true),
            bool flag => Boolean(flag),
            sbyte or byte or short or ushort => "(" + Keyword(value) + ")(" + Number(value) + ")",
            int => Number(value),
            uint => Number(value) + "U",
            long => Number(value) + "L",
            ulong => Number(value) + "UL",
            float f => Floating(f, f.ToString("R", CultureInfo.InvariantCulture) + "F", "float"),
            double d => Floating(d, Double(d) + "D", "double"),
            _ => Number(value) + "M",
        };
    }

    private static string Number(object value) => ((IFormattable)value).ToString(null, CultureInfo.InvariantCulture);

    private static string Floating(double value, string literal, string keyword)
    {
        if (double.IsNaN(value))
        {
            return keyword + ".NaN";
        }

        if (double.IsInfinity(value))
        {
            return keyword + (value > 0 ? ".PositiveInfinity" : ".NegativeInfinity");
        }

        return literal;
    }

    private static string Keyword(object value) => value switch
    {
        sbyte => "sbyte",
        byte => "byte",
        short => "short",
        _ => "ushort",
    };
}
