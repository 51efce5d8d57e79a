using FaustGen.Codecs;

namespace FaustGen;

/// <summary>
/// Marks a <c>partial</c> class, record or struct as a record (Faust's <c>faust.Record</c>): the source generator
/// writes its <c>json</c>, <c>msgpack</c> and <c>avro</c> codecs at build time, so <c>Codec.Json.For&lt;T&gt;()</c>
/// and the others return them without reflection.
/// </summary>
/// <remarks>
/// <para>Every public instance property with a public getter is a field of the record, named as declared unless
/// <see cref="RecordFieldAttribute">[RecordField]</see> renames it. A record is built through its public
/// parameterless constructor, or through its only public constructor (positional records), whose parameters bind
/// to the properties of the same name; other properties are set when their public <c>set</c> or <c>init</c>
/// accessor exists.</para>
/// <para>A field is required when it is a <c>required</c> member or a constructor parameter without a default
/// value: a payload without it does not decode. A missing optional field keeps the property's declared value (or
/// the parameter's default).</para>
/// <para>See docs/codecs.md for the supported member types and the wire format of each codec.</para>
/// </remarks>
[AttributeUsage(AttributeTargets.Class | AttributeTargets.Struct, AllowMultiple = false, Inherited = false)]
public sealed class RecordAttribute : Attribute
{
    /// <summary>
    /// The codec name (for example <c>msgpack</c> or <c>json|binary</c>) used for this record where a topic names none;
    /// it takes precedence over the app's <see cref="AppSettings.KeySerializer"/> and <see cref="AppSettings.ValueSerializer"/>.
    /// </summary>
    public string? Serializer { get; set; }

    /// <summary>How the <c>msgpack</c> codec lays out the record's fields (default <see cref="MsgPackLayout.Map"/>).</summary>
    public MsgPackLayout MsgPackLayout { get; set; }

    /// <summary>
    /// The name of the property that carries the type tag of a polymorphic record (one with
    /// <see cref="RecordSubtypeAttribute">[RecordSubtype]</see>s) in JSON. Default <c>$type</c>, as System.Text.Json.
    /// </summary>
    public string? TypeTag { get; set; }
}
