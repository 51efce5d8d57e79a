using System.Text;
using FaustGen.Generators.Rules;

namespace FaustGen.Generators.Records;

internal static partial class RecordEmitter
{
    private const string MessagePack = "global::MessagePack.";
    private const string RecordMsgPack = Codecs + "RecordMsgPack.";

    private static void WriteMsgPack(SourceWriter writer, RecordSpec record)
    {
        var helpers = new Helpers();
        var type = record.Type;
        var writerType = "ref " + MessagePack + "MessagePackWriter writer";
        var readerType = "ref " + MessagePack + "MessagePackReader reader";
        writer.WriteLine("internal sealed class MsgPack : " + Codecs + "MsgPackRecordCodec<" + type + ">");
        writer.OpenBlock();
        writer.WriteLine("public static readonly MsgPack Instance = new();");
        if (!record.MsgPackArray)
        {
            for (var i = 0; i < record.Fields.Count; i++)
            {
                // The key with its MessagePack string header, written as one block.
                writer.WriteLine("private static global::System.ReadOnlySpan<byte> K" + Number(i) + " => new byte[] { " + string.Join(", ", MsgPackString(record.Fields[i].WireName).Select(b => "0x" + b.ToString("X2", System.Globalization.CultureInfo.InvariantCulture))) + " };");
            }
        }

        writer.WriteLine();
        writer.WriteLine("public override void Write(" + writerType + ", " + type + " value) => WriteValue(ref writer, value);");
        writer.WriteLine();
        writer.WriteLine("public override " + type + " Read(" + readerType + ") => ReadValue(ref reader);");

        // A polymorphic record is written as [tag, fields], with a nil tag for the base type itself.
        writer.WriteLine();
        writer.WriteLine("internal static void WriteValue(" + writerType + ", " + type + (record.IsValueType ? string.Empty : "?") + " value)");
        writer.OpenBlock();
        if (!record.IsValueType)
        {
            NullGuard(writer, "writer.WriteNil();");
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
                writer.WriteLine("writer.WriteArrayHeader(2);");
                writer.WriteLine("writer.Write(" + Literals.String(record.Subtypes[i].Tag) + ");");
                writer.WriteLine(CodecOf(subtype, "MsgPack") + ".WriteObject(ref writer, subtype" + Number(i) + ");");
                writer.WriteLine("return;");
                writer.Unindent();
            }

            writer.CloseBlock();
            writer.WriteLine();
            writer.WriteLine(record.Constructible
                ? "if (value.GetType() != typeof(" + type + ")) throw " + RecordJson + "UntaggedSubtype(value, " + Literals.String(record.Display) + ");"
                : "throw " + RecordJson + "UntaggedSubtype(value, " + Literals.String(record.Display) + ");");
            if (record.Constructible)
            {
                writer.WriteLine("writer.WriteArrayHeader(2);");
                writer.WriteLine("writer.WriteNil();");
            }
        }

        if (record.Constructible)
        {
            writer.WriteLine("WriteObject(ref writer, value);");
        }

        writer.CloseBlock();

        if (record.Constructible)
        {
            writer.WriteLine();
            writer.WriteLine("internal static void WriteObject(" + writerType + ", " + type + " value)");
            writer.OpenBlock();
            writer.WriteLine((record.MsgPackArray ? "writer.WriteArrayHeader(" : "writer.WriteMapHeader(") + Number(record.Fields.Count) + ");");
            for (var i = 0; i < record.Fields.Count; i++)
            {
                if (!record.MsgPackArray)
                {
                    writer.WriteLine("writer.WriteRaw(K" + Number(i) + ");");
                }

                MsgPackValue(writer, helpers, "value." + record.Fields[i].Property, record.Fields[i].Value);
            }

            writer.CloseBlock();
        }

        writer.WriteLine();
        writer.WriteLine("internal static " + type + " ReadValue(" + readerType + ")");
        writer.OpenBlock();
        if (!record.IsValueType)
        {
            writer.WriteLine("if (reader.TryReadNil()) return null!;");
        }

        if (record.Subtypes.Count > 0)
        {
            writer.WriteLine(RecordMsgPack + "ExpectUnion(ref reader, " + Literals.String(record.Display) + ");");
            writer.WriteLine(record.Constructible
                ? "if (reader.TryReadNil()) return ReadObject(ref reader);"
                : "if (reader.TryReadNil()) throw " + RecordMsgPack + "UnknownTag(" + Literals.String(record.Display) + ");");
            writer.WriteLine("var name = " + RecordMsgPack + "ReadKey(ref reader);");
            WriteNameSwitch(writer, record.Subtypes.Select(s => (s.Tag, (Action)(() => writer.WriteLine("return " + CodecOf(s.Type, "MsgPack") + ".ReadObject(ref reader);")))).ToList());
            writer.WriteLine("throw " + RecordMsgPack + "UnknownTag(" + Literals.String(record.Display) + ");");
        }
        else
        {
            writer.WriteLine("return ReadObject(ref reader);");
        }

        writer.CloseBlock();

        if (record.Constructible)
        {
            WriteMsgPackReadObject(writer, helpers, record, readerType);
        }

        helpers.WriteTo(writer);
        writer.CloseBlock();
    }

    private static void WriteMsgPackReadObject(SourceWriter writer, Helpers helpers, RecordSpec record, string readerType)
    {
        writer.WriteLine();
        writer.WriteLine("internal static " + record.Type + " ReadObject(" + readerType + ")");
        writer.OpenBlock();
        writer.WriteLine(Codecs + "RecordStack.Ensure();");
        WriteLocals(writer, record, flags: true);
        var readable = record.Fields.Select((f, i) => (Field: f, Index: i)).Where(f => f.Field.Binding != RecordBinding.WriteOnly).ToList();
        writer.WriteLine("var count = reader." + (record.MsgPackArray ? "ReadArrayHeader" : "ReadMapHeader") + "();");
        writer.WriteLine("for (var i = 0; i < count; i++)");
        writer.OpenBlock();
        if (record.MsgPackArray)
        {
            if (readable.Count > 0)
            {
                writer.WriteLine("switch (i)");
                writer.OpenBlock();
                foreach (var (field, index) in readable)
                {
                    writer.WriteLine("case " + Number(index) + ":");
                    writer.Indent();
                    writer.WriteLine(Local(index) + " = " + MsgPackRead(helpers, field.Value) + ";");
                    if (NeedsFlag(field))
                    {
                        writer.WriteLine(Flag(index) + " = true;");
                    }

                    writer.WriteLine("continue;");
                    writer.Unindent();
                }

                writer.CloseBlock();
            }
        }
        else
        {
            writer.WriteLine("var name = " + RecordMsgPack + "ReadKey(ref reader);");
            if (readable.Count > 0)
            {
                WriteNameSwitch(writer, readable.Select(f => (f.Field.WireName, (Action)(() =>
                {
                    writer.WriteLine(Local(f.Index) + " = " + MsgPackRead(helpers, f.Field.Value) + ";");
                    if (NeedsFlag(f.Field))
                    {
                        writer.WriteLine(Flag(f.Index) + " = true;");
                    }

                    writer.WriteLine("continue;");
                }))).ToList());
            }
        }

        writer.WriteLine("reader.Skip();");
        writer.CloseBlock();
        writer.WriteLine();
        WriteConstruction(writer, record, flags: true, "RecordMsgPack");
        writer.CloseBlock();
    }

    /// <summary>The bytes of <paramref name="text"/> as a MessagePack string: header, then UTF-8.</summary>
    private static byte[] MsgPackString(string text)
    {
        var utf8 = Encoding.UTF8.GetBytes(text);
        var header = utf8.Length switch
        {
            < 32 => new[] { (byte)(0xA0 | utf8.Length) },
            < 256 => new byte[] { 0xD9, (byte)utf8.Length },
            < 65536 => new byte[] { 0xDA, (byte)(utf8.Length >> 8), (byte)utf8.Length },
            _ => new byte[] { 0xDB, (byte)(utf8.Length >> 24), (byte)(utf8.Length >> 16), (byte)(utf8.Length >> 8), (byte)utf8.Length },
        };
        return header.Concat(utf8).ToArray();
    }

    private static void MsgPackValue(SourceWriter writer, Helpers helpers, string value, ValueSpec spec)
    {
        switch (spec.Kind)
        {
            case RecordMemberKind.Decimal:
                writer.WriteLine(RecordMsgPack + "WriteDecimal(ref writer, " + value + ");");
                return;
            case RecordMemberKind.Guid:
                writer.WriteLine(RecordMsgPack + "WriteGuid(ref writer, " + value + ");");
                return;
            case RecordMemberKind.DateTimeOffset:
                writer.WriteLine(RecordMsgPack + "WriteDateTimeOffset(ref writer, " + value + ");");
                return;
            case RecordMemberKind.TimeSpan:
                writer.WriteLine("writer.Write(" + value + ".Ticks);");
                return;
            case RecordMemberKind.Enum:
                writer.WriteLine("writer.Write((" + spec.Enum!.Underlying + ")" + value + ");");
                return;
            case RecordMemberKind.Bytes:
                writer.WriteLine(RecordMsgPack + "WriteBytes(ref writer, " + value + ");");
                return;
            case RecordMemberKind.Memory:
                writer.WriteLine("writer.Write(" + value + ".Span);");
                return;
            case RecordMemberKind.Record:
                writer.WriteLine(CodecOf(spec.TypeName, "MsgPack") + ".WriteValue(ref writer, " + value + ");");
                return;
            case RecordMemberKind.Nullable or RecordMemberKind.Array or RecordMemberKind.List or RecordMemberKind.Dictionary:
                writer.WriteLine(MsgPackWriter(helpers, spec) + "(ref writer, " + value + ");");
                return;
            default:
                writer.WriteLine("writer.Write(" + value + ");");
                return;
        }
    }

    private static string MsgPackWriter(Helpers helpers, ValueSpec spec) =>
        helpers.Get("write " + spec.TypeName, "Write", (w, name) =>
        {
            w.WriteLine();
            w.WriteLine("private static void " + name + "(ref " + MessagePack + "MessagePackWriter writer, " + spec.LocalType + " value)");
            w.OpenBlock();
            switch (spec.Kind)
            {
                case RecordMemberKind.Nullable:
                    w.WriteLine("if (value is { } present)");
                    w.OpenBlock();
                    MsgPackValue(w, helpers, "present", spec.Element!);
                    w.CloseBlock();
                    w.WriteLine("else");
                    w.OpenBlock();
                    w.WriteLine("writer.WriteNil();");
                    w.CloseBlock();
                    break;
                case RecordMemberKind.Dictionary:
                    NullGuard(w, "writer.WriteNil();");
                    w.WriteLine("writer.WriteMapHeader(value.Count);");
                    w.WriteLine("foreach (var pair in value)");
                    w.OpenBlock();
                    w.WriteLine("writer.Write(pair.Key);");
                    MsgPackValue(w, helpers, "pair.Value", spec.Element!);
                    w.CloseBlock();
                    break;
                default:
                    NullGuard(w, "writer.WriteNil();");
                    w.WriteLine("writer.WriteArrayHeader(value." + (spec.Kind == RecordMemberKind.List ? "Count" : "Length") + ");");
                    w.WriteLine("foreach (var item in " + Items(spec) + ")");
                    w.OpenBlock();
                    MsgPackValue(w, helpers, "item", spec.Element!);
                    w.CloseBlock();
                    break;
            }

            w.CloseBlock();
        });

    private static string MsgPackRead(Helpers helpers, ValueSpec spec)
    {
        var bang = spec.NeedsBang ? "!" : string.Empty;
        return spec.Kind switch
        {
            RecordMemberKind.String => "reader.ReadString()" + bang,
            RecordMemberKind.Boolean => "reader.ReadBoolean()",
            RecordMemberKind.Byte => "reader.ReadByte()",
            RecordMemberKind.SByte => "reader.ReadSByte()",
            RecordMemberKind.Int16 => "reader.ReadInt16()",
            RecordMemberKind.UInt16 => "reader.ReadUInt16()",
            RecordMemberKind.Int32 => "reader.ReadInt32()",
            RecordMemberKind.UInt32 => "reader.ReadUInt32()",
            RecordMemberKind.Int64 => "reader.ReadInt64()",
            RecordMemberKind.UInt64 => "reader.ReadUInt64()",
            RecordMemberKind.Single => "reader.ReadSingle()",
            RecordMemberKind.Double => "reader.ReadDouble()",
            RecordMemberKind.Char => "reader.ReadChar()",
            RecordMemberKind.Decimal => RecordMsgPack + "ReadDecimal(ref reader)",
            RecordMemberKind.Guid => RecordMsgPack + "ReadGuid(ref reader)",
            RecordMemberKind.DateTime => "reader.ReadDateTime()",
            RecordMemberKind.DateTimeOffset => RecordMsgPack + "ReadDateTimeOffset(ref reader)",
            RecordMemberKind.TimeSpan => RecordMsgPack + "ReadTimeSpan(ref reader)",
            RecordMemberKind.Enum => "(" + spec.TypeName + ")reader." + MsgPackNumberReader(spec.Enum!.Underlying) + "()",
            RecordMemberKind.Bytes => RecordMsgPack + "ReadBytes(ref reader)" + bang,
            RecordMemberKind.Memory => RecordMsgPack + "ReadMemory(ref reader)",
            RecordMemberKind.Record => CodecOf(spec.TypeName, "MsgPack") + ".ReadValue(ref reader)",
            _ => MsgPackReader(helpers, spec) + "(ref reader)" + bang,
        };
    }

    private static string MsgPackReader(Helpers helpers, ValueSpec spec) =>
        helpers.Get("read " + spec.TypeName, "Read", (w, name) =>
        {
            w.WriteLine();
            w.WriteLine("private static " + spec.LocalType + " " + name + "(ref " + MessagePack + "MessagePackReader reader)");
            w.OpenBlock();
            w.WriteLine("if (reader.TryReadNil()) return null;");
            switch (spec.Kind)
            {
                case RecordMemberKind.Nullable:
                    w.WriteLine("return " + MsgPackRead(helpers, spec.Element!) + ";");
                    break;
                case RecordMemberKind.Dictionary:
                    w.WriteLine("var count = reader.ReadMapHeader();");
                    w.WriteLine("var result = new global::System.Collections.Generic.Dictionary<string, " + spec.Element!.TypeName + ">(count);");
                    w.WriteLine("for (var i = 0; i < count; i++)");
                    w.OpenBlock();
                    w.WriteLine("var key = reader.ReadString() ?? throw new global::System.FormatException(\"A dictionary key is nil.\");");
                    w.WriteLine("result[key] = " + MsgPackRead(helpers, spec.Element) + ";");
                    w.CloseBlock();
                    w.WriteLine("return result;");
                    break;
                case RecordMemberKind.List:
                    w.WriteLine("var count = reader.ReadArrayHeader();");
                    w.WriteLine("var result = new global::System.Collections.Generic.List<" + spec.Element!.TypeName + ">(count);");
                    w.WriteLine("for (var i = 0; i < count; i++)");
                    w.OpenBlock();
                    w.WriteLine("result.Add(" + MsgPackRead(helpers, spec.Element) + ");");
                    w.CloseBlock();
                    w.WriteLine("return result;");
                    break;
                default:
                    w.WriteLine("var count = reader.ReadArrayHeader();");
                    w.WriteLine("var result = new " + ArrayOf(spec.Element!.TypeName, "count") + ";");
                    w.WriteLine("for (var i = 0; i < count; i++)");
                    w.OpenBlock();
                    w.WriteLine("result[i] = " + MsgPackRead(helpers, spec.Element) + ";");
                    w.CloseBlock();
                    w.WriteLine("return result;");
                    break;
            }

            w.CloseBlock();
        });

    /// <summary><c>new T[count]</c>, also when T is itself an array (<c>int[][]</c> is made as <c>new int[count][]</c>).</summary>
    private static string ArrayOf(string element, string count)
    {
        var rank = element.IndexOf('[');
        return rank < 0 ? element + "[" + count + "]" : element.Substring(0, rank) + "[" + count + "]" + element.Substring(rank);
    }

    private static string MsgPackNumberReader(string underlying) => underlying switch
    {
        "byte" => "ReadByte",
        "sbyte" => "ReadSByte",
        "short" => "ReadInt16",
        "ushort" => "ReadUInt16",
        "uint" => "ReadUInt32",
        "long" => "ReadInt64",
        "ulong" => "ReadUInt64",
        _ => "ReadInt32",
    };
}
