namespace FaustGen.Codecs;

/// <summary>The Avro body codecs of the primitive types a topic may carry as a whole key or value.</summary>
internal static class AvroPrimitiveCodecs
{
    private static readonly object String = new Primitive<string>("\"string\"", static (ref AvroWriter w, string v) => w.WriteString(v), static (ref AvroReader r) => r.ReadString());
    private static readonly object Boolean = new Primitive<bool>("\"boolean\"", static (ref AvroWriter w, bool v) => w.WriteBoolean(v), static (ref AvroReader r) => r.ReadBoolean());
    private static readonly object Int32 = new Primitive<int>("\"int\"", static (ref AvroWriter w, int v) => w.WriteInt(v), static (ref AvroReader r) => r.ReadInt());
    private static readonly object Int64 = new Primitive<long>("\"long\"", static (ref AvroWriter w, long v) => w.WriteLong(v), static (ref AvroReader r) => r.ReadLong());
    private static readonly object Single = new Primitive<float>("\"float\"", static (ref AvroWriter w, float v) => w.WriteFloat(v), static (ref AvroReader r) => r.ReadFloat());
    private static readonly object Double = new Primitive<double>("\"double\"", static (ref AvroWriter w, double v) => w.WriteDouble(v), static (ref AvroReader r) => r.ReadDouble());
    private static readonly object Bytes = new Primitive<byte[]>("\"bytes\"", static (ref AvroWriter w, byte[] v) => w.WriteBytes(v), static (ref AvroReader r) => r.ReadBytes());

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
            null;
        return codec as AvroRecordCodec<T>;
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
