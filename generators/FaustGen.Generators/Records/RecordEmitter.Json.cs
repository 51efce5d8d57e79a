using FaustGen.Generators.Rules;

namespace FaustGen.Generators.Records;

internal static partial class RecordEmitter
{
    private const string Json = "global::System.Text.Json.";
    private const string RecordJson = Codecs + "RecordJson.";
    private const string Token = Json + "JsonTokenType.";

    private static void WriteJson(SourceWriter writer, RecordSpec record)
    {
        var helpers = new Helpers();
        var type = record.Type;
        var writerType = "ref " + Codecs + "JsonRecordWriter writer";
        writer.WriteLine("internal sealed class Json : " + Codecs + "JsonRecordCodec<" + type + ">");
        writer.OpenBlock();
        writer.WriteLine("public static readonly Json Instance = new();");
        writer.WriteLine();
        writer.WriteLine("internal const string SchemaText = " + Literals.String(record.JsonSchema) + ";");
        writer.WriteLine();
        writer.WriteLine("public override string Schema => SchemaText;");
        writer.WriteLine();
        writer.WriteLine("public override void Write(" + writerType + ", " + type + " value) => WriteValue(ref writer, value);");
        writer.WriteLine();
        writer.WriteLine("public override " + type + " Read(ref " + Json + "Utf8JsonReader reader) => ReadValue(ref reader);");

        // WriteValue: the value as a whole (null, the type tag of a subtype); WriteProperties: its own fields, opening
        // the object unless a tag already did.
        writer.WriteLine();
        writer.WriteLine("internal static void WriteValue(" + writerType + ", " + type + (record.IsValueType ? string.Empty : "?") + " value)");
        writer.OpenBlock();
        if (!record.IsValueType)
        {
            NullGuard(writer, "writer.WriteNull();");
        }

        if (record.Subtypes.Count > 0)
        {
            writer.WriteLine("switch (value)");
            writer.OpenBlock();
            for (var i = 0; i < record.Subtypes.Count; i++)
            {
                var subtype = record.Subtypes[i].Type;
                writer.WriteLine("case " + subtype + " subtype" + Number(i) + ":");
                writer.Indent();
                writer.WriteLine("writer.WriteRaw(" + Utf8("{" + JsonText(record.TypeTag) + ":" + JsonText(record.Subtypes[i].Tag)) + ");");
                writer.WriteLine(CodecOf(subtype, "Json") + ".WriteProperties(ref writer, subtype" + Number(i) + ", open: false);");
                writer.WriteLine("writer.WriteRaw(\"}\"u8);");
                writer.WriteLine("return;");
                writer.Unindent();
            }

            writer.CloseBlock();
            writer.WriteLine();
            writer.WriteLine(record.Constructible
                ? "if (value.GetType() != typeof(" + type + ")) throw " + RecordJson + "UntaggedSubtype(value, " + Literals.String(record.Display) + ");"
                : "throw " + RecordJson + "UntaggedSubtype(value, " + Literals.String(record.Display) + ");");
        }

        if (record.Constructible)
        {
            writer.WriteLine("WriteProperties(ref writer, value, open: true);");
            writer.WriteLine("writer.WriteRaw(\"}\"u8);");
        }

        writer.CloseBlock();
        if (record.Constructible)
        {
            writer.WriteLine();
            writer.WriteLine("internal static void WriteProperties(" + writerType + ", " + type + " value, bool open)");
            writer.OpenBlock();
            if (record.Fields.Count == 0)
            {
                writer.WriteLine("if (open) writer.WriteRaw(\"{\"u8);");
            }

            for (var i = 0; i < record.Fields.Count; i++)
            {
                // Each name comes with its quotes, its colon and what precedes it: '{' for the first, ',' otherwise.
                var name = JsonText(record.Fields[i].WireName) + ":";
                writer.WriteLine(i == 0
                    ? "writer.WriteRaw(open ? " + Utf8("{" + name) + " : " + Utf8("," + name) + ");"
                    : "writer.WriteRaw(" + Utf8("," + name) + ");");
                JsonValue(writer, helpers, "value." + record.Fields[i].Property, record.Fields[i].Value);
            }

            writer.CloseBlock();
        }

        writer.WriteLine();
        writer.WriteLine("internal static " + type + " ReadValue(ref " + Json + "Utf8JsonReader reader)");
        writer.OpenBlock();
        if (!record.IsValueType)
        {
            writer.WriteLine("if (reader.TokenType == " + Token + "Null) return null!;");
        }

        if (record.Subtypes.Count > 0)
        {
            writer.WriteLine("if (" + RecordJson + "TryFindTag(reader, " + Literals.String(record.TypeTag) + "u8, out var tag))");
            writer.OpenBlock();
            for (var i = 0; i < record.Subtypes.Count; i++)
            {
                writer.WriteLine("if (tag.ValueTextEquals(" + Literals.String(record.Subtypes[i].Tag) + "u8)) return " + CodecOf(record.Subtypes[i].Type, "Json") + ".ReadObject(ref reader);");
            }

            writer.WriteLine("throw " + RecordJson + "UnknownTag(ref tag, " + Literals.String(record.Display) + ");");
            writer.CloseBlock();
            writer.WriteLine();
        }

        writer.WriteLine(record.Constructible
            ? "return ReadObject(ref reader);"
            : "throw new global::System.FormatException(\"The JSON for " + record.Display + " has no type tag naming one of its subtypes.\");");
        writer.CloseBlock();

        if (record.Constructible)
        {
            WriteJsonReadObject(writer, helpers, record);
        }

        helpers.WriteTo(writer);
        writer.CloseBlock();
    }

    /// <summary><paramref name="text"/> as a JSON string: quoted, with the characters JSON requires escaped.</summary>
    private static string JsonText(string text)
    {
        var json = new System.Text.StringBuilder("\"");
        foreach (var c in text)
        {
            switch (c)
            {
                case '"' or '\\':
                    json.Append('\\').Append(c);
                    break;
                case < ' ':
                    json.Append("\\u").Append(((int)c).ToString("X4", System.Globalization.CultureInfo.InvariantCulture));
                    break;
                default:
                    json.Append(c);
                    break;
            }
        }

        return json.Append('"').ToString();
    }

    /// <summary>A UTF-8 literal of <paramref name="text"/>.</summary>
    private static string Utf8(string text) => Literals.String(text) + "u8";

    private static void WriteJsonReadObject(SourceWriter writer, Helpers helpers, RecordSpec record)
    {
        writer.WriteLine();
        writer.WriteLine("internal static " + record.Type + " ReadObject(ref " + Json + "Utf8JsonReader reader)");
        writer.OpenBlock();
        writer.WriteLine(Codecs + "RecordStack.Ensure();");
        writer.WriteLine(RecordJson + "Expect(ref reader, " + Token + "StartObject, " + Literals.String(record.Display) + ");");
        WriteLocals(writer, record, flags: true);
        var readable = record.Fields.Select((f, i) => (Field: f, Index: i)).Where(f => f.Field.Binding != RecordBinding.WriteOnly).ToList();
        var longest = readable.Count == 0 ? 0 : readable.Max(f => System.Text.Encoding.UTF8.GetByteCount(f.Field.WireName));
        writer.WriteLine("global::System.Span<byte> scratch = stackalloc byte[" + Number(Math.Max(16, longest)) + "];");
        writer.WriteLine("while (true)");
        writer.OpenBlock();
        writer.WriteLine(RecordJson + "Next(ref reader);");
        writer.WriteLine("if (reader.TokenType == " + Token + "EndObject) break;");
        writer.WriteLine("var name = " + RecordJson + "PropertyName(in reader, scratch);");
        writer.WriteLine(RecordJson + "Next(ref reader);");
        if (readable.Count > 0)
        {
            WriteNameSwitch(writer, readable.Select(f => (f.Field.WireName, (Action)(() =>
            {
                writer.WriteLine(Local(f.Index) + " = " + JsonRead(helpers, f.Field.Value) + ";");
                if (NeedsFlag(f.Field))
                {
                    writer.WriteLine(Flag(f.Index) + " = true;");
                }

                writer.WriteLine("continue;");
            }))).ToList());
        }

        writer.WriteLine("reader.Skip();");
        writer.CloseBlock();
        writer.WriteLine();
        WriteConstruction(writer, record, flags: true, "RecordJson");
        writer.CloseBlock();
    }

    /// <summary>
    /// Writes a switch on the length of <c>name</c> (UTF-8 bytes), then compares the bytes, so a property costs one
    /// jump and one comparison; <paramref name="cases"/> write what a match does (ending in <c>continue</c>).
    /// </summary>
    private static void WriteNameSwitch(SourceWriter writer, List<(string Name, Action Match)> cases)
    {
        writer.WriteLine("switch (name.Length)");
        writer.OpenBlock();
        foreach (var group in cases.GroupBy(c => System.Text.Encoding.UTF8.GetByteCount(c.Name)).OrderBy(g => g.Key))
        {
            writer.WriteLine("case " + Number(group.Key) + ":");
            writer.Indent();
            foreach (var (name, match) in group)
            {
                writer.WriteLine("if (global::System.MemoryExtensions.SequenceEqual(name, " + Literals.String(name) + "u8))");
                writer.OpenBlock();
                match();
                writer.CloseBlock();
            }

            writer.WriteLine("break;");
            writer.Unindent();
        }

        writer.CloseBlock();
    }

    /// <summary>Writes a value.</summary>
    private static void JsonValue(SourceWriter writer, Helpers helpers, string value, ValueSpec spec)
    {
        var call = spec.Kind switch
        {
            RecordMemberKind.String => "WriteString(" + value + ")",
            RecordMemberKind.Boolean => "WriteBoolean(" + value + ")",
            RecordMemberKind.Byte or RecordMemberKind.SByte or RecordMemberKind.Int16 or RecordMemberKind.UInt16 => "WriteNumber((int)" + value + ")",
            RecordMemberKind.Int32 or RecordMemberKind.UInt32 or RecordMemberKind.Int64 or RecordMemberKind.UInt64 or RecordMemberKind.Decimal
                or RecordMemberKind.Single or RecordMemberKind.Double => "WriteNumber(" + value + ")",
            RecordMemberKind.Char => "WriteChar(" + value + ")",
            RecordMemberKind.Guid => "WriteGuid(" + value + ")",
            RecordMemberKind.DateTime => "WriteDateTime(" + value + ")",
            RecordMemberKind.DateTimeOffset => "WriteDateTimeOffset(" + value + ")",
            RecordMemberKind.TimeSpan => "WriteTimeSpan(" + value + ")",
            RecordMemberKind.Bytes => "WriteBase64(" + value + ")",
            RecordMemberKind.Memory => "WriteBase64(" + value + ".Span)",
            _ => null,
        };
        if (call is not null)
        {
            writer.WriteLine("writer." + call + ";");
        }
        else if (spec.Kind == RecordMemberKind.Record)
        {
            writer.WriteLine(CodecOf(spec.TypeName, "Json") + ".WriteValue(ref writer, " + value + ");");
        }
        else
        {
            writer.WriteLine(JsonWriter(helpers, spec) + "(ref writer, " + value + ");");
        }
    }

    /// <summary>The helper that writes an enum, a nullable or a collection.</summary>
    private static string JsonWriter(Helpers helpers, ValueSpec spec) =>
        helpers.Get("write " + spec.TypeName, "Write", (w, name) =>
        {
            w.WriteLine();
            w.WriteLine("private static void " + name + "(ref " + Codecs + "JsonRecordWriter writer, " + spec.LocalType + " value)");
            w.OpenBlock();
            switch (spec.Kind)
            {
                case RecordMemberKind.Enum:
                    // Names pre-encoded; a value with no name (a combination of flags) as its number.
                    w.WriteLine("switch (value)");
                    w.OpenBlock();
                    foreach (var member in spec.Enum!.Members.GroupBy(m => m.Value).Select(g => g.First()))
                    {
                        w.WriteLine("case " + spec.TypeName + "." + TypeNames.Identifier(member.Name) + ": writer.WriteRaw(" + Utf8(JsonText(member.Name)) + "); return;");
                    }

                    w.CloseBlock();
                    w.WriteLine("writer.WriteNumber((" + (spec.Enum.Underlying == "ulong" ? "ulong" : "long") + ")value);");
                    break;
                case RecordMemberKind.Nullable:
                    w.WriteLine("if (value is { } present)");
                    w.OpenBlock();
                    JsonValue(w, helpers, "present", spec.Element!);
                    w.CloseBlock();
                    w.WriteLine("else");
                    w.OpenBlock();
                    w.WriteLine("writer.WriteNull();");
                    w.CloseBlock();
                    break;
                case RecordMemberKind.Dictionary:
                    NullGuard(w, "writer.WriteNull();");
                    w.WriteLine("writer.WriteRaw(\"{\"u8);");
                    w.WriteLine("var first = true;");
                    w.WriteLine("foreach (var pair in value)");
                    w.OpenBlock();
                    w.WriteLine("writer.WriteRaw(first ? \"\"u8 : \",\"u8);");
                    w.WriteLine("first = false;");
                    w.WriteLine("writer.WriteString(pair.Key);");
                    w.WriteLine("writer.WriteRaw(\":\"u8);");
                    JsonValue(w, helpers, "pair.Value", spec.Element!);
                    w.CloseBlock();
                    w.WriteLine("writer.WriteRaw(\"}\"u8);");
                    break;
                default:
                    NullGuard(w, "writer.WriteNull();");
                    w.WriteLine("var items = " + Items(spec) + ";");
                    w.WriteLine("writer.WriteRaw(\"[\"u8);");
                    w.WriteLine("for (var i = 0; i < items.Length; i++)");
                    w.OpenBlock();
                    w.WriteLine("if (i > 0) writer.WriteRaw(\",\"u8);");
                    JsonValue(w, helpers, "items[i]", spec.Element!);
                    w.CloseBlock();
                    w.WriteLine("writer.WriteRaw(\"]\"u8);");
                    break;
            }

            w.CloseBlock();
        });

    /// <summary>An expression that reads a value; the reader is on its first token.</summary>
    private static string JsonRead(Helpers helpers, ValueSpec spec)
    {
        var bang = spec.NeedsBang ? "!" : string.Empty;
        return spec.Kind switch
        {
            RecordMemberKind.String => "(reader.TokenType == " + Token + "Null ? null : reader.GetString())" + bang,
            RecordMemberKind.Boolean => "reader.GetBoolean()",
            RecordMemberKind.Byte => "reader.GetByte()",
            RecordMemberKind.SByte => "reader.GetSByte()",
            RecordMemberKind.Int16 => "reader.GetInt16()",
            RecordMemberKind.UInt16 => "reader.GetUInt16()",
            RecordMemberKind.Int32 => "reader.GetInt32()",
            RecordMemberKind.UInt32 => "reader.GetUInt32()",
            RecordMemberKind.Int64 => "reader.GetInt64()",
            RecordMemberKind.UInt64 => "reader.GetUInt64()",
            RecordMemberKind.Single => RecordJson + "ReadSingle(ref reader)",
            RecordMemberKind.Double => RecordJson + "ReadDouble(ref reader)",
            RecordMemberKind.Decimal => "reader.GetDecimal()",
            RecordMemberKind.Char => RecordJson + "ReadChar(ref reader)",
            RecordMemberKind.Guid => "reader.GetGuid()",
            RecordMemberKind.DateTime => "reader.GetDateTime()",
            RecordMemberKind.DateTimeOffset => "reader.GetDateTimeOffset()",
            RecordMemberKind.TimeSpan => RecordJson + "ReadTimeSpan(ref reader)",
            RecordMemberKind.Bytes => "(reader.TokenType == " + Token + "Null ? null : reader.GetBytesFromBase64())" + bang,
            RecordMemberKind.Memory => RecordJson + "ReadMemory(ref reader)",
            RecordMemberKind.Record => CodecOf(spec.TypeName, "Json") + ".ReadValue(ref reader)",
            _ => JsonReader(helpers, spec) + "(ref reader)" + bang,
        };
    }

    /// <summary>The helper that reads an enum, a nullable or a collection.</summary>
    private static string JsonReader(Helpers helpers, ValueSpec spec) =>
        helpers.Get("read " + spec.TypeName, "Read", (w, name) =>
        {
            w.WriteLine();
            w.WriteLine("private static " + spec.LocalType + " " + name + "(ref " + Json + "Utf8JsonReader reader)");
            w.OpenBlock();
            switch (spec.Kind)
            {
                case RecordMemberKind.Enum:
                    w.WriteLine("if (reader.TokenType == " + Token + "Number) return (" + spec.TypeName + ")reader." + JsonNumberGetter(spec.Enum!.Underlying) + "();");
                    w.WriteLine(RecordJson + "Expect(ref reader, " + Token + "String, " + Literals.String(spec.TypeName) + ");");
                    foreach (var member in spec.Enum.Members)
                    {
                        w.WriteLine("if (reader.ValueTextEquals(" + Literals.String(member.Name) + "u8)) return " + spec.TypeName + "." + TypeNames.Identifier(member.Name) + ";");
                    }

                    w.WriteLine("return " + RecordJson + "ParseEnum<" + spec.TypeName + ">(ref reader);");
                    break;
                case RecordMemberKind.Nullable:
                    w.WriteLine("if (reader.TokenType == " + Token + "Null) return null;");
                    w.WriteLine("return " + JsonRead(helpers, spec.Element!) + ";");
                    break;
                case RecordMemberKind.Dictionary:
                    w.WriteLine("if (reader.TokenType == " + Token + "Null) return null;");
                    w.WriteLine(RecordJson + "Expect(ref reader, " + Token + "StartObject, \"a dictionary\");");
                    w.WriteLine("var items = new " + Codecs + "KeyedBuffer<" + spec.Element!.TypeName + ">();");
                    w.WriteLine("while (true)");
                    w.OpenBlock();
                    w.WriteLine(RecordJson + "Next(ref reader);");
                    w.WriteLine("if (reader.TokenType == " + Token + "EndObject) break;");
                    w.WriteLine("var key = reader.GetString()!;");
                    w.WriteLine(RecordJson + "Next(ref reader);");
                    w.WriteLine("items.Add(key, " + JsonRead(helpers, spec.Element) + ");");
                    w.CloseBlock();
                    w.WriteLine("return items.ToDictionary();");
                    break;
                default:
                    w.WriteLine("if (reader.TokenType == " + Token + "Null) return null;");
                    w.WriteLine(RecordJson + "Expect(ref reader, " + Token + "StartArray, \"a list\");");
                    w.WriteLine("var items = new " + Codecs + "ElementBuffer<" + spec.Element!.TypeName + ">();");
                    w.WriteLine("while (true)");
                    w.OpenBlock();
                    w.WriteLine(RecordJson + "Next(ref reader);");
                    w.WriteLine("if (reader.TokenType == " + Token + "EndArray) break;");
                    w.WriteLine("items.Add(" + JsonRead(helpers, spec.Element) + ");");
                    w.CloseBlock();
                    w.WriteLine("return items." + (spec.Kind == RecordMemberKind.List ? "ToList" : "ToArray") + "();");
                    break;
            }

            w.CloseBlock();
        });

    private static string JsonNumberGetter(string underlying) => underlying switch
    {
        "byte" => "GetByte",
        "sbyte" => "GetSByte",
        "short" => "GetInt16",
        "ushort" => "GetUInt16",
        "uint" => "GetUInt32",
        "long" => "GetInt64",
        "ulong" => "GetUInt64",
        _ => "GetInt32",
    };

    private static void NullGuard(SourceWriter w, string writeNull)
    {
        w.WriteLine("if (value is null)");
        w.OpenBlock();
        w.WriteLine(writeNull);
        w.WriteLine("return;");
        w.CloseBlock();
        w.WriteLine();
    }

    /// <summary>What a loop over a list or array iterates: a list's span, so it needs no enumerator.</summary>
    private static string Items(ValueSpec spec) =>
        spec.Kind == RecordMemberKind.List ? "global::System.Runtime.InteropServices.CollectionsMarshal.AsSpan(value)" : "value";
}
