using FaustGen.Generators.Rules;

namespace FaustGen.Generators.Records;

internal static partial class RecordEmitter
{
    private const string RecordAvro = Codecs + "RecordAvro.";

    private static void WriteAvro(SourceWriter writer, RecordSpec record)
    {
        var helpers = new Helpers();
        var type = record.Type;
        var writerType = "ref " + Codecs + "AvroWriter writer";
        var readerType = "ref " + Codecs + "AvroReader reader";
        var branches = record.Subtypes.Count + (record.Constructible ? 1 : 0);
        writer.WriteLine("internal sealed class Avro : " + Codecs + "AvroRecordCodec<" + type + ">");
        writer.OpenBlock();
        writer.WriteLine("public static readonly Avro Instance = new();");
        writer.WriteLine();
        writer.WriteLine("internal const string SchemaText = " + Literals.String(record.AvroSchema) + ";");
        writer.WriteLine();
        writer.WriteLine("public override string Schema => SchemaText;");
        writer.WriteLine();
        writer.WriteLine("public override void Write(" + writerType + ", " + type + " value) => WriteValue(ref writer, value);");
        writer.WriteLine();
        writer.WriteLine("public override " + type + " Read(" + readerType + ") => ReadValue(ref reader);");

        writer.WriteLine();
        writer.WriteLine("internal static void WriteValue(" + writerType + ", " + type + " value)" + (record.Subtypes.Count > 0 ? " => WriteBranch(ref writer, value, 0);" : " => WriteObject(ref writer, value);"));
        writer.WriteLine();
        writer.WriteLine("internal static " + type + " ReadValue(" + readerType + ")" + (record.Subtypes.Count > 0
            ? " => ReadBranch(ref reader, reader.ReadIndex(" + Number(branches) + "));"
            : " => ReadObject(ref reader);"));

        if (record.Subtypes.Count > 0)
        {
            // A polymorphic record is a union: the base type first (when it can be built), then the subtypes in
            // the order [RecordSubtype] lists them; offset is 1 when the union also holds null.
            var order = record.Subtypes.ToList();
            writer.WriteLine();
            writer.WriteLine("internal static void WriteBranch(" + writerType + ", " + type + " value, int offset)");
            writer.OpenBlock();
            writer.WriteLine("switch (value)");
            writer.OpenBlock();
            for (var i = 0; i < order.Count; i++)
            {
                writer.WriteLine("case " + order[i].Type + " subtype" + Number(i) + ":");
                writer.Indent();
                writer.WriteLine("writer.WriteLong(offset + " + Number(BranchOf(record, order[i])) + ");");
                writer.WriteLine(CodecOf(order[i].Type, "Avro") + ".WriteObject(ref writer, subtype" + Number(i) + ");");
                writer.WriteLine("return;");
                writer.Unindent();
            }

            writer.CloseBlock();
            writer.WriteLine();
            if (record.Constructible)
            {
                writer.WriteLine("if (value.GetType() != typeof(" + type + ")) throw " + RecordJson + "UntaggedSubtype(value, " + Literals.String(record.Display) + ");");
                writer.WriteLine("writer.WriteLong(offset);");
                writer.WriteLine("WriteObject(ref writer, value);");
            }
            else
            {
                writer.WriteLine("throw " + RecordJson + "UntaggedSubtype(value, " + Literals.String(record.Display) + ");");
            }

            writer.CloseBlock();
            writer.WriteLine();
            writer.WriteLine("internal static " + type + " ReadBranch(" + readerType + ", int branch) => branch switch");
            writer.OpenBlock();
            if (record.Constructible)
            {
                writer.WriteLine("0 => ReadObject(ref reader),");
            }

            foreach (var subtype in order)
            {
                writer.WriteLine(Number(BranchOf(record, subtype)) + " => " + CodecOf(subtype.Type, "Avro") + ".ReadObject(ref reader),");
            }

            writer.WriteLine("_ => throw new global::System.FormatException(\"Union branch \" + branch + \" is not a type of " + record.Display + ".\"),");
            writer.CloseBlock(";");
        }

        if (record.Constructible)
        {
            writer.WriteLine();
            writer.WriteLine("internal static void WriteObject(" + writerType + ", " + type + " value)");
            writer.OpenBlock();
            foreach (var field in record.Fields)
            {
                AvroValue(writer, helpers, "value." + field.Property, field.Value);
            }

            writer.CloseBlock();
            writer.WriteLine();
            writer.WriteLine("internal static " + type + " ReadObject(" + readerType + ")");
            writer.OpenBlock();
            writer.WriteLine(Codecs + "RecordStack.Ensure();");
            WriteLocals(writer, record, flags: false);
            for (var i = 0; i < record.Fields.Count; i++)
            {
                var read = AvroRead(helpers, record.Fields[i].Value);
                writer.WriteLine(record.Fields[i].Binding == RecordBinding.WriteOnly ? "_ = " + read + ";" : Local(i) + " = " + read + ";");
            }

            WriteConstruction(writer, record, flags: false, "RecordAvro");
            writer.CloseBlock();
        }

        helpers.WriteTo(writer);
        writer.CloseBlock();
    }

    private static int BranchOf(RecordSpec record, SubtypeSpec subtype)
    {
        // Branches follow the order [RecordSubtype] lists them (the spec keeps most derived first for the switches).
        var listed = record.Subtypes.Select(s => s.Tag).ToList();
        return (record.Constructible ? 1 : 0) + listed.IndexOf(subtype.Tag);
    }

    /// <summary>Whether Avro writes the value as a union with null.</summary>
    private static bool AvroNullable(ValueSpec spec) => spec.Kind == RecordMemberKind.Nullable || spec.Annotated;

    private static void AvroValue(SourceWriter writer, Helpers helpers, string value, ValueSpec spec)
    {
        if (AvroNullable(spec))
        {
            writer.WriteLine(AvroWriter(helpers, spec) + "(ref writer, " + value + ");");
            return;
        }

        var notNull = spec.IsReference ? RecordAvro + "NotNull(" + value + ")" : value;
        switch (spec.Kind)
        {
            case RecordMemberKind.Boolean:
                writer.WriteLine("writer.WriteBoolean(" + value + ");");
                return;
            case RecordMemberKind.Byte or RecordMemberKind.SByte or RecordMemberKind.Int16 or RecordMemberKind.UInt16 or RecordMemberKind.Int32 or RecordMemberKind.Char:
                writer.WriteLine("writer.WriteInt(" + value + ");");
                return;
            case RecordMemberKind.UInt32 or RecordMemberKind.Int64:
                writer.WriteLine("writer.WriteLong(" + value + ");");
                return;
            case RecordMemberKind.UInt64:
                writer.WriteLine("writer.WriteLong(unchecked((long)" + value + "));");
                return;
            case RecordMemberKind.Single:
                writer.WriteLine("writer.WriteFloat(" + value + ");");
                return;
            case RecordMemberKind.Double:
                writer.WriteLine("writer.WriteDouble(" + value + ");");
                return;
            case RecordMemberKind.Decimal:
                writer.WriteLine(RecordAvro + "WriteDecimal(ref writer, " + value + ");");
                return;
            case RecordMemberKind.String:
                writer.WriteLine("writer.WriteString(" + notNull + ");");
                return;
            case RecordMemberKind.Guid:
                writer.WriteLine(RecordAvro + "WriteGuid(ref writer, " + value + ");");
                return;
            case RecordMemberKind.DateTime:
                writer.WriteLine("writer.WriteLong(" + RecordAvro + "ToMicros(" + value + "));");
                return;
            case RecordMemberKind.DateTimeOffset:
                writer.WriteLine(RecordAvro + "WriteDateTimeOffset(ref writer, " + value + ");");
                return;
            case RecordMemberKind.TimeSpan:
                writer.WriteLine("writer.WriteLong(" + value + ".Ticks);");
                return;
            case RecordMemberKind.Enum when spec.Enum!.Flags:
                writer.WriteLine("writer.WriteLong(unchecked((long)(" + spec.Enum.Underlying + ")" + value + "));");
                return;
            case RecordMemberKind.Bytes:
                writer.WriteLine("writer.WriteBytes(" + notNull + ");");
                return;
            case RecordMemberKind.Memory:
                writer.WriteLine("writer.WriteBytes(" + value + ".Span);");
                return;
            case RecordMemberKind.Record:
                writer.WriteLine(CodecOf(spec.TypeName, "Avro") + ".WriteValue(ref writer, " + notNull + ");");
                return;
            default:
                writer.WriteLine(AvroWriter(helpers, spec) + "(ref writer, " + notNull + ");");
                return;
        }
    }

    /// <summary>The helper that writes an enum symbol, a union with null, or a collection.</summary>
    private static string AvroWriter(Helpers helpers, ValueSpec spec) =>
        helpers.Get("write " + spec.TypeName, "Write", (w, name) =>
        {
            w.WriteLine();
            w.WriteLine("private static void " + name + "(ref " + Codecs + "AvroWriter writer, " + (AvroNullable(spec) ? spec.LocalType : spec.TypeName) + " value)");
            w.OpenBlock();
            if (AvroNullable(spec))
            {
                var inner = spec.Kind == RecordMemberKind.Nullable ? spec.Element! : spec with { Annotated = false, TypeName = spec.TypeName.Substring(0, spec.TypeName.Length - 1) };
                w.WriteLine("if (value is null)");
                w.OpenBlock();
                w.WriteLine("writer.WriteLong(0);");
                w.WriteLine("return;");
                w.CloseBlock();
                w.WriteLine();
                if (inner.Kind == RecordMemberKind.Record && inner.Branches > 0)
                {
                    w.WriteLine(CodecOf(inner.TypeName, "Avro") + ".WriteBranch(ref writer, value, 1);");
                }
                else
                {
                    w.WriteLine("writer.WriteLong(1);");
                    AvroValue(w, helpers, spec.Kind == RecordMemberKind.Nullable ? "value.Value" : "value", inner);
                }
            }
            else if (spec.Kind == RecordMemberKind.Enum)
            {
                var members = spec.Enum!.Members.GroupBy(m => m.Value).Select(g => g.First()).ToList();
                w.WriteLine("writer.WriteInt(value switch");
                w.OpenBlock();
                foreach (var member in members)
                {
                    w.WriteLine(spec.TypeName + "." + TypeNames.Identifier(member.Name) + " => " + Number(spec.Enum.Members.ToList().IndexOf(member)) + ",");
                }

                w.WriteLine("_ => throw " + RecordAvro + "NoSymbol(value),");
                w.CloseBlock(");");
            }
            else if (spec.Kind == RecordMemberKind.Dictionary)
            {
                w.WriteLine("if (value.Count > 0)");
                w.OpenBlock();
                w.WriteLine("writer.WriteLong(value.Count);");
                w.WriteLine("foreach (var pair in value)");
                w.OpenBlock();
                w.WriteLine("writer.WriteString(pair.Key);");
                AvroValue(w, helpers, "pair.Value", spec.Element!);
                w.CloseBlock();
                w.CloseBlock();
                w.WriteLine();
                w.WriteLine("writer.WriteLong(0);");
            }
            else
            {
                var count = spec.Kind == RecordMemberKind.List ? "Count" : "Length";
                w.WriteLine("if (value." + count + " > 0)");
                w.OpenBlock();
                w.WriteLine("writer.WriteLong(value." + count + ");");
                w.WriteLine("foreach (var item in " + Items(spec) + ")");
                w.OpenBlock();
                AvroValue(w, helpers, "item", spec.Element!);
                w.CloseBlock();
                w.CloseBlock();
                w.WriteLine();
                w.WriteLine("writer.WriteLong(0);");
            }

            w.CloseBlock();
        });

    private static string AvroRead(Helpers helpers, ValueSpec spec)
    {
        if (AvroNullable(spec))
        {
            return AvroReader(helpers, spec) + "(ref reader)";
        }

        return spec.Kind switch
        {
            RecordMemberKind.Boolean => "reader.ReadBoolean()",
            RecordMemberKind.Byte => RecordAvro + "ReadByte(ref reader)",
            RecordMemberKind.SByte => RecordAvro + "ReadSByte(ref reader)",
            RecordMemberKind.Int16 => RecordAvro + "ReadInt16(ref reader)",
            RecordMemberKind.UInt16 => RecordAvro + "ReadUInt16(ref reader)",
            RecordMemberKind.Char => RecordAvro + "ReadChar(ref reader)",
            RecordMemberKind.Int32 => "reader.ReadInt()",
            RecordMemberKind.UInt32 => RecordAvro + "ReadUInt32(ref reader)",
            RecordMemberKind.Int64 => "reader.ReadLong()",
            RecordMemberKind.UInt64 => "unchecked((ulong)reader.ReadLong())",
            RecordMemberKind.Single => "reader.ReadFloat()",
            RecordMemberKind.Double => "reader.ReadDouble()",
            RecordMemberKind.Decimal => RecordAvro + "ReadDecimal(ref reader)",
            RecordMemberKind.String => "reader.ReadString()",
            RecordMemberKind.Guid => RecordAvro + "ReadGuid(ref reader)",
            RecordMemberKind.DateTime => RecordAvro + "FromMicros(reader.ReadLong())",
            RecordMemberKind.DateTimeOffset => RecordAvro + "ReadDateTimeOffset(ref reader)",
            RecordMemberKind.TimeSpan => "new global::System.TimeSpan(reader.ReadLong())",
            RecordMemberKind.Enum when spec.Enum!.Flags => "(" + spec.TypeName + ")unchecked((" + spec.Enum.Underlying + ")reader.ReadLong())",
            RecordMemberKind.Bytes => "reader.ReadBytes()",
            RecordMemberKind.Memory => "new global::System.ReadOnlyMemory<byte>(reader.ReadBytes())",
            RecordMemberKind.Record => CodecOf(spec.TypeName, "Avro") + ".ReadValue(ref reader)",
            _ => AvroReader(helpers, spec) + "(ref reader)",
        };
    }

    /// <summary>The helper that reads an enum symbol, a union with null, or a collection.</summary>
    private static string AvroReader(Helpers helpers, ValueSpec spec) =>
        helpers.Get("read " + spec.TypeName, "Read", (w, name) =>
        {
            w.WriteLine();
            w.WriteLine("private static " + (AvroNullable(spec) ? spec.LocalType : spec.TypeName) + " " + name + "(ref " + Codecs + "AvroReader reader)");
            w.OpenBlock();
            if (AvroNullable(spec))
            {
                var inner = spec.Kind == RecordMemberKind.Nullable ? spec.Element! : spec with { Annotated = false, TypeName = spec.TypeName.Substring(0, spec.TypeName.Length - 1) };
                if (inner.Kind == RecordMemberKind.Record && inner.Branches > 0)
                {
                    w.WriteLine("var branch = reader.ReadIndex(" + Number(inner.Branches + 1) + ");");
                    w.WriteLine("return branch == 0 ? null : " + CodecOf(inner.TypeName, "Avro") + ".ReadBranch(ref reader, branch - 1);");
                }
                else
                {
                    w.WriteLine("if (reader.ReadIndex(2) == 0) return null;");
                    w.WriteLine("return " + AvroRead(helpers, inner) + ";");
                }
            }
            else if (spec.Kind == RecordMemberKind.Enum)
            {
                w.WriteLine("return reader.ReadIndex(" + Number(spec.Enum!.Members.Count) + ") switch");
                w.OpenBlock();
                for (var i = 0; i < spec.Enum.Members.Count; i++)
                {
                    w.WriteLine(Number(i) + " => " + spec.TypeName + "." + TypeNames.Identifier(spec.Enum.Members[i].Name) + ",");
                }

                w.WriteLine("_ => default,");
                w.CloseBlock(";");
            }
            else if (spec.Kind == RecordMemberKind.Dictionary)
            {
                w.WriteLine("var items = new " + Codecs + "KeyedBuffer<" + spec.Element!.TypeName + ">();");
                w.WriteLine("for (var count = reader.ReadBlockCount(); count != 0; count = reader.ReadBlockCount())");
                w.OpenBlock();
                w.WriteLine("for (var i = 0; i < count; i++)");
                w.OpenBlock();
                w.WriteLine("var key = reader.ReadString();");
                w.WriteLine("items.Add(key, " + AvroRead(helpers, spec.Element) + ");");
                w.CloseBlock();
                w.CloseBlock();
                w.WriteLine();
                w.WriteLine("return items.ToDictionary();");
            }
            else
            {
                w.WriteLine("var items = new " + Codecs + "ElementBuffer<" + spec.Element!.TypeName + ">();");
                w.WriteLine("for (var count = reader.ReadBlockCount(); count != 0; count = reader.ReadBlockCount())");
                w.OpenBlock();
                w.WriteLine("for (var i = 0; i < count; i++)");
                w.OpenBlock();
                w.WriteLine("items.Add(" + AvroRead(helpers, spec.Element) + ");");
                w.CloseBlock();
                w.CloseBlock();
                w.WriteLine();
                w.WriteLine("return items." + (spec.Kind == RecordMemberKind.List ? "ToList" : "ToArray") + "();");
            }

            w.CloseBlock();
        });
}
