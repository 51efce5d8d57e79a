using System.Text;
using System.Text.Json;

namespace FaustGen.Codecs;

/// <summary>What kind of Avro type a schema node is.</summary>
internal enum AvroKind
{
    Null,
    Boolean,
    Int,
    Long,
    Float,
    Double,
    Bytes,
    String,
    Record,
    Enum,
    Array,
    Map,
    Union,
    Fixed,
}

/// <summary>
/// A parsed Avro schema: enough of it to compare two schemas (by Parsing Canonical Form) and to resolve data written
/// with one into the layout of another. Named types referenced again share their node, so recursion is a cycle.
/// </summary>
internal sealed class AvroSchema
{
    private static readonly string[] PrimitiveNames = ["null", "boolean", "int", "long", "float", "double", "bytes", "string"];

    private AvroSchema(AvroKind kind)
    {
        Kind = kind;
    }

    public AvroKind Kind { get; }

    /// <summary>The full name of a record, enum or fixed.</summary>
    public string? FullName { get; private set; }

    /// <summary>The fields of a record.</summary>
    public List<AvroField> Fields { get; } = [];

    /// <summary>The symbols of an enum.</summary>
    public List<string> Symbols { get; } = [];

    /// <summary>The enum's default symbol, used for symbols the reader lacks.</summary>
    public string? DefaultSymbol { get; private set; }

    /// <summary>The items of an array, the values of a map.</summary>
    public AvroSchema? Items { get; private set; }

    /// <summary>The branches of a union.</summary>
    public List<AvroSchema> Branches { get; } = [];

    /// <summary>The size of a fixed.</summary>
    public int Size { get; private set; }

    /// <summary>Parses a schema written as JSON.</summary>
    /// <exception cref="FormatException">It is not a valid schema.</exception>
    public static AvroSchema Parse(string json)
    {
        try
        {
            using var document = JsonDocument.Parse(json);
            return Parse(document.RootElement, null, new Dictionary<string, AvroSchema>(StringComparer.Ordinal));
        }
        catch (Exception ex) when (ex is JsonException or InvalidOperationException or KeyNotFoundException)
        {
            throw new FormatException($"Invalid Avro schema: {ex.Message}", ex);
        }
    }

    /// <summary>The full name of a named type, else the primitive's name, else the kind (<c>union</c>, <c>array</c>, <c>map</c>).</summary>
    public string Name => FullName ?? ((int)Kind < PrimitiveNames.Length ? PrimitiveNames[(int)Kind] : Kind.ToString().ToLowerInvariant());

    /// <summary>The schema's Parsing Canonical Form, which two schemas share when they describe the same data.</summary>
    public string Canonical()
    {
        var builder = new StringBuilder();
        WriteCanonical(builder, new HashSet<string>(StringComparer.Ordinal));
        return builder.ToString();
    }

    private static AvroSchema Parse(JsonElement element, string? space, Dictionary<string, AvroSchema> named)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.String:
                return Named(element.GetString()!, space, named);
            case JsonValueKind.Array:
                var union = new AvroSchema(AvroKind.Union);
                foreach (var branch in element.EnumerateArray())
                {
                    union.Branches.Add(Parse(branch, space, named));
                }

                return union;
            case JsonValueKind.Object:
                break;
            default:
                throw new FormatException($"A schema cannot be a JSON {element.ValueKind}.");
        }

        var type = element.GetProperty("type");
        if (type.ValueKind != JsonValueKind.String)
        {
            // {"type": {...}} or {"type": [...]}: the type is nested.
            return Parse(type, space, named);
        }

        var typeName = type.GetString()!;
        switch (typeName)
        {
            case "record":
            case "error":
            case "enum":
            case "fixed":
                var (fullName, innerSpace) = FullNameOf(element, space);
                var schema = new AvroSchema(typeName switch { "enum" => AvroKind.Enum, "fixed" => AvroKind.Fixed, _ => AvroKind.Record }) { FullName = fullName };
                named[fullName] = schema;
                if (schema.Kind == AvroKind.Record)
                {
                    foreach (var field in element.GetProperty("fields").EnumerateArray())
                    {
                        var fieldSchema = Parse(field.GetProperty("type"), innerSpace, named);
                        schema.Fields.Add(new AvroField(
                            field.GetProperty("name").GetString()!,
                            fieldSchema,
                            field.TryGetProperty("default", out var fallback) ? fallback.Clone() : null));
                    }
                }
                else if (schema.Kind == AvroKind.Enum)
                {
                    foreach (var symbol in element.GetProperty("symbols").EnumerateArray())
                    {
                        schema.Symbols.Add(symbol.GetString()!);
                    }

                    schema.DefaultSymbol = element.TryGetProperty("default", out var symbolDefault) ? symbolDefault.GetString() : null;
                }
                else
                {
                    schema.Size = element.GetProperty("size").GetInt32();
                }

                return schema;
            case "array":
                return new AvroSchema(AvroKind.Array) { Items = Parse(element.GetProperty("items"), space, named) };
            case "map":
                return new AvroSchema(AvroKind.Map) { Items = Parse(element.GetProperty("values"), space, named) };
            default:
                // A primitive, possibly with a logical type, which changes nothing in the encoding.
                return Named(typeName, space, named);
        }
    }

    private static AvroSchema Named(string name, string? space, Dictionary<string, AvroSchema> named)
    {
        var primitive = Array.IndexOf(PrimitiveNames, name);
        if (primitive >= 0)
        {
            return new AvroSchema((AvroKind)primitive);
        }

        if (named.TryGetValue(name, out var found) || (space is not null && named.TryGetValue(space + "." + name, out found)))
        {
            return found;
        }

        throw new FormatException($"The schema names the unknown type '{name}'.");
    }

    private static (string FullName, string? Space) FullNameOf(JsonElement element, string? space)
    {
        var name = element.GetProperty("name").GetString()!;
        if (name.Contains('.', StringComparison.Ordinal))
        {
            return (name, name[..name.LastIndexOf('.')]);
        }

        if (element.TryGetProperty("namespace", out var declared) && declared.GetString() is { } ns)
        {
            space = ns.Length == 0 ? null : ns;
        }

        return (space is null ? name : space + "." + name, space);
    }

    private void WriteCanonical(StringBuilder builder, HashSet<string> written)
    {
        switch (Kind)
        {
            case AvroKind.Record or AvroKind.Enum or AvroKind.Fixed when !written.Add(FullName!):
                Quote(builder, FullName!);
                return;
            case AvroKind.Record:
                builder.Append("{\"name\":");
                Quote(builder, FullName!);
                builder.Append(",\"type\":\"record\",\"fields\":[");
                for (var i = 0; i < Fields.Count; i++)
                {
                    builder.Append(i == 0 ? "{\"name\":" : ",{\"name\":");
                    Quote(builder, Fields[i].Name);
                    builder.Append(",\"type\":");
                    Fields[i].Schema.WriteCanonical(builder, written);
                    builder.Append('}');
                }

                builder.Append("]}");
                return;
            case AvroKind.Enum:
                builder.Append("{\"name\":");
                Quote(builder, FullName!);
                builder.Append(",\"type\":\"enum\",\"symbols\":[");
                builder.AppendJoin(',', Symbols.Select(s => "\"" + s + "\""));
                builder.Append("]}");
                return;
            case AvroKind.Fixed:
                builder.Append("{\"name\":");
                Quote(builder, FullName!);
                builder.Append(",\"type\":\"fixed\",\"size\":").Append(Size).Append('}');
                return;
            case AvroKind.Array or AvroKind.Map:
                builder.Append(Kind == AvroKind.Array ? "{\"type\":\"array\",\"items\":" : "{\"type\":\"map\",\"values\":");
                Items!.WriteCanonical(builder, written);
                builder.Append('}');
                return;
            case AvroKind.Union:
                builder.Append('[');
                for (var i = 0; i < Branches.Count; i++)
                {
                    if (i > 0)
                    {
                        builder.Append(',');
                    }

                    Branches[i].WriteCanonical(builder, written);
                }

                builder.Append(']');
                return;
            default:
                Quote(builder, PrimitiveNames[(int)Kind]);
                return;
        }
    }

    private static void Quote(StringBuilder builder, string text) => builder.Append('"').Append(text).Append('"');
}

/// <summary>A field of a record schema, with its default value when it has one.</summary>
internal sealed record AvroField(string Name, AvroSchema Schema, JsonElement? Default);
