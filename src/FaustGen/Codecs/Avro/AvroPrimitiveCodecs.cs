namespace FaustGen.Codecs;

/// <summary>The Avro body codecs of the primitive types a topic may carry as a whole key or value, written as record fields of those types are.</summary>
internal static class AvroPrimitiveCodecs
{
    private static readonly object String = new Primitive<string>("\"string\"", static (ref AvroWriter w, string v) => w.WriteString(v), static (ref AvroReader r) => r.ReadString());
    private static readonly object Boolean = new Primitive<bool>("\"boolean\"", static (ref AvroWriter w, bool v) => w.WriteBoolean(v), static (ref AvroReader r) => r.ReadBoolean());
    private static readonly object Int32 = new Primitive<int>("\"int\"", static (ref AvroWriter w, int v) => w.WriteInt(v), static (ref AvroReader r) => r.ReadInt());
    private static readonly object Int64 = new Primitive<long>("\"long\"", static (ref AvroWriter w, long v) => w.WriteLong(v), static (ref AvroReader r) => r.ReadLong());
    private static readonly object Single = new Primitive<float>("\"float\"", static (ref AvroWriter w, float v) => w.WriteFloat(v), static (ref AvroReader r) => r.ReadFloat());
    private static readonly object Double = new Primitive<double>("\"double\"", static (ref AvroWriter w, double v) => w.WriteDouble(v), static (ref AvroReader r) => r.ReadDouble());
    private static readonly object Bytes = new Primitive<byte[]>("\"bytes\"", static (ref AvroWriter w, byte[] v) => w.WriteBytes(v), static (ref AvroReader r) => r.ReadBytes());
    private static readonly object Byte = new Primitive<byte>("\"int\"", static (ref AvroWriter w, byte v) => w.WriteInt(v), RecordAvro.ReadByte);
    private static readonly object SByte = new Primitive<sbyte>("\"int\"", static (ref AvroWriter w, sbyte v) => w.WriteInt(v), RecordAvro.ReadSByte);
    private static readonly object Int16 = new Primitive<short>("\"int\"", static (ref AvroWriter w, short v) => w.WriteInt(v), RecordAvro.ReadInt16);
    private static readonly object UInt16 = new Primitive<ushort>("\"int\"", static (ref AvroWriter w, ushort v) => w.WriteInt(v), RecordAvro.ReadUInt16);
    private static readonly object Char = new Primitive<char>("\"int\"", static (ref AvroWriter w, char v) => w.WriteInt(v), RecordAvro.ReadChar);
    private static readonly object UInt32 = new Primitive<uint>("\"long\"", static (ref AvroWriter w, uint v) => w.WriteLong(v), RecordAvro.ReadUInt32);
    private static readonly object UInt64 = new Primitive<ulong>("\"long\"", static (ref AvroWriter w, ulong v) => w.WriteLong(unchecked((long)v)), static (ref AvroReader r) => unchecked((ulong)r.ReadLong()));
    private static readonly object Decimal = new Primitive<decimal>("\"string\"", RecordAvro.WriteDecimal, RecordAvro.ReadDecimal);
    private static readonly object Guid = new Primitive<Guid>("{\"type\":\"string\",\"logicalType\":\"uuid\"}", RecordAvro.WriteGuid, RecordAvro.ReadGuid);
    private static readonly object DateTime = new Primitive<DateTime>(
        "{\"type\":\"long\",\"logicalType\":\"timestamp-micros\"}", static (ref AvroWriter w, DateTime v) => w.WriteLong(RecordAvro.ToMicros(v)), static (ref AvroReader r) => RecordAvro.FromMicros(r.ReadLong()));

    private static readonly object DateTimeOffset = new Primitive<DateTimeOffset>("\"string\"", RecordAvro.WriteDateTimeOffset, RecordAvro.ReadDateTimeOffset);
    private static readonly object TimeSpan = new Primitive<TimeSpan>("\"long\"", static (ref AvroWriter w, TimeSpan v) => w.WriteLong(v.Ticks), static (ref AvroReader r) => new TimeSpan(r.ReadLong()));

    public static AvroRecordCodec<T>? For<T>()
    {
        var codec =
            typeof(T) == typeof(string) ? String :
            typeof(T) == typeof(bool) ? Boolean :
            typeof(T) == typeof(int) ? Int32 :
            typeof(T) == typeof(long) ? Int64 :
            typeof(T) == typeof(float) ? Single :
            typeof(T) == typeof(double) ? Double :
            typeof(T) == typeof(byte[]) ? Bytes :
            typeof(T) == typeof(byte) ? Byte :
            typeof(T) == typeof(sbyte) ? SByte :
            typeof(T) == typeof(short) ? Int16 :
            typeof(T) == typeof(ushort) ? UInt16 :
            typeof(T) == typeof(char) ? Char :
            typeof(T) == typeof(uint) ? UInt32 :
            typeof(T) == typeof(ulong) ? UInt64 :
            typeof(T) == typeof(decimal) ? Decimal :
            typeof(T) == typeof(Guid) ? Guid :
            typeof(T) == typeof(DateTime) ? DateTime :
            typeof(T) == typeof(DateTimeOffset) ? DateTimeOffset :
            typeof(T) == typeof(TimeSpan) ? TimeSpan :
            null;
        return codec as AvroRecordCodec<T> ?? (typeof(T).IsEnum ? new EnumSymbols<T>() : null);
    }

    /// <summary>An enum as an Avro enum of its names (a value with no name cannot be written).</summary>
    private sealed class EnumSymbols<T> : AvroRecordCodec<T>
    {
        private readonly string[] names = Enum.GetNames(typeof(T));

        public override string Schema =>
            "{\"type\":\"enum\",\"name\":\"" + typeof(T).Name + "\"" +
            (typeof(T).Namespace is { } space ? ",\"namespace\":\"" + space + "\"" : string.Empty) +
            ",\"symbols\":[" + string.Join(",", names.Select(n => "\"" + n + "\"")) + "]}";

        public override void Write(ref AvroWriter writer, T value)
        {
            var index = Array.IndexOf(names, Enum.GetName(typeof(T), value!));
            writer.WriteInt(index >= 0 ? index : throw new ArgumentException($"{typeof(T).Name} {value} is not one of its symbols, so Avro cannot write it.", nameof(value)));
        }

        public override T Read(ref AvroReader reader) => (T)Enum.Parse(typeof(T), names[reader.ReadIndex(names.Length)]);
    }

    private sealed class Primitive<T>(string schema, Primitive<T>.Writer write, Primitive<T>.Reader read) : AvroRecordCodec<T>
    {
        public delegate void Writer(ref AvroWriter writer, T value);

        public delegate T Reader(ref AvroReader reader);

        public override string Schema => schema;

        public override void Write(ref AvroWriter writer, T value) => write(ref writer, value);

        public override T Read(ref AvroReader reader) => read(ref reader);
    }
}
