using System.Buffers;
using System.Text.Json;

namespace FaustGen.Codecs;

/// <summary>
/// Avro schema resolution: rewrites data written with the writer's schema into the binary layout of the reader's
/// schema (fields matched by name, reordered, dropped or filled from defaults; numbers promoted; enums matched by
/// symbol; unions matched by branch), so the generated decoder, which knows only its own schema, can read it.
/// </summary>
internal sealed class AvroResolver(AvroSchema writer, AvroSchema reader)
{
    /// <summary>Rewrites one value.</summary>
    /// <exception cref="FormatException">The data does not fit the writer's schema, or cannot be resolved into the reader's.</exception>
    public void Rewrite(ReadOnlySpan<byte> input, IBufferWriter<byte> output)
    {
        var from = new AvroReader(input);
        var to = new AvroWriter(output);
        Resolve(ref from, writer, reader, ref to);
        to.Flush();
        if (!from.End)
        {
            throw new FormatException("Unexpected bytes after the Avro value.");
        }
    }

    private static void Resolve(ref AvroReader from, AvroSchema written, AvroSchema wanted, ref AvroWriter to)
    {
        // Recursive schemas nest as deep as the data says: refuse garbage that would exhaust the stack.
        if (!System.Runtime.CompilerServices.RuntimeHelpers.TryEnsureSufficientExecutionStack())
        {
            throw new FormatException("The Avro value nests too deeply.");
        }

        if (written.Kind == AvroKind.Union)
        {
            Resolve(ref from, written.Branches[from.ReadIndex(written.Branches.Count)], wanted, ref to);
            return;
        }

        if (wanted.Kind == AvroKind.Union)
        {
            var branch = wanted.Branches.FindIndex(b => b.Kind == written.Kind && (b.FullName is null || Short(b.FullName) == Short(written.FullName!)));
            if (branch < 0)
            {
                branch = wanted.Branches.FindIndex(b => Promotes(written.Kind, b.Kind));
            }

            if (branch < 0)
            {
                throw new FormatException($"No branch of the reader's union takes the writer's {written.Kind}.");
            }

            to.WriteLong(branch);
            Resolve(ref from, written, wanted.Branches[branch], ref to);
            return;
        }

        if (written.Kind != wanted.Kind && !Promotes(written.Kind, wanted.Kind))
        {
            throw new FormatException($"The writer's {written.Kind} cannot be read as the reader's {wanted.Kind}.");
        }

        switch (wanted.Kind)
        {
            case AvroKind.Null:
                return;
            case AvroKind.Boolean:
                to.WriteBoolean(from.ReadBoolean());
                return;
            case AvroKind.Int:
                to.WriteInt(from.ReadInt());
                return;
            case AvroKind.Long:
                to.WriteLong(written.Kind == AvroKind.Int ? from.ReadInt() : from.ReadLong());
                return;
            case AvroKind.Float:
                to.WriteFloat(written.Kind switch { AvroKind.Int => from.ReadInt(), AvroKind.Long => from.ReadLong(), _ => from.ReadFloat() });
                return;
            case AvroKind.Double:
                to.WriteDouble(written.Kind switch { AvroKind.Int => from.ReadInt(), AvroKind.Long => from.ReadLong(), AvroKind.Float => from.ReadFloat(), _ => from.ReadDouble() });
                return;
            case AvroKind.Bytes:
            case AvroKind.String:
                to.WriteBytes(from.ReadSpan());
                return;
            case AvroKind.Fixed:
                if (written.Size != wanted.Size)
                {
                    throw new FormatException($"The writer's fixed of {written.Size} bytes is not the reader's {wanted.Size}.");
                }

                to.WriteRaw(from.ReadFixed(wanted.Size));
                return;
            case AvroKind.Enum:
                var symbol = written.Symbols[from.ReadIndex(written.Symbols.Count)];
                var index = wanted.Symbols.IndexOf(symbol);
                if (index < 0 && wanted.DefaultSymbol is { } fallback)
                {
                    index = wanted.Symbols.IndexOf(fallback);
                }

                to.WriteInt(index >= 0 ? index : throw new FormatException($"The reader's enum has no symbol '{symbol}'."));
                return;
            case AvroKind.Array:
            case AvroKind.Map:
                for (var count = from.ReadBlockCount(); count != 0; count = from.ReadBlockCount())
                {
                    to.WriteLong(count);
                    for (var i = 0; i < count; i++)
                    {
                        if (wanted.Kind == AvroKind.Map)
                        {
                            to.WriteBytes(from.ReadSpan());
                        }

                        Resolve(ref from, written.Items!, wanted.Items!, ref to);
                    }
                }

                to.WriteLong(0);
                return;
            default:
                ResolveRecord(ref from, written, wanted, ref to);
                return;
        }
    }

    private static void ResolveRecord(ref AvroReader from, AvroSchema written, AvroSchema wanted, ref AvroWriter to)
    {
        // Fields arrive in the writer's order and leave in the reader's: each is rewritten into a buffer of its own first.
        var values = new ArrayBufferWriter<byte>?[wanted.Fields.Count];
        foreach (var field in written.Fields)
        {
            var target = wanted.Fields.FindIndex(f => f.Name == field.Name);
            if (target < 0)
            {
                Skip(ref from, field.Schema);
                continue;
            }

            var buffer = new ArrayBufferWriter<byte>();
            var inner = new AvroWriter(buffer);
            Resolve(ref from, field.Schema, wanted.Fields[target].Schema, ref inner);
            inner.Flush();
            values[target] = buffer;
        }

        for (var i = 0; i < values.Length; i++)
        {
            if (values[i] is { } value)
            {
                to.WriteRaw(value.WrittenSpan);
            }
            else if (wanted.Fields[i].Default is { } fallback)
            {
                WriteDefault(fallback, wanted.Fields[i].Schema, ref to);
            }
            else
            {
                throw new FormatException($"The writer's schema lacks the field '{wanted.Fields[i].Name}', which has no default.");
            }
        }
    }

    private static void Skip(ref AvroReader from, AvroSchema schema)
    {
        var sink = new AvroWriter(new ArrayBufferWriter<byte>());
        Resolve(ref from, schema, schema, ref sink);
    }

    /// <summary>Writes a field's JSON default in the binary encoding of its schema (a union's default is of its first branch).</summary>
    private static void WriteDefault(JsonElement value, AvroSchema schema, ref AvroWriter to)
    {
        try
        {
            switch (schema.Kind)
            {
                case AvroKind.Null:
                    return;
                case AvroKind.Union:
                    to.WriteLong(0);
                    WriteDefault(value, schema.Branches[0], ref to);
                    return;
                case AvroKind.Boolean:
                    to.WriteBoolean(value.GetBoolean());
                    return;
                case AvroKind.Int:
                    to.WriteInt(value.GetInt32());
                    return;
                case AvroKind.Long:
                    to.WriteLong(value.GetInt64());
                    return;
                case AvroKind.Float:
                    to.WriteFloat(value.GetSingle());
                    return;
                case AvroKind.Double:
                    to.WriteDouble(value.GetDouble());
                    return;
                case AvroKind.String:
                    to.WriteString(value.GetString()!);
                    return;
                case AvroKind.Bytes:
                case AvroKind.Fixed:
                    // Avro writes bytes defaults as strings of code points 0-255.
                    var text = value.GetString()!;
                    var bytes = new byte[text.Length];
                    for (var i = 0; i < text.Length; i++)
                    {
                        bytes[i] = checked((byte)text[i]);
                    }

                    if (schema.Kind == AvroKind.Bytes)
                    {
                        to.WriteBytes(bytes);
                    }
                    else
                    {
                        to.WriteRaw(bytes);
                    }

                    return;
                case AvroKind.Enum:
                    to.WriteInt(schema.Symbols.IndexOf(value.GetString()!) is var index and >= 0 ? index : throw new FormatException("An enum default is not a symbol."));
                    return;
                case AvroKind.Array:
                    var items = value.GetArrayLength();
                    if (items > 0)
                    {
                        to.WriteLong(items);
                        foreach (var item in value.EnumerateArray())
                        {
                            WriteDefault(item, schema.Items!, ref to);
                        }
                    }

                    to.WriteLong(0);
                    return;
                case AvroKind.Map:
                    var entries = value.EnumerateObject().ToList();
                    if (entries.Count > 0)
                    {
                        to.WriteLong(entries.Count);
                        foreach (var entry in entries)
                        {
                            to.WriteString(entry.Name);
                            WriteDefault(entry.Value, schema.Items!, ref to);
                        }
                    }

                    to.WriteLong(0);
                    return;
                default:
                    foreach (var field in schema.Fields)
                    {
                        WriteDefault(value.TryGetProperty(field.Name, out var given) ? given : field.Default ?? throw new FormatException($"A record default lacks '{field.Name}'."), field.Schema, ref to);
                    }

                    return;
            }
        }
        catch (Exception ex) when (ex is InvalidOperationException or OverflowException)
        {
            throw new FormatException($"A default value does not fit its schema: {ex.Message}", ex);
        }
    }

    private static bool Promotes(AvroKind from, AvroKind to) => (from, to) switch
    {
        (AvroKind.Int, AvroKind.Long or AvroKind.Float or AvroKind.Double) => true,
        (AvroKind.Long, AvroKind.Float or AvroKind.Double) => true,
        (AvroKind.Float, AvroKind.Double) => true,
        (AvroKind.String, AvroKind.Bytes) or (AvroKind.Bytes, AvroKind.String) => true,
        _ => false,
    };

    private static string Short(string fullName) => fullName[(fullName.LastIndexOf('.') + 1)..];
}
