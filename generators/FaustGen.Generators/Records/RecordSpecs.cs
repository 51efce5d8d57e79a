using FaustGen.Generators.Rules;

namespace FaustGen.Generators.Records;

/// <summary>A <c>[Record]</c> type the generator writes codecs for.</summary>
/// <param name="Type">The type's fully qualified name (<c>global::Ns.Order</c>).</param>
/// <param name="Namespace">The namespace, or null for the global namespace.</param>
/// <param name="ContainingTypes">Declarations of the types it is nested in, outermost first.</param>
/// <param name="Declaration">Its own partial declaration (<c>partial record Order</c>).</param>
/// <param name="Display">Its name in error messages.</param>
/// <param name="HintName">The generated file's name.</param>
/// <param name="IsValueType">Whether it is a struct.</param>
/// <param name="Constructible">Whether it can be built (false for an abstract record, read only as its subtypes).</param>
/// <param name="Fields">Its fields, in order.</param>
/// <param name="Subtypes">Its subtypes with their tags, most derived first.</param>
/// <param name="TypeTag">The JSON property of the type tag.</param>
/// <param name="MsgPackArray">Whether msgpack writes it as an array.</param>
/// <param name="Serializer">The codec name it chooses for itself, or null.</param>
/// <param name="AvroSchema">Its Avro schema, as JSON.</param>
/// <param name="JsonSchema">The JSON Schema of what its JSON codec writes.</param>
/// <param name="DerivesFromRecord">Whether a base type is a [Record] too (its generated class is hidden by this one).</param>
internal sealed record RecordSpec(
    string Type,
    string? Namespace,
    EquatableArray<string> ContainingTypes,
    string Declaration,
    string Display,
    string HintName,
    bool IsValueType,
    bool Constructible,
    EquatableArray<FieldSpec> Fields,
    EquatableArray<SubtypeSpec> Subtypes,
    string TypeTag,
    bool MsgPackArray,
    string? Serializer,
    string AvroSchema,
    string JsonSchema,
    bool DerivesFromRecord);

/// <summary>A field of a record.</summary>
/// <param name="Property">The property's name as an identifier.</param>
/// <param name="WireName">Its name in payloads.</param>
/// <param name="Value">Its type.</param>
/// <param name="Binding">How reading sets it.</param>
/// <param name="Parameter">Its position among the constructor's parameters, or -1.</param>
/// <param name="Initial">The value its local starts with when the payload lacks it (a parameter's default), or null for <c>default</c>.</param>
/// <param name="Required">Whether a payload without it does not decode.</param>
/// <param name="DeclaringType">The type that declares the property (an init accessor is bound on it).</param>
/// <param name="Display">Its type as a person reads it (<see cref="TypeNames.Display"/>).</param>
internal sealed record FieldSpec(
    string Property,
    string WireName,
    ValueSpec Value,
    RecordBinding Binding,
    int Parameter,
    string? Initial,
    bool Required,
    string DeclaringType,
    string Display);

/// <summary>The type of a field or of an element of one.</summary>
/// <param name="Kind">What it is.</param>
/// <param name="TypeName">Its fully qualified name as declared.</param>
/// <param name="Element">The element, value or underlying type of a collection or nullable.</param>
/// <param name="IsReference">Whether it is a reference type (null may appear in payloads).</param>
/// <param name="Annotated">Whether it is a reference type annotated '?'.</param>
/// <param name="Enum">The members of an enum.</param>
/// <param name="Branches">For a polymorphic record, how many types its Avro union has (0 otherwise).</param>
internal sealed record ValueSpec(
    RecordMemberKind Kind,
    string TypeName,
    ValueSpec? Element,
    bool IsReference,
    bool Annotated,
    EnumSpec? Enum,
    int Branches)
{
    /// <summary>The type of a local that may hold null while reading.</summary>
    public string LocalType => IsReference && !TypeName.EndsWith("?", StringComparison.Ordinal) ? TypeName + "?" : TypeName;

    /// <summary>A reference type written without '?', whose reads need '!' to satisfy the compiler.</summary>
    public bool NeedsBang => IsReference && !Annotated;
}

/// <summary>The members of an enum.</summary>
/// <param name="Underlying">The underlying type's keyword (<c>int</c>, <c>byte</c>, …).</param>
/// <param name="Members">The declared members, in order.</param>
/// <param name="Flags">Whether it is a <c>[Flags]</c> enum.</param>
internal sealed record EnumSpec(string Underlying, EquatableArray<EnumMemberSpec> Members, bool Flags);

/// <summary>A member of an enum.</summary>
internal sealed record EnumMemberSpec(string Name, string Value);

/// <summary>A subtype of a polymorphic record, and the tag that names it.</summary>
internal sealed record SubtypeSpec(string Type, string Tag);
