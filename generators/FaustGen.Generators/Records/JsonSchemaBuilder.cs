using System.Globalization;
using System.Text;
using FaustGen.Generators.Rules;
using Microsoft.CodeAnalysis;

namespace FaustGen.Generators.Records;

/// <summary>
/// Derives the JSON Schema (draft-07) of what a record's JSON codec writes, at build time. Each record's object is
/// defined once under <c>definitions</c> and referred to from where it is used (the root's own object is the root), so
/// records that nest themselves give a finite schema. Objects allow unknown properties, as the reader skips them; a
/// polymorphic record is <c>anyOf</c> its types, each subtype with its tag.
/// </summary>
internal sealed class JsonSchemaBuilder(RecordTypes types, CancellationToken cancellationToken)
{
    private readonly Dictionary<ITypeSymbol, string> definitions = new(SymbolEqualityComparer.Default);
    private readonly HashSet<string> names = new(StringComparer.Ordinal);
    private readonly Queue<INamedTypeSymbol> undefined = new();
    private INamedTypeSymbol? root;

    /// <summary>The schema of <paramref name="record"/>.</summary>
    public string Build(INamedTypeSymbol record)
    {
        var text = new StringBuilder("{\"$schema\":\"http://json-schema.org/draft-07/schema#\",\"title\":");
        Quote(text, record.Name);
        text.Append(',');
        if (Shape(record) is { Subtypes.Count: > 0 })
        {
            Union(text, record, nullable: false);
        }
        else
        {
            root = record;
            ObjectBody(text, record);
        }

        var first = true;
        while (undefined.Count > 0)
        {
            var type = undefined.Dequeue();
            text.Append(first ? ",\"definitions\":{" : ",");
            first = false;
            Quote(text, definitions[type]);
            text.Append(":{");
            ObjectBody(text, type);
            text.Append('}');
        }

        if (!first)
        {
            text.Append('}');
        }

        return text.Append('}').ToString();
    }

    /// <summary>Writes the members of a record's object schema (without braces): its properties and required ones.</summary>
    private void ObjectBody(StringBuilder text, INamedTypeSymbol record)
    {
        var shape = Shape(record)!;
        text.Append("\"type\":\"object\",\"properties\":{");
        for (var i = 0; i < shape.Fields.Count; i++)
        {
            var field = shape.Fields[i];
            if (i > 0)
            {
                text.Append(',');
            }

            Quote(text, field.WireName);
            text.Append(':');
            Type(text, field.Property.Type, nullable: false);
        }

        text.Append('}');
        var required = shape.Fields.Where(f => f.Required).ToList();
        if (required.Count > 0)
        {
            text.Append(",\"required\":[");
            text.Append(string.Join(",", required.Select(f => JsonString(f.WireName))));
            text.Append(']');
        }
    }

    private void Type(StringBuilder text, ITypeSymbol type, bool nullable)
    {
        RecordMemberTypes.Classify(type, types, new HashSet<ITypeSymbol>(SymbolEqualityComparer.Default), cancellationToken, out var kind, out var element);
        if (kind == RecordMemberKind.Nullable)
        {
            Type(text, element!, nullable: true);
            return;
        }

        nullable |= type.IsReferenceType && type.NullableAnnotation == NullableAnnotation.Annotated;
        if (kind == RecordMemberKind.Record && Shape((INamedTypeSymbol)type) is { Subtypes.Count: > 0 })
        {
            text.Append('{');
            Union(text, (INamedTypeSymbol)type, nullable);
            text.Append('}');
            return;
        }

        if (nullable)
        {
            text.Append("{\"anyOf\":[{\"type\":\"null\"},");
        }

        switch (kind)
        {
            case RecordMemberKind.Boolean:
                text.Append("{\"type\":\"boolean\"}");
                break;
            case RecordMemberKind.Byte:
                Integer(text, byte.MinValue, byte.MaxValue);
                break;
            case RecordMemberKind.SByte:
                Integer(text, sbyte.MinValue, sbyte.MaxValue);
                break;
            case RecordMemberKind.Int16:
                Integer(text, short.MinValue, short.MaxValue);
                break;
            case RecordMemberKind.UInt16:
                Integer(text, ushort.MinValue, ushort.MaxValue);
                break;
            case RecordMemberKind.Int32:
                Integer(text, int.MinValue, int.MaxValue);
                break;
            case RecordMemberKind.UInt32:
                Integer(text, uint.MinValue, uint.MaxValue);
                break;
            case RecordMemberKind.Int64 or RecordMemberKind.UInt64:
                // No bounds for 64 bits: validators that read numbers as decimals fail on them (NJsonSchema on 2^64-1).
                text.Append("{\"type\":\"integer\"}");
                break;
            case RecordMemberKind.Single or RecordMemberKind.Double:
                // The JSON codec writes the values JSON has no number for as these strings.
                text.Append("{\"anyOf\":[{\"type\":\"number\"},{\"enum\":[\"NaN\",\"Infinity\",\"-Infinity\"]}]}");
                break;
            case RecordMemberKind.Decimal:
                text.Append("{\"type\":\"number\"}");
                break;
            case RecordMemberKind.Char:
                text.Append("{\"type\":\"string\",\"minLength\":1,\"maxLength\":1}");
                break;
            case RecordMemberKind.String or RecordMemberKind.TimeSpan:
                text.Append("{\"type\":\"string\"}");
                break;
            case RecordMemberKind.Guid:
                text.Append("{\"type\":\"string\",\"format\":\"uuid\"}");
                break;
            case RecordMemberKind.DateTime or RecordMemberKind.DateTimeOffset:
                text.Append("{\"type\":\"string\",\"format\":\"date-time\"}");
                break;
            case RecordMemberKind.Bytes or RecordMemberKind.Memory:
                text.Append("{\"type\":\"string\",\"contentEncoding\":\"base64\"}");
                break;
            case RecordMemberKind.Enum:
                Enum(text, (INamedTypeSymbol)type);
                break;
            case RecordMemberKind.Array or RecordMemberKind.List:
                text.Append("{\"type\":\"array\",\"items\":");
                Type(text, element!, nullable: false);
                text.Append('}');
                break;
            case RecordMemberKind.Dictionary:
                text.Append("{\"type\":\"object\",\"additionalProperties\":");
                Type(text, element!, nullable: false);
                text.Append('}');
                break;
            default:
                Reference(text, (INamedTypeSymbol)type);
                break;
        }

        if (nullable)
        {
            text.Append("]}");
        }
    }

    /// <summary>Writes a polymorphic record's <c>anyOf</c> (without braces): the base's own object (untagged) when it can be built, and each subtype's with its tag.</summary>
    private void Union(StringBuilder text, INamedTypeSymbol record, bool nullable)
    {
        var shape = Shape(record)!;
        var branches = new List<string>();
        if (nullable)
        {
            branches.Add("{\"type\":\"null\"}");
        }

        if (shape.Constructor is not null)
        {
            var own = new StringBuilder();
            Reference(own, record);
            branches.Add(own.ToString());
        }

        foreach (var subtype in shape.Subtypes)
        {
            var branch = new StringBuilder("{\"allOf\":[");
            Reference(branch, subtype.Key);
            branch.Append(",{\"properties\":{");
            Quote(branch, shape.TypeTag);
            branch.Append(":{\"const\":");
            Quote(branch, subtype.Value);
            branch.Append("}},\"required\":[");
            Quote(branch, shape.TypeTag);
            branch.Append("]}]}");
            branches.Add(branch.ToString());
        }

        text.Append("\"anyOf\":[").Append(string.Join(",", branches)).Append(']');
    }

    private void Reference(StringBuilder text, INamedTypeSymbol record)
    {
        if (SymbolEqualityComparer.Default.Equals(record, root))
        {
            text.Append("{\"$ref\":\"#\"}");
            return;
        }

        if (!definitions.TryGetValue(record, out var name))
        {
            // Keyed by the type's own name, as schemas written by hand are; one taken by another type gets a number.
            name = record.Name;
            for (var n = 2; !names.Add(name); n++)
            {
                name = record.Name + n.ToString(CultureInfo.InvariantCulture);
            }

            definitions.Add(record, name);
            undefined.Enqueue(record);
        }

        text.Append("{\"$ref\":");
        Quote(text, "#/definitions/" + name);
        text.Append('}');
    }

    private void Enum(StringBuilder text, INamedTypeSymbol type)
    {
        if (types.Flags is not null && type.GetAttributes().Any(a => FaustTypes.Is(a.AttributeClass!, types.Flags)))
        {
            // A combination of flags without a name of its own is written as its number.
            text.Append("{\"type\":[\"string\",\"integer\"]}");
            return;
        }

        text.Append("{\"type\":\"string\",\"enum\":[");
        text.Append(string.Join(",", type.GetMembers().OfType<IFieldSymbol>().Where(f => f.HasConstantValue).Select(f => JsonString(f.Name))));
        text.Append("]}");
    }

    private static void Integer(StringBuilder text, long minimum, long maximum) =>
        text.Append("{\"type\":\"integer\",\"minimum\":")
            .Append(minimum.ToString(CultureInfo.InvariantCulture))
            .Append(",\"maximum\":")
            .Append(maximum.ToString(CultureInfo.InvariantCulture))
            .Append('}');

    private RecordShape? Shape(INamedTypeSymbol record) =>
        RecordRules.Classify(record, types, new HashSet<ITypeSymbol>(SymbolEqualityComparer.Default), cancellationToken, out var shape) is null ? shape : null;

    private static void Quote(StringBuilder text, string value) => text.Append(JsonString(value));

    private static string JsonString(string value) => Literals.Json(value);
}
