using System.Globalization;
using System.Text;
using FaustGen.Generators.Rules;
using Microsoft.CodeAnalysis;

namespace FaustGen.Generators.Records;

/// <summary>
/// Derives a record's Avro schema at build time. Named types (records, enums) are defined where first used and
/// referred to by full name afterwards, so records that nest themselves give a valid, finite schema.
/// </summary>
internal sealed class AvroSchemaBuilder(RecordTypes types, CancellationToken cancellationToken)
{
    private readonly HashSet<string> defined = new(StringComparer.Ordinal);
    private readonly StringBuilder text = new();

    /// <summary>The schema of <paramref name="record"/>.</summary>
    public string Build(INamedTypeSymbol record)
    {
        Type(record, nullable: false);
        return text.ToString();
    }

    private void Type(ITypeSymbol type, bool nullable)
    {
        RecordMemberTypes.Classify(type, types, new HashSet<ITypeSymbol>(SymbolEqualityComparer.Default), cancellationToken, out var kind, out var element);
        if (kind == RecordMemberKind.Nullable)
        {
            Type(element!, nullable: true);
            return;
        }

        nullable |= type.IsReferenceType && type.NullableAnnotation == NullableAnnotation.Annotated;
        if (kind == RecordMemberKind.Record && Shape((INamedTypeSymbol)type) is { Subtypes.Count: > 0 } shape)
        {
            // A polymorphic record is the union of its types (unions do not nest, so null joins the same one).
            text.Append('[');
            if (nullable)
            {
                text.Append("\"null\",");
            }

            var branches = new List<INamedTypeSymbol>();
            if (shape.Constructor is not null)
            {
                branches.Add((INamedTypeSymbol)type);
            }

            branches.AddRange(shape.Subtypes.Select(s => s.Key));
            for (var i = 0; i < branches.Count; i++)
            {
                if (i > 0)
                {
                    text.Append(',');
                }

                Record(branches[i]);
            }

            text.Append(']');
            return;
        }

        if (nullable)
        {
            text.Append("[\"null\",");
        }

        switch (kind)
        {
            case RecordMemberKind.Boolean:
                text.Append("\"boolean\"");
                break;
            case RecordMemberKind.Byte or RecordMemberKind.SByte or RecordMemberKind.Int16 or RecordMemberKind.UInt16 or RecordMemberKind.Int32 or RecordMemberKind.Char:
                text.Append("\"int\"");
                break;
            case RecordMemberKind.UInt32 or RecordMemberKind.Int64 or RecordMemberKind.UInt64 or RecordMemberKind.TimeSpan:
                text.Append("\"long\"");
                break;
            case RecordMemberKind.Single:
                text.Append("\"float\"");
                break;
            case RecordMemberKind.Double:
                text.Append("\"double\"");
                break;
            case RecordMemberKind.Decimal or RecordMemberKind.String or RecordMemberKind.DateTimeOffset:
                text.Append("\"string\"");
                break;
            case RecordMemberKind.Guid:
                text.Append("{\"type\":\"string\",\"logicalType\":\"uuid\"}");
                break;
            case RecordMemberKind.DateTime:
                text.Append("{\"type\":\"long\",\"logicalType\":\"timestamp-micros\"}");
                break;
            case RecordMemberKind.Bytes or RecordMemberKind.Memory:
                text.Append("\"bytes\"");
                break;
            case RecordMemberKind.Enum:
                Enum((INamedTypeSymbol)type);
                break;
            case RecordMemberKind.Array or RecordMemberKind.List:
                text.Append("{\"type\":\"array\",\"items\":");
                Type(element!, nullable: false);
                text.Append('}');
                break;
            case RecordMemberKind.Dictionary:
                text.Append("{\"type\":\"map\",\"values\":");
                Type(element!, nullable: false);
                text.Append('}');
                break;
            default:
                Record((INamedTypeSymbol)type);
                break;
        }

        if (nullable)
        {
            text.Append(']');
        }
    }

    private void Record(INamedTypeSymbol record)
    {
        var fullName = FullName(record);
        if (!defined.Add(fullName))
        {
            Quote(fullName);
            return;
        }

        text.Append("{\"type\":\"record\",\"name\":");
        Quote(record.Name);
        Namespace(record);
        text.Append(",\"fields\":[");
        var shape = Shape(record)!;
        for (var i = 0; i < shape.Fields.Count; i++)
        {
            var field = shape.Fields[i];
            text.Append(i == 0 ? "{\"name\":" : ",{\"name\":");
            Quote(AvroName(field.WireName));
            text.Append(",\"type\":");
            Type(field.Property.Type, nullable: false);
            if (IsNullable(field.Property.Type))
            {
                text.Append(",\"default\":null");
            }
            else if (field.Parameter is { HasExplicitDefaultValue: true } parameter && Default(parameter.ExplicitDefaultValue, field.Kind) is { } fallback)
            {
                // A parameter's default is the field's default, so data written before the field existed still reads.
                text.Append(",\"default\":").Append(fallback);
            }

            text.Append('}');
        }

        text.Append("]}");
    }

    private void Enum(INamedTypeSymbol type)
    {
        if (types.Flags is not null && type.GetAttributes().Any(a => FaustTypes.Is(a.AttributeClass!, types.Flags)))
        {
            // Combinations of flags are no single symbol: the value is written as its number.
            text.Append("\"long\"");
            return;
        }

        var fullName = FullName(type);
        if (!defined.Add(fullName))
        {
            Quote(fullName);
            return;
        }

        text.Append("{\"type\":\"enum\",\"name\":");
        Quote(type.Name);
        Namespace(type);
        text.Append(",\"symbols\":[");
        text.Append(string.Join(",", type.GetMembers().OfType<IFieldSymbol>().Where(f => f.HasConstantValue).Select(f => JsonString(AvroName(f.Name)))));
        text.Append("]}");
    }

    /// <summary>A constant as the JSON default of an Avro field of <paramref name="kind"/>, or null when Avro has no such default.</summary>
    private static string? Default(object? value, RecordMemberKind kind) => (value, kind) switch
    {
        (bool flag, RecordMemberKind.Boolean) => flag ? "true" : "false",
        (string text, RecordMemberKind.String) => JsonString(text),
        (sbyte or byte or short or ushort or int or uint or long, _) when kind is RecordMemberKind.SByte or RecordMemberKind.Byte or RecordMemberKind.Int16 or RecordMemberKind.UInt16 or RecordMemberKind.Int32 or RecordMemberKind.UInt32 or RecordMemberKind.Int64 =>
            ((IFormattable)value).ToString(null, CultureInfo.InvariantCulture),
        (float or double, RecordMemberKind.Single or RecordMemberKind.Double) when !double.IsNaN(Convert.ToDouble(value, CultureInfo.InvariantCulture)) && !double.IsInfinity(Convert.ToDouble(value, CultureInfo.InvariantCulture)) =>
            Convert.ToDouble(value, CultureInfo.InvariantCulture).ToString("R", CultureInfo.InvariantCulture),
        _ => null,
    };

    private static bool IsNullable(ITypeSymbol type) =>
        type.OriginalDefinition.SpecialType == SpecialType.System_Nullable_T ||
        (type.IsReferenceType && type.NullableAnnotation == NullableAnnotation.Annotated);

    private RecordShape? Shape(INamedTypeSymbol record) =>
        RecordRules.Classify(record, types, new HashSet<ITypeSymbol>(SymbolEqualityComparer.Default), cancellationToken, out var shape) is null ? shape : null;

    private void Namespace(INamedTypeSymbol type)
    {
        if (SpaceOf(type) is { } space)
        {
            text.Append(",\"namespace\":");
            Quote(space);
        }
    }

    private static string FullName(INamedTypeSymbol type) => SpaceOf(type) is { } space ? space + "." + type.Name : type.Name;

    // Avro names have no nesting: the containing types join the namespace.
    private static string? SpaceOf(INamedTypeSymbol type)
    {
        var parts = new List<string>();
        for (var outer = type.ContainingType; outer is not null; outer = outer.ContainingType)
        {
            parts.Insert(0, outer.Name);
        }

        if (!type.ContainingNamespace.IsGlobalNamespace)
        {
            parts.Insert(0, type.ContainingNamespace.ToDisplayString());
        }

        return parts.Count == 0 ? null : string.Join(".", parts);
    }

    /// <summary>
    /// A field name as Avro allows it ([A-Za-z_][A-Za-z0-9_]*): other characters become '_', and a leading digit gets
    /// one in front, so a JSON name such as <c>e-mail</c> is <c>e_mail</c> in Avro.
    /// </summary>
    public static string AvroName(string name)
    {
        var chars = name.Select(c => c is (>= 'a' and <= 'z') or (>= 'A' and <= 'Z') or (>= '0' and <= '9') or '_' ? c : '_').ToArray();
        var valid = new string(chars);
        return valid.Length == 0 || char.IsDigit(valid[0]) ? "_" + valid : valid;
    }

    private void Quote(string value) => text.Append(JsonString(value));

    private static string JsonString(string value) => Literals.Json(value);
}
