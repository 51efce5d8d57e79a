using System.Globalization;
using System.Text;
using Google.Protobuf.Reflection;

namespace FaustGen.Protobuf;

/// <summary>
/// Writes a file descriptor back as <c>.proto</c> text, which is what a schema registry's PROTOBUF type stores
/// (Google.Protobuf's C# runtime has descriptors but no printer). Type names are written fully qualified with a leading
/// dot, so they resolve as the descriptor resolved them. Written: syntax, package, imports, the common file options,
/// messages (fields with labels, proto3 <c>optional</c>, maps, oneofs, defaults, <c>packed</c>, <c>deprecated</c>,
/// custom JSON names, reserved ranges and names, extension ranges), enums (with aliases and reserved values) and
/// services. Not written: extensions (<c>extend</c>), proto2 groups as groups, editions, custom options, and options
/// other than those.
/// </summary>
internal static class ProtoPrinter
{
    private const int MaxFieldNumber = 536_870_911;

    /// <summary>The <c>.proto</c> text of <paramref name="file"/>.</summary>
    public static string Print(FileDescriptorProto file)
    {
        var text = new StringBuilder();
        text.Append("syntax = \"").Append(file.Syntax.Length == 0 ? "proto2" : file.Syntax).Append("\";\n");
        if (file.Package.Length > 0)
        {
            text.Append("package ").Append(file.Package).Append(";\n");
        }

        for (var i = 0; i < file.Dependency.Count; i++)
        {
            text.Append("import ")
                .Append(file.PublicDependency.Contains(i) ? "public " : file.WeakDependency.Contains(i) ? "weak " : string.Empty)
                .Append(Quote(file.Dependency[i]))
                .Append(";\n");
        }

        if (file.Options is { } options)
        {
            Option(text, 0, "csharp_namespace", options.HasCsharpNamespace ? Quote(options.CsharpNamespace) : null);
            Option(text, 0, "java_package", options.HasJavaPackage ? Quote(options.JavaPackage) : null);
            Option(text, 0, "java_outer_classname", options.HasJavaOuterClassname ? Quote(options.JavaOuterClassname) : null);
            Option(text, 0, "java_multiple_files", options.HasJavaMultipleFiles ? Bool(options.JavaMultipleFiles) : null);
            Option(text, 0, "go_package", options.HasGoPackage ? Quote(options.GoPackage) : null);
        }

        var proto3 = file.Syntax == "proto3";
        foreach (var message in file.MessageType)
        {
            Message(text, message, 0, proto3);
        }

        foreach (var type in file.EnumType)
        {
            Enum(text, type, 0);
        }

        foreach (var service in file.Service)
        {
            Service(text, service);
        }

        return text.ToString();
    }

    private static void Message(StringBuilder text, DescriptorProto message, int depth, bool proto3)
    {
        Line(text, depth).Append("message ").Append(message.Name).Append(" {\n");
        if (message.Options is { HasDeprecated: true } options)
        {
            Option(text, depth + 1, "deprecated", Bool(options.Deprecated));
        }

        // protoc declares a map field's entry type where the field is, among the nested messages, and message indexes
        // count it; so fields and nested messages are interleaved to give the nested types back in their order.
        var printedOneofs = new HashSet<int>();
        var next = 0;
        void FieldsUpTo(int last)
        {
            for (; next <= last; next++)
            {
                var field = message.Field[next];
                if (!field.HasOneofIndex || field.Proto3Optional)
                {
                    Field(text, message, field, depth + 1, proto3, inOneof: false);
                }
                else if (printedOneofs.Add(field.OneofIndex))
                {
                    // A oneof is written whole where its first field is.
                    Line(text, depth + 1).Append("oneof ").Append(message.OneofDecl[field.OneofIndex].Name).Append(" {\n");
                    foreach (var member in message.Field.Where(f => f.HasOneofIndex && f.OneofIndex == field.OneofIndex))
                    {
                        Field(text, message, member, depth + 2, proto3, inOneof: true);
                    }

                    Line(text, depth + 1).Append("}\n");
                }
            }
        }

        foreach (var nested in message.NestedType)
        {
            if (nested.Options?.MapEntry == true)
            {
                FieldsUpTo(message.Field.ToList().FindIndex(f => MapEntry(message, f) == nested));
            }
            else
            {
                Message(text, nested, depth + 1, proto3);
            }
        }

        FieldsUpTo(message.Field.Count - 1);

        foreach (var type in message.EnumType)
        {
            Enum(text, type, depth + 1);
        }

        if (message.ExtensionRange.Count > 0)
        {
            Line(text, depth + 1).Append("extensions ")
                .Append(string.Join(", ", message.ExtensionRange.Select(r => Range(r.Start, r.End - 1, MaxFieldNumber))))
                .Append(";\n");
        }

        Reserved(text, depth + 1, message.ReservedRange.Select(r => Range(r.Start, r.End - 1, MaxFieldNumber)), message.ReservedName);
        Line(text, depth).Append("}\n");
    }

    private static void Field(StringBuilder text, DescriptorProto message, FieldDescriptorProto field, int depth, bool proto3, bool inOneof)
    {
        Line(text, depth);
        if (MapEntry(message, field) is { } entry)
        {
            text.Append("map<").Append(TypeName(entry.Field[0])).Append(", ").Append(TypeName(entry.Field[1])).Append('>');
        }
        else
        {
            var label = field.Label switch
            {
                FieldDescriptorProto.Types.Label.Repeated => "repeated ",
                FieldDescriptorProto.Types.Label.Required => "required ",
                _ when inOneof => string.Empty,
                _ when field.Proto3Optional || !proto3 => "optional ",
                _ => string.Empty,
            };
            text.Append(label).Append(TypeName(field));
        }

        text.Append(' ').Append(field.Name).Append(" = ").Append(field.Number.ToString(CultureInfo.InvariantCulture));
        var options = new List<string>();
        if (field.HasDefaultValue)
        {
            options.Add("default = " + DefaultValue(field));
        }

        if (field.HasJsonName && field.JsonName != JsonName(field.Name))
        {
            options.Add("json_name = " + Quote(field.JsonName));
        }

        if (field.Options is { } fieldOptions)
        {
            if (fieldOptions.HasPacked)
            {
                options.Add("packed = " + Bool(fieldOptions.Packed));
            }

            if (fieldOptions.HasDeprecated)
            {
                options.Add("deprecated = " + Bool(fieldOptions.Deprecated));
            }
        }

        if (options.Count > 0)
        {
            text.Append(" [").Append(string.Join(", ", options)).Append(']');
        }

        text.Append(";\n");
    }

    /// <summary>The map entry type a repeated field of <paramref name="message"/> stands for, or null when it is no map.</summary>
    private static DescriptorProto? MapEntry(DescriptorProto message, FieldDescriptorProto field)
    {
        if (field.Label != FieldDescriptorProto.Types.Label.Repeated || field.Type != FieldDescriptorProto.Types.Type.Message)
        {
            return null;
        }

        var name = field.TypeName[(field.TypeName.LastIndexOf('.') + 1)..];
        return message.NestedType.FirstOrDefault(n => n.Name == name && n.Options?.MapEntry == true);
    }

    private static void Enum(StringBuilder text, EnumDescriptorProto type, int depth)
    {
        Line(text, depth).Append("enum ").Append(type.Name).Append(" {\n");
        if (type.Options is { HasAllowAlias: true } options)
        {
            Option(text, depth + 1, "allow_alias", Bool(options.AllowAlias));
        }

        foreach (var value in type.Value)
        {
            Line(text, depth + 1).Append(value.Name).Append(" = ").Append(value.Number.ToString(CultureInfo.InvariantCulture));
            if (value.Options is { HasDeprecated: true } valueOptions)
            {
                text.Append(" [deprecated = ").Append(Bool(valueOptions.Deprecated)).Append(']');
            }

            text.Append(";\n");
        }

        Reserved(text, depth + 1, type.ReservedRange.Select(r => Range(r.Start, r.End, int.MaxValue)), type.ReservedName);
        Line(text, depth).Append("}\n");
    }

    private static void Service(StringBuilder text, ServiceDescriptorProto service)
    {
        text.Append("service ").Append(service.Name).Append(" {\n");
        foreach (var method in service.Method)
        {
            Line(text, 1).Append("rpc ").Append(method.Name)
                .Append(" (").Append(method.ClientStreaming ? "stream " : string.Empty).Append(method.InputType)
                .Append(") returns (").Append(method.ServerStreaming ? "stream " : string.Empty).Append(method.OutputType)
                .Append(");\n");
        }

        text.Append("}\n");
    }

    private static void Reserved(StringBuilder text, int depth, IEnumerable<string> ranges, IEnumerable<string> names)
    {
        var numbers = ranges.ToList();
        if (numbers.Count > 0)
        {
            Line(text, depth).Append("reserved ").Append(string.Join(", ", numbers)).Append(";\n");
        }

        var quoted = names.Select(Quote).ToList();
        if (quoted.Count > 0)
        {
            Line(text, depth).Append("reserved ").Append(string.Join(", ", quoted)).Append(";\n");
        }
    }

    /// <summary>An inclusive range as a <c>.proto</c> file writes it: one number, <c>a to b</c>, or <c>a to max</c>.</summary>
    private static string Range(int start, int last, int max) =>
        start == last ? start.ToString(CultureInfo.InvariantCulture) :
        start.ToString(CultureInfo.InvariantCulture) + " to " + (last >= max ? "max" : last.ToString(CultureInfo.InvariantCulture));

    private static string TypeName(FieldDescriptorProto field) => field.Type switch
    {
        FieldDescriptorProto.Types.Type.Double => "double",
        FieldDescriptorProto.Types.Type.Float => "float",
        FieldDescriptorProto.Types.Type.Int64 => "int64",
        FieldDescriptorProto.Types.Type.Uint64 => "uint64",
        FieldDescriptorProto.Types.Type.Int32 => "int32",
        FieldDescriptorProto.Types.Type.Fixed64 => "fixed64",
        FieldDescriptorProto.Types.Type.Fixed32 => "fixed32",
        FieldDescriptorProto.Types.Type.Bool => "bool",
        FieldDescriptorProto.Types.Type.String => "string",
        FieldDescriptorProto.Types.Type.Bytes => "bytes",
        FieldDescriptorProto.Types.Type.Uint32 => "uint32",
        FieldDescriptorProto.Types.Type.Sfixed32 => "sfixed32",
        FieldDescriptorProto.Types.Type.Sfixed64 => "sfixed64",
        FieldDescriptorProto.Types.Type.Sint32 => "sint32",
        FieldDescriptorProto.Types.Type.Sint64 => "sint64",

        // Messages, enums and groups by their resolved, fully qualified name (".pkg.Type").
        _ => field.TypeName,
    };

    /// <summary>A proto2 default as the source writes it: strings quoted, bytes quoted as the descriptor keeps them (already escaped), enums and numbers as they are.</summary>
    private static string DefaultValue(FieldDescriptorProto field) => field.Type switch
    {
        FieldDescriptorProto.Types.Type.String => Quote(field.DefaultValue),
        FieldDescriptorProto.Types.Type.Bytes => "\"" + field.DefaultValue + "\"",
        _ => field.DefaultValue,
    };

    /// <summary>The JSON name protoc gives a field by default: lowerCamelCase of its name.</summary>
    private static string JsonName(string name)
    {
        var json = new StringBuilder(name.Length);
        var upper = false;
        foreach (var c in name)
        {
            if (c == '_')
            {
                upper = true;
            }
            else
            {
                json.Append(upper ? char.ToUpperInvariant(c) : c);
                upper = false;
            }
        }

        return json.ToString();
    }

    private static void Option(StringBuilder text, int depth, string name, string? value)
    {
        if (value is not null)
        {
            Line(text, depth).Append("option ").Append(name).Append(" = ").Append(value).Append(";\n");
        }
    }

    private static StringBuilder Line(StringBuilder text, int depth) => text.Append(' ', depth * 2);

    private static string Bool(bool value) => value ? "true" : "false";

    /// <summary>A string literal in <c>.proto</c> syntax: C-style escapes, bytes outside printable ASCII as octal.</summary>
    private static string Quote(string value)
    {
        var quoted = new StringBuilder("\"");
        foreach (var b in Encoding.UTF8.GetBytes(value))
        {
            _ = b switch
            {
                (byte)'"' => quoted.Append("\\\""),
                (byte)'\\' => quoted.Append("\\\\"),
                (byte)'\n' => quoted.Append("\\n"),
                (byte)'\r' => quoted.Append("\\r"),
                (byte)'\t' => quoted.Append("\\t"),
                >= 0x20 and < 0x7f => quoted.Append((char)b),
                _ => quoted.Append('\\').Append(Convert.ToString(b, 8).PadLeft(3, '0')),
            };
        }

        return quoted.Append('"').ToString();
    }
}
